using OrleansCrm.BuildingBlocks.LiveFeed;

namespace OrleansCrm.Billing.Contracts;

/// <summary>
/// The wall's money figures after a change (a document issued or cancelled, a payment imported or matched), in hryvnias,
/// as <c>GET /api/billing/summary</c> computes them; the hub sends it as <c>moneyChanged</c> to Directors and SalesHeads
/// only. Every event carries the whole set: a screen replaces its figures when <see cref="At"/> is newer than its own.
/// </summary>
/// <param name="CashToday">Payments received today (the company's calendar day).</param>
/// <param name="CashMonth">Payments received since the 1st, today included.</param>
/// <param name="InvoicedMonth">Invoices issued since the 1st, not cancelled: their totals.</param>
/// <param name="PaidMonth">What has been paid so far of those invoices (their allocations).</param>
/// <param name="Expected7">Open invoices' amounts due today or in the next 6 days (overdue ones not included).</param>
/// <param name="Expected30">The same for 30 days.</param>
/// <param name="Overdue">Open invoices' amounts past their due date: counted apart from the expected receipts.</param>
/// <param name="At">When the figures were read.</param>
[GenerateSerializer, Immutable]
public sealed record MoneyChanged(
    [property: Id(0)] decimal CashToday,
    [property: Id(1)] decimal CashMonth,
    [property: Id(2)] decimal InvoicedMonth,
    [property: Id(3)] decimal PaidMonth,
    [property: Id(4)] decimal Expected7,
    [property: Id(5)] decimal Expected30,
    [property: Id(6)] decimal Overdue,
    [property: Id(7)] DateTimeOffset At) : ILiveEvent
{
    /// <summary>The hub message that carries it (the wire contract; Billing declares its route).</summary>
    public const string HubMessage = "moneyChanged";
}
