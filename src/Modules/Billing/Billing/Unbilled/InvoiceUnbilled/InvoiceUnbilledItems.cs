using System.Text.Json.Serialization;
using FluentValidation;
using Mediator;
using OrleansCrm.Agreements.Contracts;
using OrleansCrm.Billing.Documents;
using OrleansCrm.Billing.Money;
using OrleansCrm.Billing.Texts;
using OrleansCrm.BuildingBlocks.Audit;
using OrleansCrm.BuildingBlocks.Calendar;
using OrleansCrm.BuildingBlocks.Errors;
using OrleansCrm.BuildingBlocks.Ids;
using OrleansCrm.BuildingBlocks.Money;
using OrleansCrm.BuildingBlocks.Security;
using OrleansCrm.BuildingBlocks.Texts;

namespace OrleansCrm.Billing.Unbilled.InvoiceUnbilled;

/// <summary>One invoice line for one unbilled item: prefilled by <see cref="PrepareUnbilledInvoice"/>, edited, sent back.</summary>
public sealed record UnbilledInvoiceLine(Guid ItemId, string Service, decimal Quantity, string Unit, decimal Price, int? VatRate) : ILineInput
{
    public DocumentLine ToLine() => new(Service.Trim(), Quantity, Unit.Trim(), Price, VatRate);
}

/// <summary>
/// The lines "Invoice selected" proposes for one client's items, priced from <see cref="ContractNumber"/> (null: no
/// contract in force, the prices are 0 to be set).
/// </summary>
public sealed record UnbilledInvoiceDraft(Guid ClientId, Guid? ContractId, string? ContractNumber, bool PricesIncludeVat, IReadOnlyList<UnbilledInvoiceLine> Lines);

/// <summary>
/// The pricing rule of invoiced unbilled work (module README, "Decisions"); pure, so tests call it with any contracts.
/// </summary>
public static class UnbilledPricing
{
    /// <summary>VAT of a line when the client has no contract in force to say: the standard rate.</summary>
    public const int DefaultVatRate = 20;

    /// <summary>
    /// The client's contract in force on <paramref name="today"/> that prices its extra work: one with an extra-hour rate
    /// first, then the most included hours, then the earliest start (as hours over are assigned).
    /// </summary>
    public static BillableContract? InForce(IEnumerable<BillableContract> contracts, DateOnly today) =>
        contracts.Where(c => c.Status == ContractStatus.Active && c.StartsOn <= today && (c.EndsOn is null || c.EndsOn >= today))
            .OrderByDescending(c => c.Terms.ExtraHourRate > 0).ThenByDescending(c => c.Terms.IncludedHours).ThenBy(c => c.StartsOn).ThenBy(c => c.ContractId)
            .FirstOrDefault();

    /// <summary>
    /// An item's line. Hours over: the hours at the rate stored with the item (the contract's extra-hour rate that month),
    /// VAT of the item's own contract; the fee for days, likewise at its stored (prorated) price. A resolved ticket: one service priced at the rate times its logged hours (× 1 when
    /// nobody logged time), VAT of the contract in force. No contract: price 0 and the standard VAT, for a person to set.
    /// </summary>
    public static UnbilledInvoiceLine Line(UnbilledItem item, BillableContract? inForce, IReadOnlyCollection<BillableContract> clientContracts)
    {
        if (item.Source is UnbilledSource.HoursOver or UnbilledSource.FeeDays)
        {
            var own = clientContracts.FirstOrDefault(c => c.ContractId == item.ContractId) ?? inForce;
            return new UnbilledInvoiceLine(item.Id, item.Description, item.Quantity, item.Unit,
                item.Price ?? own?.Terms.ExtraHourRate ?? 0m, own is null ? DefaultVatRate : own.Terms.VatRate);
        }

        var rate = inForce?.Terms.ExtraHourRate ?? 0m;
        return new UnbilledInvoiceLine(item.Id, item.Description, 1m, UnbilledWork.ServiceUnit,
            Hryvnias.Round(rate * item.Quantity), inForce is null ? DefaultVatRate : inForce.Terms.VatRate);
    }
}

/// <summary>The draft lines for the selected items: all open and of one client (several clients: 400 on itemIds).</summary>
public sealed record PrepareUnbilledInvoice(IReadOnlyList<Guid> ItemIds) : IQuery<UnbilledInvoiceDraft>
{
    [JsonIgnore]
    public Caller Caller { get; init; } = new("nobody", [], null);
}

public sealed class PrepareUnbilledInvoiceValidator : AbstractValidator<PrepareUnbilledInvoice>
{
    public PrepareUnbilledInvoiceValidator()
    {
        RuleFor(q => q.ItemIds).NotEmpty().Must(ids => ids is null || ids.Count <= InvoiceUnbilledItemsValidator.MaxLines)
            .WithText(BillingTexts.Code("UnbilledTooMany"), InvoiceUnbilledItemsValidator.MaxLines);
        RuleForEach(q => q.ItemIds).NotEmpty();
    }
}

/// <summary>
/// Invoices unbilled items as ONE draft invoice of their client, a line per item (<see cref="UnbilledInvoiceLine"/>),
/// with the contract in force as its basis. The items become invoiced, linked to their lines, in the invoice's
/// transaction. With an <see cref="IdempotencyKey"/> the invoice's id comes from the key, so a retried request answers
/// the invoice it made and makes nothing twice.
/// </summary>
public sealed record InvoiceUnbilledItems(IReadOnlyList<UnbilledInvoiceLine> Lines) : ICommand<CreatedDocument>
{
    [JsonIgnore]
    public Caller Caller { get; init; } = new("nobody", [], null);

    [JsonIgnore]
    public string? IdempotencyKey { get; init; }
}

