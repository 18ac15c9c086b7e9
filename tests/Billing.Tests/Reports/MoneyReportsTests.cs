using System.Net;
using System.Security.Claims;
using Microsoft.Extensions.DependencyInjection;
using OrleansCrm.Billing.Contracts;
using OrleansCrm.Billing.Reports;
using OrleansCrm.BuildingBlocks.LiveFeed;
using OrleansCrm.BuildingBlocks.Security;
using OrleansCrm.Testing;

namespace OrleansCrm.Billing.Tests.Reports;

/// <summary>The money reports over the API, on the fixed rows of <see cref="MoneyReportsFixture"/>, on both databases.</summary>
public abstract class MoneyReportsTests(MoneyReportsFixture fixture)
{
    private readonly HttpClient _http = fixture.Http;

    [Fact]
    public async Task The_summary_counts_cash_by_the_day_received_invoicing_this_month_and_what_is_due()
    {
        var summary = await GetAsync<MoneySummary>("/api/billing/summary");

        Assert.Equal(MoneyHost.Today, summary.Today);
        Assert.Equal(MoneyHost.Now, summary.At);
        Assert.Equal(420.50m, summary.CashToday);       // 300.00 received today (dated yesterday) + 120.50
        Assert.Equal(670.50m, summary.CashMonth);       // + 250.00 with no date received, dated 3 March
        Assert.Equal(1900m, summary.InvoicedMonth);     // 1,000 + 500 + 100 + 300; not the cancelled, the draft, the act
        Assert.Equal(300m, summary.PaidMonth);          // of this month's invoices, the one paid today
        Assert.Equal(1100m, summary.Expected7);         // due today (100) and on 20 March (1,000)
        Assert.Equal(1600m, summary.Expected30);        // and 10 April (500)
        Assert.Equal(1900m, summary.Overdue);           // 1,500 late since January and 400 since November: apart

        Assert.Equal([fixture.Late, fixture.Later], summary.Debtors.Select(d => d.ClientId));
        var late = summary.Debtors[0];
        Assert.Equal(1500m, late.Overdue);
        Assert.Equal(1500m, late.Aging.Days61To90);
        Assert.Equal(65, late.DaysOverdue);
        Assert.Equal(fixture.Late.ToString("D"), late.ClientName); // a client the Clients module does not know: its id
        Assert.Equal(400m, summary.Debtors[1].Aging.Over90);
        Assert.Equal(121, summary.Debtors[1].DaysOverdue);
    }

    [Fact]
    public async Task Receivables_today_age_each_client_by_days_past_due_and_name_known_clients()
    {
        var page = await GetAsync<ReceivablesPage>("/api/billing/receivables?pageSize=200");

        Assert.Equal(MoneyHost.Today, page.AsOf);
        Assert.Equal(3, page.Total);
        Assert.Equal(new AgingAmounts(1600m, 0, 0, 1500m, 400m), page.Totals);
        var known = Assert.Single(page.Items, r => r.ClientId == fixture.Known);
        Assert.Contains("Сумлінний платник", known.ClientName, StringComparison.Ordinal);
        Assert.Equal(new AgingAmounts(1600m, 0, 0, 0, 0), known.Aging);
        Assert.Equal(3, known.Invoices);
        Assert.Equal(0, known.DaysOverdue);
        Assert.Equal(new AgingAmounts(0, 0, 0, 1500m, 0), Assert.Single(page.Items, r => r.ClientId == fixture.Late).Aging);
    }

    [Fact]
    public async Task Receivables_on_a_past_day_count_invoices_issued_and_payments_received_by_then()
    {
        var page = await GetAsync<ReceivablesPage>("/api/billing/receivables?asOf=2026-01-31&pageSize=200");

        // On 31 January the January invoice was unpaid (paid in part on 1 February), 21 days late; November's 77 days.
        Assert.Equal(2, page.Total);
        Assert.Equal(new AgingAmounts(0, 2000m, 0, 0, 0), Assert.Single(page.Items, r => r.ClientId == fixture.Late).Aging);
        Assert.Equal(new AgingAmounts(0, 0, 0, 400m, 0), Assert.Single(page.Items, r => r.ClientId == fixture.Later).Aging);
    }

