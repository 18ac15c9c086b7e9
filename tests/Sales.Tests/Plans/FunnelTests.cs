using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using OrleansCrm.BuildingBlocks.Security;
using OrleansCrm.Sales.Contracts;
using OrleansCrm.Sales.Plans.Reports;
using OrleansCrm.Sales.Tests.Api;
using OrleansCrm.Testing;

namespace OrleansCrm.Sales.Tests.Plans;

/// <summary>
/// <c>GET /api/reports/funnel</c> from stage history on a known pipeline (new 10 %, offer 40 %, contract 80 %) and May 2019
/// (Kyiv time, UTC+3), every figure worked out by hand below.
/// </summary>
public abstract class FunnelTests(HostFixture fixture)
{
    [Fact]
    public async Task The_funnel_counts_stage_history_with_conversions_medians_outcomes_and_a_forecast()
    {
        var rows = new SalesRows(fixture.Host);
        var pipeline = await rows.PipelineAsync(("new", "New", 10), ("offer", "Offer", 40), ("contract", "Contract", 80));
        var (o1, o1Http) = await SalesRows.UserAsync(fixture.Host, "funnel-a", CrmRoles.Manager);
        var o2 = Guid.NewGuid();

        // D1: new 24 h, offer 48 h, now in contract (open, 1,000, closing in June).
        var d1 = await rows.DealAsync(pipeline, "contract", o1, 1_000m, expectedCloseOn: new DateOnly(2019, 6, 15));
        await rows.StaysAsync(d1, pipeline, ("new", At("2019-05-02T10:00Z"), At("2019-05-03T10:00Z")), ("offer", At("2019-05-03T10:00Z"), At("2019-05-05T10:00Z")),
            ("contract", At("2019-05-05T10:00Z"), null));
        // D2: new 12 h, offer 24 h, contract 12 h, won for 2,500 (its potential amount was 2,000).
        var d2 = await rows.DealAsync(pipeline, "contract", o1, 2_000m, DealStatus.Won, 2_500m, At("2019-05-12T00:00Z"));
        await rows.StaysAsync(d2, pipeline, ("new", At("2019-05-10T00:00Z"), At("2019-05-10T12:00Z")), ("offer", At("2019-05-10T12:00Z"), At("2019-05-11T12:00Z")),
            ("contract", At("2019-05-11T12:00Z"), At("2019-05-12T00:00Z")));
        // D3: new 6 h, lost (500).
        var d3 = await rows.DealAsync(pipeline, "new", o1, 500m, DealStatus.Lost, closedAt: At("2019-05-20T06:00Z"));
        await rows.StaysAsync(d3, pipeline, ("new", At("2019-05-20T00:00Z"), At("2019-05-20T06:00Z")));
        // D4: entered the pipeline in April: not in May's funnel, though its offer stay began in May; open, 3,000, June.
        var d4 = await rows.DealAsync(pipeline, "offer", o1, 3_000m, expectedCloseOn: new DateOnly(2019, 6, 20));
        await rows.StaysAsync(d4, pipeline, ("new", At("2019-04-25T00:00Z"), At("2019-05-02T00:00Z")), ("offer", At("2019-05-02T00:00Z"), null));
        // D5: entered at 22:00 UTC on 31 May, 01:00 on 1 June in Kyiv: June's; open, 700, no expected date.
        var d5 = await rows.DealAsync(pipeline, "new", o1, 700m);
        await rows.StaysAsync(d5, pipeline, ("new", At("2019-05-31T22:00Z"), null));
        // D6 (another owner): new 24 h, now in offer (open, 4,000, July).
        var d6 = await rows.DealAsync(pipeline, "offer", o2, 4_000m, expectedCloseOn: new DateOnly(2019, 7, 1));
        await rows.StaysAsync(d6, pipeline, ("new", At("2019-05-15T00:00Z"), At("2019-05-16T00:00Z")), ("offer", At("2019-05-16T00:00Z"), null));

        Assert.True((await fixture.Host.Http(CrmRoles.SalesHead).PutAsJsonAsync("/api/plans/2019-05", new
        {
            items = new object[] { new { userId = o1, amount = 30_000m, count = 3 }, new { userId = o2, amount = 10_000m, count = 1 } },
        })).IsSuccessStatusCode);

        var head = fixture.Host.Http(CrmRoles.SalesHead);
        var funnel = JsonNode.Parse(await head.GetStringAsync($"/api/reports/funnel?pipelineId={pipeline}&from=2019-05-01&to=2019-05-31"))!;

        // The cohort: D1, D2, D3, D6.
        Assert.Equal(4, funnel["entered"]!.GetValue<int>());
        var stages = funnel["stages"]!.AsArray();
        Assert.Equal(["new", "offer", "contract"], stages.Select(s => s!["code"]!.GetValue<string>()).ToArray());
        AssertStage(stages[0]!, reached: 4, amount: 7_500m, conversion: null, median: 18.0);     // 1,000+2,000+500+4,000; stays 6, 12, 24, 24
        AssertStage(stages[1]!, reached: 3, amount: 7_000m, conversion: 0.75m, median: 36.0);   // D1, D2, D6; finished 24 and 48
        AssertStage(stages[2]!, reached: 2, amount: 3_000m, conversion: 0.6667m, median: 12.0); // D1, D2; only D2's 12 h finished
        Assert.Equal(0.4m, stages[1]!["probability"]!.GetValue<decimal>());

        Assert.Equal(1, funnel["won"]!.GetValue<int>());
        Assert.Equal(2_500m, funnel["wonAmount"]!.GetValue<decimal>());
        Assert.Equal(1, funnel["lost"]!.GetValue<int>());
        Assert.Equal(500m, funnel["lostAmount"]!.GetValue<decimal>());

        // The forecast: the open deals now (D1, D4, D5, D6), amount × their stage's probability, by expected close month.
        var forecast = funnel["forecast"]!.AsArray();
        AssertMonth(forecast[0]!, "2019-06", deals: 2, amount: 4_000m, weighted: 2_000m); // 1,000 × 0.8 + 3,000 × 0.4
        AssertMonth(forecast[1]!, "2019-07", deals: 1, amount: 4_000m, weighted: 1_600m); // 4,000 × 0.4
        AssertMonth(forecast[2]!, null, deals: 1, amount: 700m, weighted: 70m);            // 700 × 0.1
        Assert.Equal(3, forecast.Count);

        // Against plan: May's managers' lines (no department line): 40,000 and 4 deals.
        Assert.Equal(40_000m, funnel["plan"]!["amount"]!.GetValue<decimal>());
        Assert.Equal(4, funnel["plan"]!["count"]!.GetValue<int>());
        var owners = funnel["owners"]!.AsArray();
        var first = owners.Single(o => o!["ownerId"]!.GetValue<Guid>() == o1)!;
        Assert.Equal(3, first["entered"]!.GetValue<int>());
        Assert.Equal(1, first["won"]!.GetValue<int>());
        Assert.Equal(2_500m, first["wonAmount"]!.GetValue<decimal>());
        Assert.Equal(30_000m, first["planAmount"]!.GetValue<decimal>());
        Assert.StartsWith("funnel-a-", first["name"]!.GetValue<string>());

        // One owner's funnel: D6 alone reached new and offer; nobody reached contract (conversion 0).
        var second = JsonNode.Parse(await head.GetStringAsync($"/api/reports/funnel?pipelineId={pipeline}&from=2019-05-01&to=2019-05-31&ownerId={o2}"))!;
        var theirs = second["stages"]!.AsArray();
        AssertStage(theirs[0]!, reached: 1, amount: 4_000m, conversion: null, median: 24.0);
        AssertStage(theirs[1]!, reached: 1, amount: 4_000m, conversion: 1m, median: null);
        AssertStage(theirs[2]!, reached: 0, amount: 0m, conversion: 0m, median: null);
        Assert.Equal(10_000m, second["plan"]!["amount"]!.GetValue<decimal>());
        AssertMonth(Assert.Single(second["forecast"]!.AsArray())!, "2019-07", deals: 1, amount: 4_000m, weighted: 1_600m);

        // A Manager sees their own funnel by default, and nobody else's.
        var own = JsonNode.Parse(await o1Http.GetStringAsync($"/api/reports/funnel?pipelineId={pipeline}&from=2019-05-01&to=2019-05-31"))!;
        Assert.Equal(3, own["entered"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.Forbidden, (await o1Http.GetAsync($"/api/reports/funnel?pipelineId={pipeline}&ownerId={o2}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await fixture.Host.Http(CrmRoles.Dispatcher).GetAsync($"/api/reports/funnel?pipelineId={pipeline}")).StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await head.GetAsync($"/api/reports/funnel?pipelineId={Guid.NewGuid()}")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await head.GetAsync("/api/reports/funnel")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await head.GetAsync($"/api/reports/funnel?pipelineId={pipeline}&from=2019-05-31&to=2019-05-01")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await head.GetAsync($"/api/reports/funnel?pipelineId={pipeline}&from=2017-01-01&to=2019-05-01")).StatusCode);
    }

    [Fact]
    public void Medians_are_the_middle_value_or_the_mean_of_the_two_middle_ones()
    {
        Assert.Null(Medians.Of([]));
        Assert.Equal(7.0, Medians.Of([7.0]));
        Assert.Equal(18.0, Medians.Of([24.0, 6.0, 24.0, 12.0]));
        Assert.Equal(12.0, Medians.Of([24.0, 6.0, 12.0]));
    }

    [Fact]
    public void A_deal_reaches_a_stage_once_however_often_it_comes_back_and_every_finished_stay_counts_for_the_median()
    {
        // As Deals' projection writes a funnel row: new 2 h, offer 3 h, back to new 4 h, now in offer again.
        var at = At("2019-05-01T00:00Z");
        var stays = FunnelStays.Write([("new", at, at.AddHours(2)), ("offer", at.AddHours(2), at.AddHours(5)), ("new", at.AddHours(5), at.AddHours(9)), ("offer", at.AddHours(9), null)], microseconds: true);
        Assert.Equal("new=7200000000;offer=10800000000;new=14400000000;offer", stays);

        var tally = new FunnelTally();
        var owner = Guid.NewGuid();
        tally.Add(owner, 10_000, 0, null, Encoding.ASCII.GetBytes(stays)); // 100.00, open
        tally.Add(owner, 5_000, 1, 7_000, "new=3600000000"u8);             // 50.00, won for 70.00 after new 1 h
        var raw = tally.Raw([]);
        Assert.Equal((2, 150m), raw.Reached["new"]);
        Assert.Equal((1, 100m), raw.Reached["offer"]);
        Assert.Equal(2.0, raw.MedianHours["new"]);   // 1, 2, 4 h
        Assert.Equal(3.0, raw.MedianHours["offer"]); // the open stay has no length yet
        var line = Assert.Single(raw.Owners);
        Assert.Equal((2, 1, 70m, 0), (line.Entered, line.Won, line.WonAmount, line.Lost));
    }

    private static void AssertStage(JsonNode stage, int reached, decimal amount, decimal? conversion, double? median)
    {
        var code = stage["code"]!.GetValue<string>();
        Assert.True(reached == stage["reached"]!.GetValue<int>(), $"{code} reached {stage["reached"]}");
        Assert.True(amount == stage["amount"]!.GetValue<decimal>(), $"{code} amount {stage["amount"]}");
        Assert.True(conversion == stage["conversion"]?.GetValue<decimal>(), $"{code} conversion {stage["conversion"]}");
        Assert.True(median == stage["medianHoursInStage"]?.GetValue<double>(), $"{code} median {stage["medianHoursInStage"]}");
    }

    internal static void AssertMonth(JsonNode month, string? key, int deals, decimal amount, decimal weighted)
    {
        Assert.Equal(key, month["month"]?.GetValue<string>());
        Assert.Equal(deals, month["deals"]!.GetValue<int>());
        Assert.Equal(amount, month["amount"]!.GetValue<decimal>());
        Assert.Equal(weighted, month["weighted"]!.GetValue<decimal>());
    }

    private static DateTimeOffset At(string utc) => DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture);
}

[Collection(SqliteHostCollection.Name)]
public sealed class FunnelOnSqlite(SqliteHostFixture fixture) : FunnelTests(fixture);

[Collection(PostgresHostCollection.Name)]
public sealed class FunnelOnPostgres(PostgresHostFixture fixture) : FunnelTests(fixture);
