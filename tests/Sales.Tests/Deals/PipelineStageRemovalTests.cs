using System.Net;
using System.Net.Http.Json;
using OrleansCrm.Sales.Tests.Api;
using OrleansCrm.Testing;

namespace OrleansCrm.Sales.Tests.Deals;

/// <summary>Saving a pipeline that drops a stage still holding open deals is refused, naming the stage and the count.</summary>
public abstract class PipelineStageRemovalTests(HostFixture fixture)
{
    private readonly SalesApi _api = new(fixture);

    [Fact]
    public async Task A_stage_with_open_deals_cannot_be_removed_and_an_empty_one_can()
    {
        var name = SalesApi.Unique("Етапи");
        object Stage(string code) => new { code, name = code, probability = 50 };
        var pipeline = await _api.PipelineAsync(new { name, stages = new[] { Stage("new"), Stage("offer"), Stage("extra") } });
        var id = SalesApi.Id(pipeline);
        var client = await _api.ClientAsync();
        for (var i = 0; i < 2; i++)
        {
            var deal = await _api.DealAsync(_api.Http, new { clientId = client, pipelineId = id, title = "Угода " + i });
            await SalesApi.ReadAsync(await _api.Http.PostAsJsonAsync($"/api/deals/{SalesApi.Id(deal)}/move", new { toStage = "offer" }, CrmHost.Json));
        }

        var refused = await _api.Http.PutAsJsonAsync($"/api/pipelines/{id}", new { name, stages = new[] { Stage("new"), Stage("extra") }, version = SalesApi.Version(pipeline) }, CrmHost.Json);
        var problem = await SalesApi.ReadAsync(refused, HttpStatusCode.Conflict);
        Assert.Equal("Sales.StageHoldsDeals", problem["code"]!.GetValue<string>());
        Assert.Equal(["offer", "2"], problem["args"]!.AsArray().Select(a => a!.ToString()));

        var saved = await SalesApi.ReadAsync(await _api.Http.PutAsJsonAsync($"/api/pipelines/{id}",
            new { name, stages = new[] { Stage("new"), Stage("offer") }, version = SalesApi.Version(pipeline) }, CrmHost.Json));
        Assert.Equal(2, saved["stages"]!.AsArray().Count);
    }
}

[Collection(SqliteHostCollection.Name)]
public sealed class PipelineStageRemovalOnSqlite(SqliteHostFixture fixture) : PipelineStageRemovalTests(fixture);

[Collection(PostgresHostCollection.Name)]
public sealed class PipelineStageRemovalOnPostgres(PostgresHostFixture fixture) : PipelineStageRemovalTests(fixture);
