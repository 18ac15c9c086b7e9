using System.Globalization;
using OrleansCrm.BuildingBlocks.Errors;
using OrleansCrm.Sales.Contracts;
using OrleansCrm.Sales.Deals.Pipelines;
using OrleansCrm.Sales.Texts;

namespace OrleansCrm.Sales.Deals.Lifecycle;

/// <summary>What a deal may do, decided without Orleans: the grain and the handlers ask here, unit tests call it directly.</summary>
internal static class DealRules
{
    /// <summary>At most this many MoveToPipeline hops in one change: a loop between pipelines stops instead of spinning.</summary>
    public const int MaxHops = 5;

    public static void CheckOpen(DealState deal)
    {
        if (deal.Status != DealStatus.Open)
        {
            throw new ConflictException(SalesTexts.Say("DealClosed"), deal.Version);
        }
    }

    public static void CheckVersion(DealState deal, int? version)
    {
        if (version is { } read && read != deal.Version)
        {
            throw new ConflictException(SalesTexts.Say("DealChanged"), deal.Version);
        }
    }

    /// <summary>
    /// The required fields of <paramref name="stage"/> that the deal leaves empty, as the API spells them, then the kinds of
    /// file it requires that the deal has none of (<paramref name="attached"/>).
    /// </summary>
    public static IReadOnlyList<string> Missing(PipelineStage stage, DealState deal, IReadOnlySet<string> attached) =>
        [.. (stage.RequiredFields ?? []).Where(field => !Filled(field, deal)), .. (stage.RequiredAttachments ?? []).Where(kind => !attached.Contains(kind))];

    public static bool Filled(string field, DealState deal) => field switch
    {
        "amount" => deal.Amount > 0,
        "expectedCloseOn" => deal.ExpectedCloseOn is not null,
        "channel" => !string.IsNullOrWhiteSpace(deal.Channel),
        "source" => !string.IsNullOrWhiteSpace(deal.Source),
        "participants" => deal.Participants.Count > 0,
        "primaryDemand" => !string.IsNullOrWhiteSpace(deal.PrimaryDemand),
        _ => deal.Fields.TryGetValue(field, out var value) && !string.IsNullOrWhiteSpace(value),
    };

    /// <summary>409 naming the fields and attachments when the deal may not leave its stage yet.</summary>
    public static void CheckLeave(Pipeline pipeline, DealState deal, IReadOnlySet<string> attached)
    {
        if (pipeline.Stage(deal.Stage) is { } current && Missing(current, deal, attached) is { Count: > 0 } missing)
        {
            var files = (current.RequiredAttachments ?? []).Where(missing.Contains).ToList();
            var fields = missing.Except(files).ToList();
            var text = files.Count == 0
                ? SalesTexts.Say("FieldsMissing", string.Join(", ", fields))
                : SalesTexts.Say("AttachmentsMissing", fields.Count == 0 ? "—" : string.Join(", ", fields), string.Join(", ", files));
            throw new ConflictException(text, deal.Version) { Missing = missing };
        }
    }

    /// <summary>A custom field's value in its invariant text form, or null when it does not fit the type.</summary>
    public static string? Normalize(CustomFieldType type, System.Text.Json.JsonElement value)
    {
        switch (type)
        {
            case CustomFieldType.Text:
                return value.ValueKind == System.Text.Json.JsonValueKind.String && value.GetString()!.Length <= 1000 ? value.GetString() : null;
            case CustomFieldType.Number:
                return value.ValueKind == System.Text.Json.JsonValueKind.Number && value.TryGetDecimal(out var number)
                    ? number.ToString(CultureInfo.InvariantCulture) : null;
            case CustomFieldType.Money:
                return value.ValueKind == System.Text.Json.JsonValueKind.Number && value.TryGetDecimal(out var money) && money >= 0 && money < 1_000_000_000m
                    && BuildingBlocks.Money.Hryvnias.IsWholeKopiykas(money)
                    ? money.ToString(CultureInfo.InvariantCulture) : null;
            case CustomFieldType.Date:
                return value.ValueKind == System.Text.Json.JsonValueKind.String
                    && DateOnly.TryParseExact(value.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                    ? date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : null;
            case CustomFieldType.Bool:
                return value.ValueKind is System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False ? value.GetBoolean() ? "true" : "false" : null;
            default:
                return null;
        }
    }
}
