using System.Text.Json.Serialization;

namespace OrleansCrm.Sales.Deals.Pipelines;

/// <summary>
/// A pipeline (a kind of deal) as stored in sales.pipelines and answered by the API: its ordered stages, the typed custom
/// fields its deals carry, the reasons a deal may be lost for, and what a paid invoice moves a deal to.
/// </summary>
public sealed record Pipeline(
    Guid Id,
    string Name,
    int Version,
    bool NextInteractionRequired,
    IReadOnlyList<PipelineStage> Stages,
    IReadOnlyList<CustomField> CustomFields,
    IReadOnlyList<string> LossReasons,
    string? OnInvoicePaid,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public PipelineStage? Stage(string code) => Stages.FirstOrDefault(s => s.Code == code);

    /// <summary>The stage after <paramref name="code"/>, or null at the last one.</summary>
    public PipelineStage? After(string code)
    {
        var index = Stages.ToList().FindIndex(s => s.Code == code);
        return index >= 0 && index + 1 < Stages.Count ? Stages[index + 1] : null;
    }
}

/// <param name="RequiredFields">Deal fields that must be filled before a deal leaves this stage: built-in ones (<see cref="DealFieldNames"/>) or custom keys.</param>
/// <param name="AdvanceWhenTasksDone">The trigger: when every task this stage's robots made is done, the deal moves to the next stage.</param>
/// <param name="RequiredAttachments">Kinds of file (<c>contract-scan</c>…) the deal must have attached before it leaves this stage.</param>
public sealed record PipelineStage(
    string Code,
    string Name,
    int Probability,
    IReadOnlyList<string>? RequiredFields,
    IReadOnlyList<StageRobot>? Robots,
    bool AdvanceWhenTasksDone = false,
    IReadOnlyList<string>? RequiredAttachments = null);

/// <summary>
/// What happens when a deal enters a stage. The fields a kind needs: CreateTask (title, assignee "Owner" or a role name,
/// dueAfter like "4h", "2d", "30m" of working time), Notify (text, assignee), PlanInteraction (interaction, dueAfter,
/// title as its notes), DraftInvoice (nothing), MoveToPipeline (pipelineId, stage).
/// </summary>
public sealed record StageRobot(
    RobotKind Kind,
    string? Title = null,
    string? Assignee = null,
    string? DueAfter = null,
    string? Text = null,
    Activities.InteractionKind? Interaction = null,
    Guid? PipelineId = null,
    string? Stage = null);

/// <summary>Stored by name in the pipeline's JSON; the values are fixed anyway.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RobotKind>))]
public enum RobotKind
{
    CreateTask = 0,
    Notify = 1,
    PlanInteraction = 2,
    DraftInvoice = 3,
    MoveToPipeline = 4,
}

public sealed record CustomField(string Key, string Name, CustomFieldType Type);

[JsonConverter(typeof(JsonStringEnumConverter<CustomFieldType>))]
public enum CustomFieldType
{
    Text = 0,
    Number = 1,
    Date = 2,
    Money = 3,
    Bool = 4,
}

/// <summary>The built-in deal fields a stage may require, as the API spells them.</summary>
public static class DealFieldNames
{
    public const string Assignee = "Owner";

    public static readonly IReadOnlyList<string> BuiltIn = ["amount", "expectedCloseOn", "channel", "source", "participants", "primaryDemand"];
}
