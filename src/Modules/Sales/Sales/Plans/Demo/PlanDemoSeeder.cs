using Mediator;
using OrleansCrm.BuildingBlocks.Calendar;
using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.Sales.Plans.SetPlans;

namespace OrleansCrm.Sales.Plans.Demo;

/// <summary>
/// Last month's and this month's plans for the demo managers, through the same command as the API (validated, audited),
/// so the head of sales' page and the wall's plan tile show progress on first start. After the demo deals (<see cref="Order"/>),
/// so the board's first reading counts them. A month that has plans already is left as it is.
/// </summary>
internal sealed class PlanDemoSeeder(ISender sender, PlanStore plans, CompanyCalendar calendar) : IDemoDataSeeder
{
    /// <summary>
    /// The demo users <c>manager</c> and <c>saleshead</c>: the host gives them these ids (Clients' DemoClients.Managers), and
    /// the demo clients and deals name them as managers and owners.
    /// </summary>
    internal static readonly Guid[] Managers =
    [
        Guid.Parse("0b6f5a1e-4a38-4f0e-9a11-1d2c3b4a5f01"),
        Guid.Parse("0b6f5a1e-4a38-4f0e-9a11-1d2c3b4a5f02"),
    ];

    public int Order => 35;

    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        var thisMonth = calendar.ThisMonth;
        await SeedMonthAsync(thisMonth.AddMonths(-1), [new(null, 1_100_000m, 22), new(Managers[0], 650_000m, 13), new(Managers[1], 400_000m, 8)], cancellationToken);
        await SeedMonthAsync(thisMonth, [new(null, 1_200_000m, 24), new(Managers[0], 700_000m, 14), new(Managers[1], 450_000m, 9)], cancellationToken);
    }

    private async Task SeedMonthAsync(DateOnly period, IReadOnlyList<PlanItem> items, CancellationToken cancellationToken)
    {
        if ((await plans.ReadAsync(period, period, cancellationToken)).Count > 0)
        {
            return;
        }

        await sender.Send(new SetPlans.SetPlans(SalesPeriods.Key(period), items), cancellationToken);
    }
}