    [Fact]
    public async Task Aging_buckets_turn_over_after_30_60_and_90_days()
    {
        var page = await GetAsync<ReceivablesPage>($"/api/billing/receivables?asOf={MoneyReportsFixture.BoundaryAsOf:yyyy-MM-dd}&pageSize=200");

        var expected = new Dictionary<int, AgingAmounts>
        {
            [-1] = new(10m, 0, 0, 0, 0),
            [0] = new(10m, 0, 0, 0, 0), // due that day: not late yet
            [1] = new(0, 10m, 0, 0, 0),
            [30] = new(0, 10m, 0, 0, 0),
            [31] = new(0, 0, 10m, 0, 0),
            [60] = new(0, 0, 10m, 0, 0),
            [61] = new(0, 0, 0, 10m, 0),
            [90] = new(0, 0, 0, 10m, 0),
            [91] = new(0, 0, 0, 0, 10m),
        };
        Assert.Equal(expected.Count, page.Total);
        foreach (var (days, aging) in expected)
        {
            var row = Assert.Single(page.Items, r => r.ClientId == fixture.Boundary[days]);
            Assert.True(aging == row.Aging, $"{days} days late: {row.Aging}");
            Assert.Equal(Math.Max(0, days), row.DaysOverdue);
        }

        // Paid in full since: nothing of it is owed today.
        var today = await GetAsync<ReceivablesPage>("/api/billing/receivables?pageSize=200");
        Assert.DoesNotContain(today.Items, r => fixture.Boundary.Values.Contains(r.ClientId));
    }

    [Fact]
    public async Task Receivables_are_searched_sorted_and_paged()
    {
        var found = await GetAsync<ReceivablesPage>("/api/billing/receivables?search=сумлінний");
        Assert.Equal(fixture.Known, Assert.Single(found.Items).ClientId);
        Assert.Equal(1600m, found.Totals.Total);

        var byOver90 = await GetAsync<ReceivablesPage>("/api/billing/receivables?sort=-over90");
        Assert.Equal(fixture.Later, byOver90.Items[0].ClientId);

        // By total, largest first: 1,600 (known), 1,500 (late), 400 (later); one per page.
        var second = await GetAsync<ReceivablesPage>("/api/billing/receivables?sort=-total&page=2&pageSize=1");
        Assert.Equal(3, second.Total);
        Assert.Equal(fixture.Late, Assert.Single(second.Items).ClientId);
        var byName = await GetAsync<ReceivablesPage>("/api/billing/receivables?sort=name");
        Assert.Equal(3, byName.Items.Count);
    }

    [Fact]
    public async Task Expected_receipts_list_each_clients_invoices_due_in_the_window_and_overdue_apart()
    {
        var week = await GetAsync<ExpectedReceipts>("/api/billing/expected?days=7");
        Assert.Equal(MoneyHost.Today, week.From);
        Assert.Equal(new DateOnly(2026, 3, 22), week.To);
        Assert.Equal(1100m, week.Total);
        Assert.Equal(1900m, week.Overdue);
        var client = Assert.Single(week.Clients);
        Assert.Equal(fixture.Known, client.ClientId);
        Assert.Equal([fixture.DueToday, fixture.DueOn20March], client.Invoices.Select(i => i.Id));
        Assert.Equal([100m, 1000m], client.Invoices.Select(i => i.Amount));

        var month = await GetAsync<ExpectedReceipts>("/api/billing/expected?days=30");
        Assert.Equal(new DateOnly(2026, 4, 14), month.To);
        Assert.Equal(1600m, Assert.Single(month.Clients).Amount);
    }

    [Fact]
    public async Task Monthly_puts_invoicing_what_is_paid_of_it_and_cash_received_in_each_of_the_last_months()
    {
        var monthly = await GetAsync<MonthlyMoney>("/api/billing/monthly?months=12");

        Assert.Equal(12, monthly.Months.Count);
        Assert.Equal("2025-04", monthly.Months[0].Month);
        Assert.Equal(new MonthMoney("2026-03", 1900m, 300m, 670.50m), monthly.Months[11]);
        Assert.Equal(new MonthMoney("2026-02", 0, 0, 1500m), monthly.Months[10]);
        Assert.Equal(new MonthMoney("2026-01", 2000m, 500m, 0), monthly.Months[9]);
        Assert.Equal(new MonthMoney("2025-11", 400m, 0, 0), monthly.Months[7]);
        Assert.Equal(0m, monthly.Months[8].Invoiced + monthly.Months[8].Paid + monthly.Months[8].Received);
    }

