using System.Text.Json.Nodes;
using OrleansCrm.Testing;

namespace OrleansCrm.E2E.Sales;

/// <summary>The demo's sales pipeline, once its seeder (which runs after the clients' and billing's) has made it and its deals.</summary>
internal static class DemoSales
{
    public const string PipelineName = "Продажі";

    /// <summary>The pipeline's id when the user sees at least one open demo deal in it.</summary>
    public static async Task<Guid> PipelineAsync(HttpClient http) =>
        (await ApiAssert.EventuallyAsync(async () =>
        {
            var pipeline = JsonNode.Parse(await http.GetStringAsync("/api/pipelines"))!.AsArray().FirstOrDefault(p => p!["name"]!.GetValue<string>() == PipelineName);
            return pipeline is null || JsonNode.Parse(await http.GetStringAsync($"/api/deals?pipelineId={pipeline["id"]}&status=Open&pageSize=1"))!["total"]!.GetValue<int>() == 0
                ? null
                : (Guid?)pipeline["id"]!.GetValue<Guid>();
        }, id => id is not null, seconds: 120))!.Value;
}
