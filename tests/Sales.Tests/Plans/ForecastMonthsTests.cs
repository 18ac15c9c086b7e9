using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.BuildingBlocks.Security;
using OrleansCrm.Sales.Plans.Reports;
using OrleansCrm.Sales.Storage;
using OrleansCrm.Sales.Tests.Api;
using OrleansCrm.Sales.Tests.Deals;
using OrleansCrm.Testing;

namespace OrleansCrm.Sales.Tests.Plans;

/// <summary>
/// The funnel's forecast from sales.forecast_months and the changes the deals' trigger writes (migration 0058): the open
/// deals as they are after creating, moving, editing, winning and losing, before the changes are folded and after.
/// </summary>
public abstract class ForecastMonthsTests(HostFixture fixture)
{
    private readonly SalesApi _api = new(fixture);

    protected SalesDb Db { get; } = fixture.Host.HostServices.GetRequiredService<SalesDb>();

    protected ForecastMonths Months { get; } = fixture.Host.HostServices.GetRequiredService<ForecastMonths>();

    [Fact]
    public async Task The_forecast_follows_every_change_of_an_open_deal_before_and_after_it_is_folded()
    {
        var pipeline = await PipelineAsync();
        var client = await _api.ClientAsync();
        var a = await DealAsync(pipeline, client, 1_000m, "2030-01-15");
        var b = await DealAsync(pipeline, client, 2_000m, "2030-02-10");
        var c = await DealAsync(pipeline, client, 500m, null);
        var d = await DealAsync(pipeline, client, 300m, "2030-01-01");
        var e = await DealAsync(pipeline, client, 400m, null);
        await SalesApi.ReadAsync(await _api.Http.PostAsJsonAsync($"/api/deals/{SalesApi.Id(b)}/move", new { toStage = "offer", version = SalesApi.Version(b) }, CrmHost.Json));
        await SalesApi.ReadAsync(await _api.Http.PutAsJsonAsync($"/api/deals/{SalesApi.Id(c)}",
            new { title = "Прогноз C", amount = 800m, expectedCloseOn = "2030-01-20", version = SalesApi.Version(c) }, CrmHost.Json));
        await SalesApi.ReadAsync(await _api.Http.PostAsJsonAsync($"/api/deals/{SalesApi.Id(d)}/win", new { amount = 350 }, CrmHost.Json));
        await SalesApi.ReadAsync(await _api.Http.PostAsJsonAsync($"/api/deals/{SalesApi.Id(e)}/lose", new { reason = "Дорого" }, CrmHost.Json));

        // January: A (1,000 × 0.1) and C (800 × 0.1); February: B in offer (2,000 × 0.5); D won and E lost are not open.
        var before = await ForecastAsync(pipeline);
        AssertMonth(before[0]!, "2030-01", deals: 2, amount: 1_800m, weighted: 180m);
        AssertMonth(before[1]!, "2030-02", deals: 1, amount: 2_000m, weighted: 1_000m);
        Assert.Equal(2, before.Count);

        await Months.FoldAsync(CancellationToken.None);
        Assert.Equal(0, await CountAsync($"SELECT COUNT(*) FROM {Db.ForecastChanges} WHERE pipeline_id = @pipeline", pipeline));
        Assert.Equal(before.ToJsonString(), (await ForecastAsync(pipeline)).ToJsonString());

        // A moved to offer after the fold: the months and the change since, read together.
        var current = await _api.GetDealAsync(SalesApi.Id(a));
        await SalesApi.ReadAsync(await _api.Http.PostAsJsonAsync($"/api/deals/{SalesApi.Id(a)}/move", new { toStage = "offer", version = SalesApi.Version(current) }, CrmHost.Json));
        AssertMonth((await ForecastAsync(pipeline))[0]!, "2030-01", deals: 2, amount: 1_800m, weighted: 580m); // 1,000 × 0.5 + 800 × 0.1
    }

