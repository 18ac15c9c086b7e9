using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using OrleansCrm.BuildingBlocks.Calendar;
using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.BuildingBlocks.Security;
using OrleansCrm.Sales.Plans;
using OrleansCrm.Sales.Plans.Demo;
using OrleansCrm.Sales.Tests.Api;
using OrleansCrm.Testing;

namespace OrleansCrm.Sales.Tests.Plans;

/// <summary>The demo seeder gives the demo managers last month's and this month's plans once, after the demo deals.</summary>
public abstract class PlanDemoTests(HostFixture fixture)
{
    [Fact]
    public async Task The_demo_plans_are_seeded_once_for_two_months()
    {
        var seeder = fixture.Host.HostServices.GetServices<IDemoDataSeeder>().OfType<PlanDemoSeeder>().Single();
        Assert.Equal(35, ((IDemoDataSeeder)seeder).Order);
        var thisMonth = fixture.Host.HostServices.GetRequiredService<CompanyCalendar>().ThisMonth;
        var director = fixture.Host.Http(CrmRoles.Director);

        await seeder.SeedAsync(CancellationToken.None);
        var before = await director.GetStringAsync($"/api/plans/{SalesPeriods.Key(thisMonth)}");
        await seeder.SeedAsync(CancellationToken.None);

        Assert.Equal(before, await director.GetStringAsync($"/api/plans/{SalesPeriods.Key(thisMonth)}"));
        var current = JsonNode.Parse(before)!["items"]!.AsArray();
        Assert.Equal(3, current.Count);
        Assert.Equal(1_200_000m, current.Single(i => i!["userId"] is null)!["amount"]!.GetValue<decimal>());
        var last = JsonNode.Parse(await director.GetStringAsync($"/api/plans/{SalesPeriods.Key(thisMonth.AddMonths(-1))}"))!["items"]!.AsArray();
        Assert.Equal(3, last.Count);
        Assert.Equal(1_100_000m, last.Single(i => i!["userId"] is null)!["amount"]!.GetValue<decimal>());
    }
}

[Collection(SqliteHostCollection.Name)]
public sealed class PlanDemoOnSqlite(SqliteHostFixture fixture) : PlanDemoTests(fixture);

[Collection(PostgresHostCollection.Name)]
public sealed class PlanDemoOnPostgres(PostgresHostFixture fixture) : PlanDemoTests(fixture);
