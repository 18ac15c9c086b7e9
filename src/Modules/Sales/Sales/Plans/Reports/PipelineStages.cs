using System.Text.Json;

namespace OrleansCrm.Sales.Plans.Reports;

/// <summary>A pipeline's stage as the funnel needs it: code, name, and the probability a deal there is won (0 to 1).</summary>
public sealed record FunnelStageInfo(string Code, string Name, decimal Probability);

/// <summary>
/// Reads the stages of a pipeline's JSON document (sales.pipelines.stages, written by Deals): an ordered array of
/// <c>{ code, name, probability, … }</c>. A probability above 1 is taken as a percentage, so 40 and 0.4 read the same.
/// </summary>
public static class PipelineStages
{
    public static IReadOnlyList<FunnelStageInfo> Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var stages = new List<FunnelStageInfo>();
        foreach (var stage in document.RootElement.EnumerateArray())
        {
            var code = Text(stage, "code") ?? "";
            var probability = Number(stage, "probability") ?? 0m;
            stages.Add(new FunnelStageInfo(code, Text(stage, "name") ?? code, probability > 1 ? probability / 100m : probability));
        }

        return stages;
    }

    private static string? Text(JsonElement element, string name) =>
        Property(element, name) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    private static decimal? Number(JsonElement element, string name) =>
        Property(element, name) is { ValueKind: JsonValueKind.Number } value ? value.GetDecimal() : null;

    private static JsonElement? Property(JsonElement element, string name)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value;
            }
        }

        return null;
    }
}
