using OrleansCrm.Agreements.Contracts;
using OrleansCrm.Billing.Unbilled;
using OrleansCrm.ServiceDesk.Contracts;

namespace OrleansCrm.Billing.Tests.Unbilled;

/// <summary>The rules that make items, without a database: tickets, hours over the included hours, the job's months.</summary>
public sealed class UnbilledWorkRulesTests
{
    private static readonly DateOnly December = new(2026, 12, 1);
    private static readonly Guid Client = Guid.NewGuid();

    [Fact]
    public void A_ticket_without_logged_time_is_one_service_and_with_time_its_hours()
    {
        var items = UnbilledWork.FromTickets(
        [
            new ResolvedBillableTicket(Guid.NewGuid(), 123, Client, "Налаштувати РРО", DateTimeOffset.UtcNow, 0),
            new ResolvedBillableTicket(Guid.NewGuid(), 124, Client, "Оновити BAS", DateTimeOffset.UtcNow, 100),
        ]).ToList();

        Assert.Equal((1m, UnbilledWork.ServiceUnit), (items[0].Quantity, items[0].Unit));
        Assert.Equal((1.67m, UnbilledWork.HourUnit), (items[1].Quantity, items[1].Unit));
        Assert.Equal("Роботи за зверненням T-000123: Налаштувати РРО", items[0].Description);
        Assert.Equal(items[1].TicketId.ToString(), items[1].SourceKey);
    }

    [Fact]
    public void Included_hours_of_all_contracts_add_up_and_time_on_billable_tickets_does_not_count()
    {
        var main = Contract(includedHours: 10, rate: 800m);
        var small = Contract(includedHours: 2, rate: 500m);
        var contracts = new Dictionary<DateOnly, IReadOnlyList<BillableContract>> { [December] = [small, main, Contract(includedHours: 5, rate: 1m, client: Guid.NewGuid())] };

        // 15 h logged, 2 h of them on billable tickets: 13 h against 12 included.
        var item = Assert.Single(UnbilledWork.FromHours([new ClientMonthMinutes(Client, December, 15 * 60, 2 * 60)], contracts));
        Assert.Equal((1m, 800m, main.ContractId), (item.Quantity, item.Price, item.ContractId!.Value));
        Assert.Equal(UnbilledWork.KeyOf(main.ContractId, December), item.SourceKey);
        Assert.EndsWith($"за 12.2026, договір № {main.Number}", item.Description);

        Assert.Empty(UnbilledWork.FromHours([new ClientMonthMinutes(Client, December, 12 * 60, 0)], contracts));
        Assert.Empty(UnbilledWork.FromHours([new ClientMonthMinutes(Client, December.AddMonths(1), 50 * 60, 0)], contracts));
        Assert.Empty(UnbilledWork.FromHours([new ClientMonthMinutes(Guid.NewGuid(), December, 50 * 60, 0)], contracts));
    }

    [Theory]
    [InlineData("2026-12-05T10:00:00Z", "2026-11-01", "2026-12-01")]
    [InlineData("2026-12-31T22:30:00Z", "2026-11-01", "2027-01-01")] // already January in Kyiv
    [InlineData("2027-01-01T00:30:00Z", "2026-12-01", "2027-01-01")]
    public void The_job_looks_at_the_previous_and_the_current_month(string now, string from, string to)
    {
        var months = UnbilledWorkJob.Months(DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal((DateOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture), DateOnly.Parse(to, System.Globalization.CultureInfo.InvariantCulture)), months);
    }

    private static BillableContract Contract(decimal includedHours, decimal rate, Guid? client = null) => new(
        Guid.NewGuid(), "П-" + includedHours, new DateOnly(2026, 1, 5), client ?? Client, ContractKind.Support, ContractStatus.Active, new DateOnly(2026, 1, 5), null,
        new ContractTerms(new DateOnly(2026, 1, 5), 5000m, includedHours, 20, false, rate, [], []));
}
