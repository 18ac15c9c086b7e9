using OrleansCrm.BuildingBlocks.LiveFeed;

namespace OrleansCrm.Sales.Contracts;

/// <summary>A deal changed (created, edited, moved, paused, won or lost): the kanban of its owner and the heads of sales update.</summary>
[GenerateSerializer, Immutable]
public sealed record DealChanged(
    [property: Id(0)] Guid DealId,
    [property: Id(1)] int Version,
    [property: Id(2)] Guid OwnerId,
    [property: Id(3)] Guid PipelineId,
    [property: Id(4)] string Stage,
    [property: Id(5)] DealStatus Status,
    [property: Id(6)] DateTimeOffset At) : ILiveEvent
{
    public const string HubMessage = "dealChanged";
}

/// <summary>
/// Something a user should see now about a deal: a stage robot's notice, or the end of a pause. <paramref name="Code"/> is
/// a server text code (Sales.Notice_…), rendered in the reader's language with <paramref name="Args"/>.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record DealNotice(
    [property: Id(0)] Guid UserId,
    [property: Id(1)] Guid DealId,
    [property: Id(2)] string Title,
    [property: Id(3)] string Code,
    [property: Id(4)] IReadOnlyList<string> Args,
    [property: Id(5)] DateTimeOffset At) : ILiveEvent
{
    public const string HubMessage = "dealNotice";
}