public sealed class InvoiceUnbilledItemsValidator : AbstractValidator<InvoiceUnbilledItems>
{
    public const int MaxLines = 200;

    public InvoiceUnbilledItemsValidator()
    {
        RuleFor(c => c.Lines).NotEmpty().Must(lines => lines is null || lines.Count <= MaxLines).WithText(BillingTexts.Code("UnbilledTooMany"), MaxLines)
            .Must(lines => lines is null || lines.Where(l => l is not null).Select(l => l.ItemId).Distinct().Count() == lines.Count(l => l is not null))
            .WithText(BillingTexts.Code("UnbilledItemRepeated"));
        RuleForEach(c => c.Lines).NotNull().SetValidator(new UnbilledInvoiceLineValidator());
        RuleFor(c => c.IdempotencyKey).MaximumLength(200);
    }
}

public sealed class UnbilledInvoiceLineValidator : LineInputRules<UnbilledInvoiceLine>
{
    public UnbilledInvoiceLineValidator()
    {
        RuleFor(l => l.ItemId).NotEmpty();
    }
}

public sealed class InvoiceUnbilledHandlers(
    UnbilledStore items, DocumentStore documents, BillingClients clients, ISender sender, CompanyCalendar calendar, TimeProvider time) :
    IQueryHandler<PrepareUnbilledInvoice, UnbilledInvoiceDraft>,
    ICommandHandler<InvoiceUnbilledItems, CreatedDocument>
{
    public async ValueTask<UnbilledInvoiceDraft> Handle(PrepareUnbilledInvoice query, CancellationToken cancellationToken)
    {
        UnbilledAccess.Ensure(query.Caller);
        var (clientId, selected) = await OpenOfOneClientAsync(query.ItemIds, "itemIds", cancellationToken);
        var contracts = await sender.Send(new ListClientContracts(clientId), cancellationToken);
        var inForce = UnbilledPricing.InForce(contracts, calendar.Today);
        var byId = selected.ToDictionary(i => i.Id);
        return new UnbilledInvoiceDraft(clientId, inForce?.ContractId, inForce?.Number, inForce?.Terms.PricesIncludeVat ?? false,
            [.. query.ItemIds.Distinct().Select(id => UnbilledPricing.Line(byId[id], inForce, [.. contracts]))]);
    }

    public async ValueTask<CreatedDocument> Handle(InvoiceUnbilledItems command, CancellationToken cancellationToken)
    {
        UnbilledAccess.Ensure(command.Caller);
        var id = command.IdempotencyKey is { Length: > 0 } key
            ? DeterministicGuid.Create("billing/invoice-unbilled", command.Caller.UserName + "\n" + key)
            : Guid.NewGuid();
        if (command.IdempotencyKey is { Length: > 0 } && await documents.GetAsync(id, cancellationToken) is { } made)
        {
            return Created(made);
        }

        var (clientId, _) = await OpenOfOneClientAsync([.. command.Lines.Select(l => l.ItemId)], "lines", cancellationToken);
        var client = await clients.GetAsync(clientId) ?? throw new NotFoundException(BillingTexts.Say("RunClientMissing", clientId.ToString()));
        var contract = UnbilledPricing.InForce(await sender.Send(new ListClientContracts(clientId), cancellationToken), calendar.Today);
        var today = calendar.Today;
        var document = new NewDocument(DocumentKind.Invoice, clientId, contract?.ContractId, null, today, BillingOptions.DueOn(today, documents.Company.PaymentDays),
            [.. command.Lines.Select(l => l.ToLine())], contract?.Terms.PricesIncludeVat ?? false, client.Buyer,
            contract is null ? null : new DocumentBasis(contract.Number, contract.SignedOn));

        await using (var connection = await documents.Db.OpenAsync())
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
        {
            // Nothing inserted: the same key's request stored this invoice a moment ago (it waited on the id): answer it.
            if (!await documents.InsertAsync(connection, transaction, id, document, cancellationToken))
            {
                await transaction.RollbackAsync(cancellationToken);
                return Created(await documents.GetAsync(id, cancellationToken) ?? throw new ConflictException(BillingTexts.Say("UnbilledNotOpen")));
            }

            await items.MarkInvoicedAsync(connection, transaction, id, clientId, [.. command.Lines.Select((l, i) => (l.ItemId, (int?)i))],
                AuditContext.Current ?? new AuditActor(null, command.Caller.UserName), time.GetUtcNow(), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        return Created((await documents.GetAsync(id, cancellationToken))!);
    }

    private static CreatedDocument Created(StoredDocument document) => new(document.ClientId, document.Id, document.Number, document.Status, document.Total);

    /// <summary>The items, each existing (404) and open (409), all of one client (400 on <paramref name="field"/>).</summary>
    private async Task<(Guid ClientId, IReadOnlyList<UnbilledItem> Items)> OpenOfOneClientAsync(IReadOnlyList<Guid> ids, string field, CancellationToken cancellationToken)
    {
        var found = await items.GetManyAsync([.. ids.Distinct()], cancellationToken);
        foreach (var id in ids.Where(id => found.All(i => i.Id != id)).Take(1))
        {
            throw new NotFoundException(BillingTexts.Say("UnbilledNotFound", id.ToString()));
        }

        var clientIds = found.Select(i => i.ClientId).Distinct().ToList();
        if (clientIds.Count > 1)
        {
            throw new ValidationException([BillingTexts.Failure(field, BillingTexts.Say("UnbilledSeveralClients", clientIds.Count))]);
        }

        if (found.FirstOrDefault(i => i.Status != UnbilledStatus.Open) is { } settled)
        {
            throw new ConflictException(BillingTexts.Say("UnbilledAlreadySettled", BillingTexts.Label(settled.Status)));
        }

        return (clientIds[0], found);
    }
}
