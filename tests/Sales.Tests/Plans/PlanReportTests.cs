using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OrleansCrm.BuildingBlocks.Security;
using OrleansCrm.Sales.Contracts;
using OrleansCrm.Sales.Tests.Api;
using OrleansCrm.Testing;

namespace OrleansCrm.Sales.Tests.Plans;

/// <summary>
/// <c>GET /api/reports/plan</c> on a known month (March 2019, company time Europe/Kyiv: UTC+2 until 03:00 on the 31st,
/// UTC+3 after), with every figure worked out by hand below.
/// </summary>
public abstract class PlanReportTests(HostFixture fixture)
{
    [Fact]
    public async Task Plan_against_won_deals_and_paid_invoices_per_manager_and_for_the_company()
    {
        var rows = new SalesRows(fixture.Host);
        var (first, firstHttp) = await SalesRows.UserAsync(fixture.Host, "plan-a", CrmRoles.Manager);
        var (second, _) = await SalesRows.UserAsync(fixture.Host, "plan-b", CrmRoles.Manager);
        var head = fixture.Host.Http(CrmRoles.SalesHead);
        Assert.True((await head.PutAsJsonAsync("/api/plans/2019-03", new
        {
            items = new object[]
            {
                new { userId = (Guid?)null, amount = 200_000m, count = 8 },
                new { userId = first, amount = 100_000m, count = 4 },
                new { userId = second, amount = 50_000m, count = 2 },
            },
        })).IsSuccessStatusCode);

        var pipeline = Guid.NewGuid();
        // First manager: won 30,000.50 on 10 March; won 10,000 at 22:30 UTC on 28 February, which is 00:30 on 1 March in
        // Kyiv (in); won 20,000 at 21:30 UTC on 31 March, 00:30 on 1 April in Kyiv (out). A won deal without a won amount
        // counts its amount (none here). Second manager: won 15,000 on 15 March; lost 9,000 and open 4,000 (not actual).
        await rows.DealAsync(pipeline, "won", first, 29_000m, DealStatus.Won, 30_000.50m, At("2019-03-10T12:00:00Z"));
        await rows.DealAsync(pipeline, "won", first, 10_000m, DealStatus.Won, 10_000m, At("2019-02-28T22:30:00Z"));
        await rows.DealAsync(pipeline, "won", first, 20_000m, DealStatus.Won, 20_000m, At("2019-03-31T21:30:00Z"));
        await rows.DealAsync(pipeline, "won", second, 15_000m, DealStatus.Won, 15_000m, At("2019-03-15T09:00:00Z"));
        await rows.DealAsync(pipeline, "lost", second, 9_000m, DealStatus.Lost, null, At("2019-03-16T09:00:00Z"));
        await rows.DealAsync(pipeline, "offer", second, 4_000m);

        // Paid: the first manager's client 12,000 on 5 March and 3,000 on 1 April (out); the second's 7,000 on 31 March;
        // a client with no manager 1,000 in March (the company's, nobody's line).
        var firstClient = await SalesRows.ClientAsync(fixture.Http, first);
        var secondClient = await SalesRows.ClientAsync(fixture.Http, second);
        var nobodys = await SalesRows.ClientAsync(fixture.Http, null);
        await rows.PaidInvoiceAsync(firstClient, 12_000m, new DateOnly(2019, 3, 5));
        await rows.PaidInvoiceAsync(firstClient, 3_000m, new DateOnly(2019, 4, 1));
        await rows.PaidInvoiceAsync(secondClient, 7_000m, new DateOnly(2019, 3, 31));
        await rows.PaidInvoiceAsync(nobodys, 1_000m, new DateOnly(2019, 3, 20));

        var report = JsonNode.Parse(await head.GetStringAsync("/api/reports/plan?period=2019-03"))!;
        Assert.Equal("2019-03", report["period"]!.GetValue<string>());
        Assert.Equal(200_000m, report["planAmount"]!.GetValue<decimal>()); // the department's own line, not 150,000
        Assert.Equal(8, report["planCount"]!.GetValue<int>());
        Assert.Equal(55_000.50m, report["actualAmount"]!.GetValue<decimal>()); // 30,000.50 + 10,000 + 15,000
        Assert.Equal(3, report["actualCount"]!.GetValue<int>());
        Assert.Equal(20_000m, report["paidAmount"]!.GetValue<decimal>()); // 12,000 + 7,000 + 1,000

        var items = report["items"]!.AsArray();
        Assert.Equal(2, items.Count);
        var a = items.Single(i => i!["userId"]!.GetValue<Guid>() == first)!;
        Assert.StartsWith("plan-a-", a["name"]!.GetValue<string>());
        Assert.Equal(100_000m, a["planAmount"]!.GetValue<decimal>());
        Assert.Equal(4, a["planCount"]!.GetValue<int>());
        Assert.Equal(40_000.50m, a["actualAmount"]!.GetValue<decimal>());
        Assert.Equal(2, a["actualCount"]!.GetValue<int>());
        Assert.Equal(12_000m, a["paidAmount"]!.GetValue<decimal>());
        var b = items.Single(i => i!["userId"]!.GetValue<Guid>() == second)!;
        Assert.Equal(50_000m, b["planAmount"]!.GetValue<decimal>());
        Assert.Equal(15_000m, b["actualAmount"]!.GetValue<decimal>());
        Assert.Equal(1, b["actualCount"]!.GetValue<int>());
        Assert.Equal(7_000m, b["paidAmount"]!.GetValue<decimal>());

        // A Manager gets the company's totals and their own line only.
        var own = JsonNode.Parse(await firstHttp.GetStringAsync("/api/reports/plan?period=2019-03"))!;
        Assert.Equal(55_000.50m, own["actualAmount"]!.GetValue<decimal>());
        Assert.Equal(first, Assert.Single(own["items"]!.AsArray())!["userId"]!.GetValue<Guid>());

        // Without the department's line the company's plan is its managers' (a month of its own: April 2019).
        Assert.True((await head.PutAsJsonAsync("/api/plans/2019-04", new
        {
            items = new object[] { new { userId = first, amount = 70_000m, count = 3 }, new { userId = second, amount = 30_000m, count = 1 } },
        })).IsSuccessStatusCode);
        var april = JsonNode.Parse(await head.GetStringAsync("/api/reports/plan?period=2019-04"))!;
        Assert.Equal(100_000m, april["planAmount"]!.GetValue<decimal>());
        Assert.Equal(4, april["planCount"]!.GetValue<int>());
        Assert.Equal(20_000m, april["actualAmount"]!.GetValue<decimal>()); // the deal of 1 April, Kyiv time
        Assert.Equal(3_000m, april["paidAmount"]!.GetValue<decimal>());
    }

    private static DateTimeOffset At(string utc) => DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture);
}

[Collection(SqliteHostCollection.Name)]
public sealed class PlanReportOnSqlite(SqliteHostFixture fixture) : PlanReportTests(fixture);

[Collection(PostgresHostCollection.Name)]
public sealed class PlanReportOnPostgres(PostgresHostFixture fixture) : PlanReportTests(fixture);
