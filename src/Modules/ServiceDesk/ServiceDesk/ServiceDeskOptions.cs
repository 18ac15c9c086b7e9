namespace OrleansCrm.ServiceDesk;

/// <summary>Bound from <c>Crm:ServiceDesk</c>; the SLA calendar and targets are under <c>Crm:ServiceDesk:Sla</c>.</summary>
public sealed class ServiceDeskOptions
{
    public const string Section = "Crm:ServiceDesk";

    /// <summary>A ticket assigned this long ago and still not accepted counts as "never taken into work".</summary>
    public TimeSpan NeverTakenAfter { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The wall raises an alert for a ticket that has waited this long for a specialist.</summary>
    public TimeSpan UnassignedAlertAfter { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// How often a dispatcher checks that the tickets it placed were stored, and how old a placement must be to be
    /// checked: a place reserved for a ticket that was never written is given back then.
    /// </summary>
    public TimeSpan PlacedCheckPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long the load reconciliation waits before it repairs a difference it found: a ticket's specialists hear of a
    /// change shortly after it is stored, and a difference that is only a delivery under way is gone by then.
    /// </summary>
    public TimeSpan ReconciliationSettle { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How often the wall's present conditions (waiting too long, overloaded, churn risk) are re-read when nothing else
    /// asks: a ticket starts waiting too long with no change of its own, so this bounds how late that shows.
    /// </summary>
    public TimeSpan WallConditionsPeriod { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>A client with this many open tickets at once shows on the wall as a churn risk.</summary>
    public int ChurnRiskOpenTickets { get; set; } = 3;
}