    /// <summary>
    /// Random writes straight to sales.deals (new deals, and changes of stage, amount, owner, close date, status and
    /// pipeline, with dates coming and going), folds between them: after each, every owner's forecast in both pipelines is
    /// what grouping the open deals gives.
    /// </summary>
    [Fact]
    public async Task The_forecast_is_the_open_deals_grouped_after_any_writes_and_folds()
    {
        var rows = new SalesRows(fixture.Host);
        var random = new Random(20261206);
        Guid[] pipelines = [Guid.NewGuid(), Guid.NewGuid()];
        Guid[] owners = [Guid.NewGuid(), Guid.NewGuid()];
        string[] stages = ["new", "offer", "contract"];
        string?[] dates = [null, "2030-01-15", "2030-01-31", "2030-02-01", "2031-12-31"];
        var deals = new List<Guid>();
        for (var step = 0; step < 60; step++)
        {
            var change = deals.Count == 0 ? 0 : random.Next(8);
            var deal = deals.Count == 0 ? Guid.Empty : deals[random.Next(deals.Count)];
            var (column, value) = change switch
            {
                1 => ("stage", (object?)stages[random.Next(stages.Length)]),
                2 => ("amount", random.Next(0, 5) * 10_000L),
                3 => ("owner_id", Db.Id(owners[random.Next(owners.Length)])),
                4 => ("expected_close_on", Db.Date(dates[random.Next(dates.Length)] is { } d ? DateOnly.Parse(d, System.Globalization.CultureInfo.InvariantCulture) : null)),
                5 => ("status", random.Next(3)),
                6 => ("pipeline_id", Db.Id(pipelines[random.Next(pipelines.Length)])),
                _ => ("", null),
            };
            if (change is 0 or 7)
            {
                var closeOn = dates[random.Next(dates.Length)];
                deals.Add(await rows.DealAsync(pipelines[random.Next(pipelines.Length)], stages[random.Next(stages.Length)], owners[random.Next(owners.Length)],
                    random.Next(1, 9) * 100m, expectedCloseOn: closeOn is null ? null : DateOnly.Parse(closeOn, System.Globalization.CultureInfo.InvariantCulture)));
            }
            else
            {
                await rows.ExecuteAsync($"UPDATE {Db.Deals} SET {column} = @value WHERE id = @id", ("@value", value), ("@id", Db.Id(deal)));
            }

            if (random.Next(4) == 0)
            {
                await Months.FoldAsync(CancellationToken.None);
            }

            foreach (var pipeline in pipelines)
            {
                Assert.Equal(await GroupedAsync(pipeline, null), Describe(await Months.ReadAsync(pipeline, null, CancellationToken.None)));
                foreach (var owner in owners)
                {
                    Assert.Equal(await GroupedAsync(pipeline, owner), Describe(await Months.ReadAsync(pipeline, owner, CancellationToken.None)));
                }
            }
        }
    }

    /// <summary>The pipeline's open deals grouped by stage and close month here, from their rows.</summary>
    private async Task<string> GroupedAsync(Guid pipeline, Guid? owner)
    {
        await using var connection = DatabaseConnections.Create(Db.Options);
        await connection.OpenAsync();
        await using var command = ModuleDb.Command(connection, null, $"SELECT stage, expected_close_on, amount, owner_id FROM {Db.Deals} WHERE pipeline_id = @pipeline AND status = 0",
            ("@pipeline", Db.Id(pipeline)));
        await using var reader = await command.ExecuteReaderAsync();
        var open = new List<(string Stage, string? Month, long Amount)>();
        while (await reader.ReadAsync())
        {
            if (owner is null || ModuleDb.ReadId(reader, 3) == owner)
            {
                open.Add((reader.GetString(0), ModuleDb.ReadDate(reader, 1)?.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture), Convert.ToInt64(reader.GetValue(2), System.Globalization.CultureInfo.InvariantCulture)));
            }
        }