    [Theory]
    [InlineData(CrmRoles.Manager)]
    [InlineData(CrmRoles.Dispatcher)]
    [InlineData(CrmRoles.Specialist)]
    [InlineData(CrmRoles.Methodologist)]
    [InlineData(CrmRoles.Admin)]
    public async Task Roles_without_money_get_403_from_every_report(string role)
    {
        using var http = fixture.Host.Http(role);
        foreach (var path in Reports)
        {
            var response = await http.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{role} {path}: {response.StatusCode}");
        }
    }

    [Theory]
    [InlineData(CrmRoles.Director)]
    [InlineData(CrmRoles.SalesHead)]
    public async Task Directors_and_heads_of_sales_read_every_report(string role)
    {
        using var http = fixture.Host.Http(role);
        foreach (var path in Reports)
        {
            var response = await http.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{role} {path}: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    [Fact]
    public async Task Bad_arguments_are_400s_naming_the_field()
    {
        await ApiAssert.AssertFieldErrorsAsync(await _http.GetAsync("/api/billing/expected?days=0"), "days");
        await ApiAssert.AssertFieldErrorsAsync(await _http.GetAsync("/api/billing/monthly?months=37"), "months");
        await ApiAssert.AssertFieldErrorsAsync(await _http.GetAsync("/api/billing/receivables?sort=debt"), "sort");
        await ApiAssert.AssertFieldErrorsAsync(await _http.GetAsync("/api/billing/receivables?pageSize=0"), "pageSize");
        var badDate = await _http.GetAsync("/api/billing/receivables?asOf=31.01.2026");
        Assert.True(badDate.StatusCode == HttpStatusCode.BadRequest, $"{badDate.StatusCode} {await badDate.Content.ReadAsStringAsync()}");
    }

    [Fact]
    public void Money_figures_go_live_only_to_directors_and_heads_of_sales()
    {
        var services = fixture.Host.Services;
        var route = Assert.Single(services.GetServices<ILiveRoute>(), r => r.EventType == typeof(MoneyChanged));
        Assert.Equal(MoneyChanged.HubMessage, route.Message);
        Assert.Equal([LiveGroups.Money], route.GroupsOf(new MoneyChanged(1, 1, 1, 1, 1, 1, 0, MoneyHost.Now)));

        var policies = services.GetServices<ILiveGroupPolicy>().ToList();
        IEnumerable<string> GroupsOf(string role) =>
            policies.SelectMany(p => p.GroupsOf(new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Role, role)], "test"))));
        Assert.Contains(LiveGroups.Money, GroupsOf(CrmRoles.Director));
        Assert.Contains(LiveGroups.Money, GroupsOf(CrmRoles.SalesHead));
        foreach (var role in CrmRoles.All.Except(MoneyAccess.Roles))
        {
            Assert.DoesNotContain(LiveGroups.Money, GroupsOf(role));
        }

        // The wall's own group, which Dispatchers hear, carries no money.
        Assert.Contains(LiveGroups.Wall, GroupsOf(CrmRoles.Dispatcher));
    }

    private static readonly string[] Reports =
    [
        "/api/billing/summary", "/api/billing/receivables", "/api/billing/receivables?asOf=2026-01-31", "/api/billing/expected?days=7",
        "/api/billing/expected?days=30", "/api/billing/monthly?months=12",
    ];

    private async Task<T> GetAsync<T>(string path)
    {
        var response = await _http.GetAsync(path);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await CrmHost.ReadAsync<T>(response);
    }
}

[Collection(SqliteMoneyCollection.Name)]
public sealed class SqliteMoneyReportsTests(SqliteMoneyReportsFixture fixture) : MoneyReportsTests(fixture);

[Collection(PostgresMoneyCollection.Name)]
public sealed class PostgresMoneyReportsTests(PostgresMoneyReportsFixture fixture) : MoneyReportsTests(fixture);
