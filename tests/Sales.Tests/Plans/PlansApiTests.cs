using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using OrleansCrm.BuildingBlocks.Audit;
using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.BuildingBlocks.Security;
using OrleansCrm.Sales.Tests.Api;
using OrleansCrm.Testing;

namespace OrleansCrm.Sales.Tests.Plans;

/// <summary><c>PUT/GET /api/plans/{period}</c>: each bad field named, who may set and who may read, a month replaced whole and audited.</summary>
public abstract class PlansApiTests(HostFixture fixture)
{
    [Fact]
    public async Task Bad_plans_are_refused_field_by_field_and_change_nothing()
    {
        var head = fixture.Host.Http(CrmRoles.SalesHead);
        var user = Guid.NewGuid();

        await AssertFieldAsync(await head.PutAsJsonAsync("/api/plans/2026-13", new { items = new[] { new { userId = user, amount = 1m, count = 1 } } }), "period");
        await AssertFieldAsync(await head.PutAsJsonAsync("/api/plans/26-1", new { items = new[] { new { userId = user, amount = 1m, count = 1 } } }), "period");
        await AssertFieldAsync(await head.PutAsJsonAsync("/api/plans/2031-01", new { items = (object[]?)null }), "items");
        await AssertFieldAsync(await head.PutAsJsonAsync("/api/plans/2031-01", new { items = new[] { new { userId = user, amount = -1m, count = 1 } } }), "items[0].amount");
        await AssertFieldAsync(await head.PutAsJsonAsync("/api/plans/2031-01", new { items = new[] { new { userId = user, amount = 1.005m, count = 1 } } }), "items[0].amount");
        await AssertFieldAsync(await head.PutAsJsonAsync("/api/plans/2031-01", new { items = new[] { new { userId = user, amount = 1m, count = -3 } } }), "items[0].count");
        await AssertFieldAsync(await head.PutAsJsonAsync("/api/plans/2031-01", new { items = new[] { new { userId = Guid.Empty, amount = 1m, count = 1 } } }), "items[0].userId");
        await AssertFieldAsync(await head.PutAsJsonAsync("/api/plans/2031-01",
            new { items = new object[] { new { userId = user, amount = 1m, count = 1 }, new { userId = user, amount = 2m, count = 2 } } }), "items[1]");
        await AssertFieldAsync(await head.PutAsJsonAsync("/api/plans/2031-01",
            new { items = new object[] { new { userId = (Guid?)null, amount = 1m, count = 1 }, new { userId = (Guid?)null, amount = 2m, count = 2 } } }), "items[1]");
        await AssertFieldAsync(await head.PutAsJsonAsync("/api/plans/2031-01", new { items = new object?[] { null, new { userId = user, amount = 1m, count = 1 } } }), "items[0]");
        await AssertFieldAsync(await head.GetAsync("/api/plans/2031-1"), "period");
        await AssertFieldAsync(await head.GetAsync("/api/reports/plan?period=x"), "period");

        var plans = JsonNode.Parse(await head.GetStringAsync("/api/plans/2031-01"))!;
        Assert.Empty(plans["items"]!.AsArray());
    }

    [Fact]
    public async Task Heads_set_a_month_whole_managers_see_their_line_and_others_nothing()
    {
        var (manager, managerHttp) = await SalesRows.UserAsync(fixture.Host, "plan-m", CrmRoles.Manager);
        var other = Guid.NewGuid();
        var period = "2032-02";
        var director = fixture.Host.Http(CrmRoles.Director);

        var set = await fixture.Host.Http(CrmRoles.SalesHead).PutAsJsonAsync($"/api/plans/{period}", new
        {
            items = new object[]
            {
                new { userId = (Guid?)null, amount = 500_000m, count = 10 },
                new { userId = manager, amount = 200_000.50m, count = 4 },
                new { userId = other, amount = 100_000m, count = 2 },
            },
        });
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);

        var all = JsonNode.Parse(await director.GetStringAsync($"/api/plans/{period}"))!["items"]!.AsArray();
        Assert.Equal(3, all.Count);
        Assert.Null(all[0]!["userId"]);
        Assert.Equal(500_000m, all[0]!["amount"]!.GetValue<decimal>());
        var mine = all.Single(i => i!["userId"]?.GetValue<Guid>() == manager)!;
        Assert.Equal(200_000.50m, mine["amount"]!.GetValue<decimal>());
        Assert.Equal(4, mine["count"]!.GetValue<int>());
        Assert.StartsWith("plan-m-", mine["name"]!.GetValue<string>());

        // A Manager reads the department's line and their own, and may not set plans.
        var seen = JsonNode.Parse(await managerHttp.GetStringAsync($"/api/plans/{period}"))!["items"]!.AsArray();
        Assert.Equal([null, manager], seen.Select(i => i!["userId"]?.GetValue<Guid>()).ToArray());
        Assert.Equal(HttpStatusCode.Forbidden, (await managerHttp.PutAsJsonAsync($"/api/plans/{period}", new { items = Array.Empty<object>() })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await fixture.Host.Http(CrmRoles.Dispatcher).GetAsync($"/api/plans/{period}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await fixture.Host.Http(CrmRoles.Specialist).GetAsync($"/api/reports/plan?period={period}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await fixture.Host.Http(CrmRoles.Admin).PutAsJsonAsync($"/api/plans/{period}", new { items = Array.Empty<object>() })).StatusCode);

        // The month is replaced whole: the line left out is gone. A Director may set plans too.
        var again = await director.PutAsJsonAsync($"/api/plans/{period}", new { items = new object[] { new { userId = manager, amount = 250_000m, count = 5 } } });
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var after = JsonNode.Parse(await director.GetStringAsync($"/api/plans/{period}"))!["items"]!.AsArray();
        Assert.Equal(manager, Assert.Single(after)!["userId"]!.GetValue<Guid>());

        // Each change is in the audit log, line by line.
        var audit = fixture.Host.HostServices.GetRequiredService<AuditLog>();
        await using var connection = DatabaseConnections.Create(audit.Database);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT changes FROM {audit.Table} WHERE entity = 'salesPlan' AND entity_id = '{period}' ORDER BY at";
        var entries = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                entries.Add(reader.GetString(0));
            }
        }

        Assert.Equal(2, entries.Count);
        var second = entries.Select(AuditLog.Deserialize).Single(e => e.Any(c => c.Field == "department" && c.To is null));
        Assert.Contains(second, c => c.Field == "department" && c.From == "500000.00 / 10" && c.To is null);
        Assert.Contains(second, c => c.Field == manager.ToString() && c.From == "200000.50 / 4" && c.To == "250000.00 / 5");
        Assert.Contains(second, c => c.Field == other.ToString() && c.To is null);
    }

    private static async Task AssertFieldAsync(HttpResponseMessage response, string field)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{response.StatusCode}: {body}");
        var errors = JsonNode.Parse(body)!["errors"]!.AsObject();
        Assert.True(errors.ContainsKey(field), $"expected an error for {field}: {body}");
    }
}

[Collection(SqliteHostCollection.Name)]
public sealed class PlansApiOnSqlite(SqliteHostFixture fixture) : PlansApiTests(fixture);

[Collection(PostgresHostCollection.Name)]
public sealed class PlansApiOnPostgres(PostgresHostFixture fixture) : PlansApiTests(fixture);
