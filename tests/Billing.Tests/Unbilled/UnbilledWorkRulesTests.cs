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

    [Fact]
    public void Hours_over_less_those_settled_make_an_item_of_their_own_for_the_rest_only()
    {
        var contract = Guid.NewGuid();
        var key = UnbilledWork.KeyOf(contract, December);
        var found = new UnbilledCandidate(UnbilledSource.HoursOver, key, Client, contract, null, December, "Роботи понад включені години", 5m, UnbilledWork.HourUnit, 700m);

        Assert.Equal(found, Assert.Single(UnbilledWork.BeyondSettled([found], [new StoredHours(key, Client, December, 3m, Open: true)])));
        var late = Assert.Single(UnbilledWork.BeyondSettled([found], [new StoredHours(key, Client, December, 3m, Open: false)]));
        Assert.Equal((key + "/2", 2m), (late.SourceKey, late.Quantity));
        Assert.EndsWith("понад уже враховані 3 год", late.Description);
        var following = Assert.Single(UnbilledWork.BeyondSettled([found],
            [new StoredHours(key, Client, December, 3m, Open: false), new StoredHours(key + "/2", Client, December, 1m, Open: true)]));
        Assert.Equal((key + "/2", 2m), (following.SourceKey, following.Quantity));
        Assert.Empty(UnbilledWork.BeyondSettled([found], [new StoredHours(key, Client, December, 3m, Open: false), new StoredHours(key + "/2", Client, December, 2m, Open: false)]));
        Assert.Equal(key + "/3", Assert.Single(UnbilledWork.BeyondSettled([found with { Quantity = 6m }],
            [new StoredHours(key, Client, December, 3m, Open: false), new StoredHours(key + "/2", Client, December, 2m, Open: false)])).SourceKey);
    }

    [Fact]
    public void Days_back_in_force_that_nothing_billed_become_one_item_per_run_of_days_keyed_by_them()
    {
        var contract = new BillableContract(Guid.NewGuid(), "Д-2026-0007", new DateOnly(2026, 1, 1), Client, ContractKind.Support, ContractStatus.Active,
            new DateOnly(2026, 1, 1), null, new ContractTerms(new DateOnly(2026, 1, 1), 3_100m, 0, 20, false, 0, [], []),
            [new SuspensionPeriod(new DateOnly(2026, 12, 5), new DateOnly(2026, 12, 9)), new SuspensionPeriod(new DateOnly(2026, 12, 15), new DateOnly(2026, 12, 19))]);
        var none = new Dictionary<Guid, HashSet<DateOnly>>();
        // The run billed the 1st to the 4th (suspended from the 5th then).
        var run = new Dictionary<Guid, IReadOnlyList<OrleansCrm.Billing.MonthlyRun.DayRange>?>
        {
            [contract.ContractId] = [new(new DateOnly(2026, 12, 1), new DateOnly(2026, 12, 4))],
        };

        var items = UnbilledWork.FromFeeDays(December, [contract], run, none, runDone: true).ToList();
        Assert.Equal([$"{contract.ContractId}/2026-12/10-14", $"{contract.ContractId}/2026-12/20-31"], items.Select(i => i.SourceKey));
        Assert.Equal([500m, 1_200m], items.Select(i => i.Price!.Value));
        Assert.StartsWith("Абонентське обслуговування за грудень 2026, 10.12–14.12 (5 з 31 дн.)", items[0].Description);
        Assert.Equal(new OrleansCrm.Billing.MonthlyRun.DayRange(new DateOnly(2026, 12, 20), new DateOnly(2026, 12, 31)), UnbilledWork.DaysOfKey(items[1].SourceKey));

        // Found already: nothing more; an invoice made before the days were kept: taken as billing them all; no invoice
        // before the run's day: the run bills them.
        var apart = new Dictionary<Guid, HashSet<DateOnly>> { [contract.ContractId] = [.. items.SelectMany(i => UnbilledWork.DaysOfKey(i.SourceKey)!.Each())] };
        Assert.Empty(UnbilledWork.FromFeeDays(December, [contract], run, apart, runDone: true));
        Assert.Empty(UnbilledWork.FromFeeDays(December, [contract], new Dictionary<Guid, IReadOnlyList<OrleansCrm.Billing.MonthlyRun.DayRange>?> { [contract.ContractId] = null }, none, runDone: true));
        Assert.Empty(UnbilledWork.FromFeeDays(December, [contract], new Dictionary<Guid, IReadOnlyList<OrleansCrm.Billing.MonthlyRun.DayRange>?>(), none, runDone: false));
        Assert.Empty(UnbilledWork.FromFeeDays(December, [contract with { Suspensions = null }], new Dictionary<Guid, IReadOnlyList<OrleansCrm.Billing.MonthlyRun.DayRange>?>(), none, runDone: true));
        Assert.Null(UnbilledWork.DaysOfKey($"{contract.ContractId}/2026-12"));
    }
}
