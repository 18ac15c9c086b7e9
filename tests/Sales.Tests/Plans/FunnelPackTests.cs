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
/// The funnel read from sales.funnel_packs (<see cref="FunnelPacker"/>): the same answer as from the rows, and a deal written
/// after its day was packed counts as it is now, whoever owns it.
/// </summary>
public abstract class FunnelPackTests(HostFixture fixture)
{
    protected SalesDb Db { get; } = fixture.Host.HostServices.GetRequiredService<SalesDb>();

    protected FunnelPacker Packer { get; } = fixture.Host.HostServices.GetRequiredService<FunnelPacker>();

    [Fact]
    public async Task A_packed_funnel_answers_as_the_rows_did_and_a_deal_written_after_its_pack_counts_as_it_is_now()
    {
        var rows = new SalesRows(fixture.Host);
        var pipeline = await rows.PipelineAsync(("new", "New", 10), ("offer", "Offer", 40));
        var (o1, o2) = (Guid.NewGuid(), Guid.NewGuid());
        // March 2019 in Kyiv. D1: new 24 h, now in offer (1,000). D2: new 12 h, won for 2,500. D3 entered at 23:00 UTC on
        // 31 March, 02:00 on 1 April in Kyiv, summer time since that night (its UTC day is packed with March's last, but it is April's).
        var d1 = await rows.DealAsync(pipeline, "offer", o1, 1_000m);
        await rows.StaysAsync(d1, pipeline, ("new", At("2019-03-04T09:00Z"), At("2019-03-05T09:00Z")), ("offer", At("2019-03-05T09:00Z"), null));
        var d2 = await rows.DealAsync(pipeline, "new", o1, 2_000m, Contracts.DealStatus.Won, 2_500m, At("2019-03-04T21:00Z"));
        await rows.StaysAsync(d2, pipeline, ("new", At("2019-03-04T09:00Z"), At("2019-03-04T21:00Z")));
        var d3 = await rows.DealAsync(pipeline, "new", o2, 700m);
        await rows.StaysAsync(d3, pipeline, ("new", At("2019-03-31T23:00Z"), null));

        var head = fixture.Host.Http(CrmRoles.SalesHead);
        var march = $"/api/reports/funnel?pipelineId={pipeline}&from=2019-03-01&to=2019-03-31";
        var fromRows = await head.GetStringAsync(march);

        await Packer.PackDayAsync(pipeline, At("2019-03-04T00:00Z"), CancellationToken.None);
        await Packer.PackDayAsync(pipeline, At("2019-03-31T00:00Z"), CancellationToken.None);
        Assert.Equal(0, await UnpackedAsync(pipeline));
        Assert.Equal(2, await CountAsync($"SELECT COUNT(*) FROM {Db.FunnelPacks} WHERE pipeline_id = @pipeline", pipeline));
        Assert.Equal(fromRows, await head.GetStringAsync(march));
        var funnel = JsonNode.Parse(fromRows)!;
        Assert.Equal(2, funnel["entered"]!.GetValue<int>());
        Assert.Equal(3_000m, funnel["stages"]![0]!["amount"]!.GetValue<decimal>());
        Assert.Equal(18.0, funnel["stages"]![0]!["medianHoursInStage"]!.GetValue<double>()); // 12 and 24 h
        Assert.Equal(1, JsonNode.Parse(await head.GetStringAsync($"/api/reports/funnel?pipelineId={pipeline}&from=2019-04-01&to=2019-04-30"))!["entered"]!.GetValue<int>());

        // D1 handed to o2 for 1,200, as Deals' projection writes it (a new version, not packed): its pack still has it as o1's.
        await ExecuteAsync($"UPDATE {Db.DealFunnel} SET owner_id = @owner, amount = 120000, version = version + 1, packed = 0 WHERE deal_id = @deal",
            ("@owner", Db.Id(o2)), ("@deal", Db.Id(d1)));
        var theirs = JsonNode.Parse(await head.GetStringAsync($"{march}&ownerId={o2}"))!;
        Assert.Equal(1, theirs["entered"]!.GetValue<int>());
        Assert.Equal(1_200m, theirs["stages"]![1]!["amount"]!.GetValue<decimal>());
        var his = JsonNode.Parse(await head.GetStringAsync($"{march}&ownerId={o1}"))!;
        Assert.Equal(1, his["entered"]!.GetValue<int>());
        Assert.Equal(0, his["stages"]![1]!["reached"]!.GetValue<int>());
        var all = await head.GetStringAsync(march);
        Assert.Equal(3_200m, JsonNode.Parse(all)!["stages"]![0]!["amount"]!.GetValue<decimal>());

        // Packed again, the same.
        await Packer.PackAsync(CancellationToken.None);
        Assert.Equal(0, await UnpackedAsync(pipeline));
        Assert.Equal(all, await head.GetStringAsync(march));
    }

