using FluentValidation;
using Mediator;
using Microsoft.Extensions.Options;
using OrleansCrm.Billing.Money;
using OrleansCrm.Billing.Storage;
using OrleansCrm.Billing.Texts;
using OrleansCrm.Billing.Unbilled;
using OrleansCrm.BuildingBlocks.Audit;
using OrleansCrm.BuildingBlocks.Calendar;
using OrleansCrm.BuildingBlocks.Errors;
using OrleansCrm.BuildingBlocks.Texts;

namespace OrleansCrm.Billing.Documents;

/// <summary>What every document line given to the API has, whatever else comes with it (an unbilled item's id).</summary>
public interface ILineInput
{
    string Service { get; }

    decimal Quantity { get; }

    string Unit { get; }

    decimal Price { get; }

    int? VatRate { get; }
}

/// <summary>A line as the API takes it: VAT rate 20, 7, 0 or null (exempt).</summary>
public sealed record LineInput(string Service, decimal Quantity, string Unit, decimal Price, int? VatRate) : ILineInput
{
    public DocumentLine ToLine() => new(Service.Trim(), Quantity, Unit.Trim(), Price, VatRate);
}

/// <summary>
/// <c>POST /api/invoices</c>: a manual invoice for one client (<see cref="ClientId"/>, a draft unless <see cref="Issue"/>),
/// or mass invoicing (<see cref="ClientIds"/>: one issued invoice per client with the same lines, each client in its
/// own transaction, all or nothing per client, each listed). <see cref="UnbilledItemIds"/> (one client only) marks those
/// open unbilled-work items as invoiced in the invoice's transaction; an item that is not that client's, or no longer
/// open, refuses the whole invoice (409).
/// </summary>
public sealed record CreateInvoices(
    MoneyCaller Caller,
    Guid? ClientId,
    IReadOnlyList<Guid>? ClientIds,
    IReadOnlyList<LineInput> Lines,
    bool? Issue = null,
    bool PricesIncludeVat = false,
    Guid? ContractId = null,
    string? Note = null,
    IReadOnlyList<Guid>? UnbilledItemIds = null,
    DocumentKind Kind = DocumentKind.Invoice) : ICommand<InvoicingResult>;

public sealed record CreatedDocument(Guid ClientId, Guid Id, string? Number, DocumentStatus Status, decimal Total);

public sealed record ClientFailure(Guid ClientId, string Reason);

public sealed record InvoicingResult(IReadOnlyList<CreatedDocument> Created, IReadOnlyList<ClientFailure> Failed);

public sealed class CreateInvoicesValidator : AbstractValidator<CreateInvoices>
{
    public const int MaxClients = 2000;

    public CreateInvoicesValidator()
    {
        RuleFor(c => c.ClientId).NotNull().When(c => c.ClientIds is null).WithText(BillingTexts.Code("ClientRequired"));
        RuleFor(c => c.ClientIds).Null().When(c => c.ClientId is not null).WithText(BillingTexts.Code("ClientOrClients"));
        RuleFor(c => c.ClientIds!).NotEmpty().Must(ids => ids.Count <= MaxClients).WithText(BillingTexts.Code("TooManyClients"), MaxClients)
            .Must(ids => ids.Distinct().Count() == ids.Count && !ids.Contains(Guid.Empty)).WithText(BillingTexts.Code("ClientsRepeated"))
            .When(c => c.ClientIds is not null);
        RuleFor(c => c.UnbilledItemIds).Null().When(c => c.ClientIds is not null).WithText(BillingTexts.Code("UnbilledOneClient"));
        RuleFor(c => c.Kind).IsInEnum().NotEqual(DocumentKind.Act).WithText(BillingTexts.Code("KindNotManual"));
        RuleFor(c => c.Note).MaximumLength(1000);
        RuleFor(c => c.Lines).NotEmpty().Must(l => l is null || l.Count <= 200);
        RuleForEach(c => c.Lines).NotNull().SetValidator(new LineInputValidator());
        RuleForEach(c => c.UnbilledItemIds).NotEmpty();
    }
}

