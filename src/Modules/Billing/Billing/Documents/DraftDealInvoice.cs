using FluentValidation;
using Mediator;
using Microsoft.Extensions.Options;
using OrleansCrm.Agreements.Contracts;
using OrleansCrm.Billing.Contracts;
using OrleansCrm.Billing.Money;
using OrleansCrm.Billing.MonthlyRun;
using OrleansCrm.Billing.Texts;
using OrleansCrm.BuildingBlocks.Calendar;
using OrleansCrm.BuildingBlocks.Errors;
using OrleansCrm.BuildingBlocks.Ids;

namespace OrleansCrm.Billing.Documents;

public sealed class DraftInvoiceFromContractValidator : AbstractValidator<DraftInvoiceFromContract>
{
    public DraftInvoiceFromContractValidator()
    {
        RuleFor(c => c.ClientId).NotEmpty();
        RuleFor(c => c.Amount).Must(a => a is null || (a >= 0 && a < 1_000_000_000m && BuildingBlocks.Money.Hryvnias.IsWholeKopiykas(a.Value)));
        RuleFor(c => c.Key).NotEmpty().MaximumLength(200);
        RuleFor(c => c.DealTitle).MaximumLength(300);
    }
}

/// <summary>
/// The draft for a deal, on the document store: its id comes from the key, so a robot run twice finds the first draft
/// (the insert does nothing) instead of making another. A draft has no number and moves no money: no money notice.
/// </summary>
public sealed class DraftInvoiceFromContractHandler(DocumentStore store, BillingClients clients, ISender sender, CompanyCalendar calendar)
    : ICommandHandler<DraftInvoiceFromContract, DraftedInvoice?>
{
    public async ValueTask<DraftedInvoice?> Handle(DraftInvoiceFromContract command, CancellationToken cancellationToken)
    {
        var id = DeterministicGuid.Create("billing/deal-invoice", command.Key);
        if (await store.GetAsync(id, cancellationToken) is { } made)
        {
            return new DraftedInvoice(made.Id, made.Total);
        }

        var client = await clients.GetAsync(command.ClientId) ?? throw new NotFoundException(BillingTexts.Say("RunClientMissing", command.ClientId.ToString()));
        var today = calendar.Today;
        var month = new DateOnly(today.Year, today.Month, 1);
        var contract = (await sender.Send(new ListClientContracts(command.ClientId), cancellationToken)).FirstOrDefault(c => c.Status == ContractStatus.Active);
        IReadOnlyList<DocumentLine>? lines = contract is null ? null : ContractBilling.Lines(contract, month, out _, out _);
        var pricesIncludeVat = contract?.Terms.PricesIncludeVat ?? false;
        if (lines is null)
        {
            if (command.Amount is not > 0)
            {
                return null;
            }

            // The deal's amount is what the client pays: VAT inside it when the company charges VAT.
            lines = [new DocumentLine(command.DealTitle ?? "", 1, "посл.", command.Amount.Value, store.Company.VatPayer ? 20 : null)];
            pricesIncludeVat = true;
        }

        var document = new NewDocument(DocumentKind.Invoice, command.ClientId, contract?.ContractId, null, today,
            BillingOptions.DueOn(today, store.Company.PaymentDays), lines, pricesIncludeVat, client.Buyer, null, command.DealTitle);
        await using (var connection = await store.Db.OpenAsync())
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
        {
            await store.InsertAsync(connection, transaction, id, document, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        var stored = await store.GetAsync(id, cancellationToken) ?? throw new InvalidOperationException("A document just stored is missing.");
        return new DraftedInvoice(stored.Id, stored.Total);
    }
}
