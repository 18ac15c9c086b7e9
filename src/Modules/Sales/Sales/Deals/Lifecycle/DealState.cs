using OrleansCrm.BuildingBlocks.Grains;
using OrleansCrm.Sales.Contracts;

namespace OrleansCrm.Sales.Deals.Lifecycle;

/// <summary>A deal's persisted state. Its name and shape are part of the stored data: rename nothing without a migration.</summary>
[GenerateSerializer]
public sealed class DealState : IOutboxState<DealMessage>
{
    [Id(0)] public int Version { get; set; }

    /// <summary>False until the deal is created (a grain of an unknown id stores nothing).</summary>
    [Id(1)] public bool Created { get; set; }

    [Id(2)] public Guid PipelineId { get; set; }

    [Id(3)] public string Stage { get; set; } = "";

    [Id(4)] public DealStatus Status { get; set; }

    [Id(5)] public Guid ClientId { get; set; }

    [Id(6)] public string Title { get; set; } = "";

    [Id(7)] public decimal Amount { get; set; }

    [Id(8)] public string Currency { get; set; } = "UAH";

    [Id(9)] public string? Channel { get; set; }

    [Id(10)] public string? Source { get; set; }

    [Id(11)] public List<DealParticipant> Participants { get; set; } = [];

    [Id(12)] public string? PrimaryDemand { get; set; }

    [Id(13)] public Dictionary<string, string> Fields { get; set; } = [];

    [Id(14)] public Guid OwnerId { get; set; }

    [Id(15)] public DateOnly? ExpectedCloseOn { get; set; }

    [Id(16)] public DateOnly? PausedUntil { get; set; }

    [Id(17)] public string? PauseComment { get; set; }

    [Id(18)] public decimal? WonAmount { get; set; }

    [Id(19)] public string? LostReason { get; set; }

    [Id(20)] public DateTimeOffset? ClosedAt { get; set; }

    [Id(21)] public Guid? InvoiceId { get; set; }

    /// <summary>Every stay in a stage, oldest first; the last is the current one (open while the deal is).</summary>
    [Id(22)] public List<DealStageStay> History { get; set; } = [];

    [Id(23)] public DateTimeOffset CreatedAt { get; set; }

    [Id(24)] public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>What the robots, the closing event and the pause reminder are to do, stored with the change that causes it.</summary>
    [Id(25)] public List<DealMessage> Outbox { get; set; } = [];
}

/// <summary>
/// One effect of a stored change, delivered after the commit. <see cref="Seq"/> is the history stay it belongs to: robots
/// key what they make by deal, seq and robot index, so a repeated delivery makes nothing twice.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record DealMessage(
    [property: Id(0)] DealMessageKind Kind,
    [property: Id(1)] int Seq,
    [property: Id(2)] Guid PipelineId,
    [property: Id(3)] string Stage,
    [property: Id(4)] DateTimeOffset At,
    [property: Id(5)] DateOnly? PausedUntil = null);

/// <summary>Stored as a number: the values never change.</summary>
public enum DealMessageKind
{
    /// <summary>The deal entered a stage: its robots run.</summary>
    EnteredStage = 0,

    /// <summary>Won or lost: DealClosed is published.</summary>
    Closed = 1,

    /// <summary>A pause ended: the owner gets a task and a notice.</summary>
    PauseEnded = 2,
}
