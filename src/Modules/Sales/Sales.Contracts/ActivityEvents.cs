using OrleansCrm.BuildingBlocks.LiveFeed;

namespace OrleansCrm.Sales.Contracts;

/// <summary>The live group of one sales user (Manager, SalesHead, Director): the only place its name is spelled.</summary>
public static class SalesGroups
{
    public static string User(Guid userId) => "sales:user:" + userId.ToString("D");
}

/// <summary>A task falls due soon: told once to its executor (the reminder job marks the task).</summary>
[GenerateSerializer, Immutable]
public sealed record TaskDueSoon(
    [property: Id(0)] Guid TaskId,
    [property: Id(1)] Guid ExecutorId,
    [property: Id(2)] string Title,
    [property: Id(3)] DateTimeOffset DueAt,
    [property: Id(4)] DateTimeOffset At) : ILiveEvent
{
    public const string HubMessage = "taskDueSoon";
}

/// <summary>A task changed (set, accepted, done, checked, returned, closed, reassigned): told to its author and executor(s), so their lists refresh.</summary>
[GenerateSerializer, Immutable]
public sealed record TaskChanged(
    [property: Id(0)] Guid TaskId,
    [property: Id(1)] int Version,
    [property: Id(2)] string Title,
    [property: Id(3)] string Status,
    [property: Id(4)] IReadOnlyList<Guid> UserIds,
    [property: Id(5)] DateTimeOffset At) : ILiveEvent
{
    public const string HubMessage = "taskChanged";
}

/// <summary>
/// An interaction was planned, moved or done (by its owner, a head of sales or a deal's robot): told to its owner and the
/// heads of sales (<c>LiveGroups.SalesHeads</c>), so a calendar showing it re-reads without a reload.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record InteractionChanged(
    [property: Id(0)] Guid InteractionId,
    [property: Id(1)] int Version,
    [property: Id(2)] Guid OwnerId,
    [property: Id(3)] DateTimeOffset? PlannedAt,
    [property: Id(4)] bool Done,
    [property: Id(5)] DateTimeOffset At) : ILiveEvent
{
    public const string HubMessage = "interactionChanged";
}
