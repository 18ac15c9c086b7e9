using OrleansCrm.BuildingBlocks.LiveFeed;

namespace OrleansCrm.Sales.Contracts;

/// <summary>
/// The wall's plan figures for the month after a change (a deal won or lost, an invoice paid, plans set), in hryvnias, for
/// the company: the hub sends it as <c>planChanged</c>. Every event carries the whole set: a screen replaces its figures
/// when <see cref="At"/> is newer than its own, and re-reads the per-manager lines (<c>GET /api/reports/plan</c>).
/// </summary>
/// <param name="Period">The month, <c>yyyy-MM</c>.</param>
/// <param name="WonToday">How many deals were won today (the company's calendar day).</param>
[GenerateSerializer, Immutable]
public sealed record PlanChanged(
    [property: Id(0)] string Period,
    [property: Id(1)] decimal PlanAmount,
    [property: Id(2)] decimal ActualAmount,
    [property: Id(3)] decimal PaidAmount,
    [property: Id(4)] int WonToday,
    [property: Id(5)] decimal WonTodayAmount,
    [property: Id(6)] DateTimeOffset At) : ILiveEvent
{
    /// <summary>The hub message that carries it (the wire contract; Sales declares its route).</summary>
    public const string HubMessage = "planChanged";
}
