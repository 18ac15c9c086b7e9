using Mediator;

namespace OrleansCrm.Billing.Contracts;

/// <summary>
/// A Draft invoice for a deal (a sales stage robot): the lines of the client's active contract (its terms this month), or,
/// when it has none, one line of the deal's amount. <paramref name="Key"/> makes it idempotent: the same key again
/// answers the invoice made the first time. Null when there is nothing to bill (no active contract and no amount).
/// </summary>
public sealed record DraftInvoiceFromContract(Guid ClientId, Guid DealId, decimal? Amount, string? DealTitle, string Key) : ICommand<DraftedInvoice?>;

public sealed record DraftedInvoice(Guid InvoiceId, decimal Total);