    [Fact]
    public async Task A_deal_moved_through_the_api_after_its_day_was_packed_is_counted_in_its_new_stage()
    {
        var api = new SalesApi(fixture);
        var pipeline = SalesApi.Id(await api.PipelineAsync(new
        {
            name = SalesApi.Unique("Пакети"),
            stages = new object[] { new { code = "new", name = "Нова", probability = 10 }, new { code = "offer", name = "Пропозиція", probability = 50 } },
        }));
        var deal = await api.DealAsync(api.Http, new { pipelineId = pipeline, clientId = await api.ClientAsync(), title = "Пакет", amount = 500m });
        // The job leaves today to be read as rows (FunnelPacker.PackAsync); packed by hand here, as it is tomorrow.
        var today = DateTimeOffset.Parse(deal["createdAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture).UtcDateTime.Date;
        await Packer.PackAsync(CancellationToken.None);
        if (DateTime.UtcNow.Date == today)
        {
            Assert.Equal(1, await UnpackedAsync(pipeline));
        }

        await Packer.PackDayAsync(pipeline, new DateTimeOffset(today, TimeSpan.Zero), CancellationToken.None);
        Assert.Equal(0, await UnpackedAsync(pipeline));

        await SalesApi.ReadAsync(await api.Http.PostAsJsonAsync($"/api/deals/{SalesApi.Id(deal)}/move", new { toStage = "offer", version = SalesApi.Version(deal) }, CrmHost.Json));
        Assert.Equal(1, await UnpackedAsync(pipeline));
        var funnel = JsonNode.Parse(await fixture.Host.Http(CrmRoles.SalesHead).GetStringAsync($"/api/reports/funnel?pipelineId={pipeline}"))!;
        Assert.Equal(1, funnel["stages"]![1]!["reached"]!.GetValue<int>());
        Assert.NotNull(funnel["stages"]![0]!["medianHoursInStage"]?.GetValue<double>());
    }

    protected Task<long> CountAsync(string sql, Guid pipeline) => new SalesRows(fixture.Host).CountAsync(sql, ("@pipeline", Db.Id(pipeline)));

    /// <summary>The pipeline's funnel rows not packed.</summary>
    protected Task<long> UnpackedAsync(Guid pipeline) => CountAsync($"SELECT COUNT(*) FROM {Db.DealFunnel} WHERE pipeline_id = @pipeline AND packed = 0", pipeline);

    protected Task ExecuteAsync(string sql, params (string, object?)[] parameters) => new SalesRows(fixture.Host).ExecuteAsync(sql, parameters);

    protected static DateTimeOffset At(string utc) => DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture);
}

[Collection(SqliteHostCollection.Name)]
public sealed class FunnelPackOnSqlite(SqliteHostFixture fixture) : FunnelPackTests(fixture);

[Collection(PostgresHostCollection.Name)]
public sealed class FunnelPackOnPostgres(PostgresHostFixture fixture) : FunnelPackTests(fixture)
{
    private readonly HostFixture _fixture = fixture;

    [Fact]
    public async Task The_packer_does_not_wait_for_a_row_a_write_holds_and_leaves_it_to_be_read_as_a_row()
    {
        var rows = new SalesRows(_fixture.Host);
        var pipeline = await rows.PipelineAsync(("new", "New", 10));
        var owner = Guid.NewGuid();
        var d1 = await rows.DealAsync(pipeline, "new", owner, 1_000m);
        await rows.StaysAsync(d1, pipeline, ("new", At("2019-02-04T09:00Z"), null));
        var d2 = await rows.DealAsync(pipeline, "new", owner, 2_000m);
        await rows.StaysAsync(d2, pipeline, ("new", At("2019-02-04T10:00Z"), null));

        // A deal's write in flight holds D1's row (its new amount not committed yet) while the day is packed.
        await using var writer = await Db.OpenAsync();
        await using var transaction = await writer.BeginTransactionAsync();
        await ModuleDb.ExecuteAsync(writer, transaction, $"UPDATE {Db.DealFunnel} SET amount = 500000, version = version + 1, packed = 0 WHERE deal_id = @deal",
            CancellationToken.None, ("@deal", Db.Id(d1)));
        using (var limit = new CancellationTokenSource(TimeSpan.FromSeconds(20)))
        {
            await Packer.PackDayAsync(pipeline, At("2019-02-04T00:00Z"), limit.Token);
        }

        Assert.Equal(1, await UnpackedAsync(pipeline));
        await transaction.CommitAsync();

        var funnel = JsonNode.Parse(await _fixture.Host.Http(CrmRoles.SalesHead).GetStringAsync($"/api/reports/funnel?pipelineId={pipeline}&from=2019-02-01&to=2019-02-28"))!;
        Assert.Equal(2, funnel["entered"]!.GetValue<int>());
        Assert.Equal(7_000m, funnel["stages"]![0]!["amount"]!.GetValue<decimal>()); // 5,000 as written since + 2,000 from the pack
    }
}