public sealed class LineInputValidator : LineInputRules<LineInput>;

/// <summary>The rules of a document line, for any input that carries one.</summary>
public abstract class LineInputRules<T> : AbstractValidator<T> where T : ILineInput
{
    protected LineInputRules()
    {
        RuleFor(l => l.Service).NotEmpty().MaximumLength(500);
        RuleFor(l => l.Unit).NotEmpty().MaximumLength(20);
        RuleFor(l => l.Quantity).GreaterThan(0).LessThan(1_000_000);
        RuleFor(l => l.Price).GreaterThanOrEqualTo(0).LessThan(1_000_000_000);
        RuleFor(l => l.VatRate).Must(VatRates.IsAllowed).WithText(BillingTexts.Code("VatRateInvalid"));
    }
}

public sealed class CreateInvoicesHandler(
    DocumentStore store, BillingClients clients, DocumentAccess access, CompanyCalendar calendar, UnbilledStore unbilledItems, TimeProvider time)
    : ICommandHandler<CreateInvoices, InvoicingResult>
{
    public async ValueTask<InvoicingResult> Handle(CreateInvoices command, CancellationToken cancellationToken)
    {
        var mass = command.ClientIds is not null;
        if (mass && !command.Caller.SeesAll)
        {
            throw new ForbiddenException(BillingTexts.Say("MassInvoicingNotAllowed"));
        }

        var issue = command.Issue ?? mass;
        var today = calendar.Today;
        var lines = command.Lines.Select(l => l.ToLine()).ToList();
        var created = new List<CreatedDocument>();
        var failed = new List<ClientFailure>();
        foreach (var clientId in command.ClientIds ?? [command.ClientId!.Value])
        {
            if (!mass)
            {
                await access.CheckAsync(command.Caller, clientId);
            }

            try
            {
                var client = await clients.GetAsync(clientId);
                if (client is null)
                {
                    throw new NotFoundException(BillingTexts.Say("RunClientMissing", clientId.ToString()));
                }

                if (issue && string.IsNullOrWhiteSpace(client.TaxId))
                {
                    throw new ConflictException(BillingTexts.Say("RunClientNoTaxId", client.Name));
                }

                var dueOn = command.Kind == DocumentKind.Invoice ? BillingOptions.DueOn(today, store.Company.PaymentDays) : (DateOnly?)null;
                var document = new NewDocument(command.Kind, clientId, command.ContractId, null, today, dueOn, lines, command.PricesIncludeVat, client.Buyer, null, command.Note);
                var stored = await CreateAsync(document, issue, command.UnbilledItemIds, cancellationToken);
                created.Add(new CreatedDocument(clientId, stored.Id, stored.Number, stored.Status, stored.Total));
            }
            catch (CrmException exception) when (mass)
            {
                failed.Add(new ClientFailure(clientId, exception.Localized()));
            }
        }

        if (created.Any(c => c.Status != DocumentStatus.Draft))
        {
            store.MoneyChanged();
        }

        return new InvoicingResult(created, failed);
    }

    private async Task<StoredDocument> CreateAsync(NewDocument document, bool issue, IReadOnlyList<Guid>? unbilled, CancellationToken cancellationToken)
    {
        var id = Guid.NewGuid();
        var db = store.Db;
        await using (var connection = await db.OpenAsync())
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
        {
            await store.InsertAsync(connection, transaction, id, document, cancellationToken);
            if (issue)
            {
                await store.IssueAsync(connection, transaction, id, document.Kind, 1, document.IssuedOn, document.DueOn, cancellationToken);
            }

            if (unbilled is { Count: > 0 })
            {
                await unbilledItems.MarkInvoicedAsync(connection, transaction, id, document.ClientId, [.. unbilled.Distinct().Select(item => (item, (int?)null))],
                    AuditContext.Current ?? AuditActor.Product, time.GetUtcNow(), cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }

        return (await store.GetAsync(id, cancellationToken))!;
    }
}
