namespace OrleansCrm.Sales;

/// <summary>
/// Who the demo's sales people are (the host fills it in demo mode from the demo clients' managers: Identity owns the
/// users, Clients the clients). Without it the Activities demo seeder makes nothing.
/// </summary>
public sealed class SalesDemoOptions
{
    public IReadOnlyList<Guid> ManagerIds { get; set; } = [];
}
