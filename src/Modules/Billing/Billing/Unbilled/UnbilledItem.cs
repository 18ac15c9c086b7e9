namespace OrleansCrm.Billing.Unbilled;

/// <summary>Where an unbilled-work item comes from. Stored by number (<c>billing.unbilled_items.source</c>): keep every value.</summary>
public enum UnbilledSource
{
    /// <summary>A billable ticket resolved; keyed by the ticket's id.</summary>
    Ticket = 0,

    /// <summary>Hours logged in a month beyond a contract's included hours; keyed by the contract's id and the month.</summary>
    HoursOver = 1,

    /// <summary>
    /// The monthly fee for days of a month that came back into force after the month was run (a contract resumed); keyed
    /// by the contract, the month and the days (<c>{contract id}/2026-12/20-31</c>).
    /// </summary>
    FeeDays = 2,
}

/// <summary>What became of an item: still to invoice, a line on an invoice, or written off with a reason.</summary>
public enum UnbilledStatus
{
    Open = 0,
    Invoiced = 1,
    WrittenOff = 2,
}

/// <summary>
/// Paid work nobody has invoiced yet, as the head of sales sees it. <see cref="Description"/> is the invoice line's text
/// (Ukrainian, as documents print); screens word the item from <see cref="Source"/>, <see cref="TicketNumber"/> and
/// <see cref="Period"/>. <see cref="Price"/> is per unit, in hryvnias (the contract's extra-hour rate), null when the
/// invoice sets it.
/// </summary>
public sealed record UnbilledItem(
    Guid Id,
    UnbilledSource Source,
    Guid ClientId,
    Guid? ContractId,
    Guid? TicketId,
    DateOnly? Period,
    string Description,
    decimal Quantity,
    string Unit,
    decimal? Price,
    DateTimeOffset FoundAt,
    UnbilledStatus Status,
    Guid? InvoiceId,
    DateTimeOffset? WrittenOffAt,
    string? WrittenOffBy,
    string? WriteOffReason);

public sealed record UnbilledPage(IReadOnlyList<UnbilledItem> Items, int Total, int Page, int PageSize);

/// <summary>An item as the sync finds it, before it is stored: what <see cref="UnbilledWorkSync"/> upserts by (source, key).</summary>
public sealed record UnbilledCandidate(
    UnbilledSource Source,
    string SourceKey,
    Guid ClientId,
    Guid? ContractId,
    Guid? TicketId,
    DateOnly? Period,
    string Description,
    decimal Quantity,
    string Unit,
    decimal? Price);