        return Describe(open.GroupBy(o => (o.Stage, o.Month)).Select(g => (g.Key.Stage, g.Key.Month, g.Count(), g.Sum(o => o.Amount) / 100m)).ToList());
    }

    private static string Describe(IEnumerable<(string Stage, string? Month, int Deals, decimal Amount)> months) =>
        string.Join("; ", months.OrderBy(m => m.Stage, StringComparer.Ordinal).ThenBy(m => m.Month, StringComparer.Ordinal).Select(m => $"{m.Stage} {m.Month} {m.Deals} {m.Amount:0.00}"));

    protected async Task<Guid> PipelineAsync() => SalesApi.Id(await _api.PipelineAsync(new
    {
        name = SalesApi.Unique("Прогноз"),
        stages = new object[] { new { code = "new", name = "Нова", probability = 10 }, new { code = "offer", name = "Пропозиція", probability = 50 } },
        lossReasons = new[] { "Дорого" },
    }));

    protected async Task<JsonObject> DealAsync(Guid pipeline, Guid client, decimal amount, string? closeOn) =>
        await _api.DealAsync(_api.Http, new { pipelineId = pipeline, clientId = client, title = SalesApi.Unique("Прогноз"), amount, expectedCloseOn = closeOn });

    protected async Task<JsonArray> ForecastAsync(Guid pipeline) =>
        JsonNode.Parse(await fixture.Host.Http(CrmRoles.SalesHead).GetStringAsync($"/api/reports/funnel?pipelineId={pipeline}"))!["forecast"]!.AsArray();

    protected Task<long> CountAsync(string sql, Guid pipeline) => new SalesRows(fixture.Host).CountAsync(sql, ("@pipeline", Db.Id(pipeline)));

    protected static void AssertMonth(JsonNode month, string? key, int deals, decimal amount, decimal weighted) => FunnelTests.AssertMonth(month, key, deals, amount, weighted);
}

[Collection(SqliteHostCollection.Name)]
public sealed class ForecastMonthsOnSqlite(SqliteHostFixture fixture) : ForecastMonthsTests(fixture);

[Collection(PostgresHostCollection.Name)]
public sealed class ForecastMonthsOnPostgres(PostgresHostFixture fixture) : ForecastMonthsTests(fixture)
{
    private readonly SalesApi _api = new(fixture);

    [Fact]
    public async Task A_write_that_fails_changes_nothing_and_a_fold_beside_a_write_in_flight_loses_none_of_it()
    {
        var pipeline = await PipelineAsync();
        var deal = SalesApi.Id(await DealAsync(pipeline, await _api.ClientAsync(), 1_000m, "2030-03-05"));
        await Months.FoldAsync(CancellationToken.None);

        // A deal's write that fails: its changes go with it.
        await using (var failing = await Db.OpenAsync())
        await using (var transaction = await failing.BeginTransactionAsync())
        {
            await ModuleDb.ExecuteAsync(failing, transaction, $"UPDATE {Db.Deals} SET amount = 900000 WHERE id = @id", CancellationToken.None, ("@id", Db.Id(deal)));
            await transaction.RollbackAsync();
        }

        AssertMonth(Assert.Single(await ForecastAsync(pipeline))!, "2030-03", deals: 1, amount: 1_000m, weighted: 100m);

        // A write in flight while the changes are folded: the fold neither waits for it nor takes its rows.
        await using var writer = await Db.OpenAsync();
        await using var inFlight = await writer.BeginTransactionAsync();
        await ModuleDb.ExecuteAsync(writer, inFlight, $"UPDATE {Db.Deals} SET amount = 300000, expected_close_on = '2030-04-01' WHERE id = @id",
            CancellationToken.None, ("@id", Db.Id(deal)));
        using (var limit = new CancellationTokenSource(TimeSpan.FromSeconds(20)))
        {
            await Months.FoldAsync(limit.Token);
        }

        await inFlight.CommitAsync();
        AssertMonth(Assert.Single(await ForecastAsync(pipeline))!, "2030-04", deals: 1, amount: 3_000m, weighted: 300m);
        await Months.FoldAsync(CancellationToken.None);
        AssertMonth(Assert.Single(await ForecastAsync(pipeline))!, "2030-04", deals: 1, amount: 3_000m, weighted: 300m);
        Assert.Equal(0, await CountAsync($"SELECT COUNT(*) FROM {Db.ForecastMonths} WHERE pipeline_id = @pipeline AND close_month = '2030-03'", pipeline));
    }
}
