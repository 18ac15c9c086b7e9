namespace OrleansCrm.Sales.Contracts;

/// <summary>One deal as its grain answers: its fields, where it stands, and its stage history (every stay in every pipeline).</summary>
/// <param name="Fields">Typed custom fields by key, as the pipeline declares them; values in their invariant text form.</param>
/// <param name="InvoiceId">The draft invoice a stage robot made for the deal; its payment can move the deal.</param>
/// <param name="Attachments">The deal's files, filled where one deal is read (they are rows beside the deal, not its grain's state).</param>
[GenerateSerializer, Immutable]
public sealed record DealDetails(
    [property: Id(0)] Guid Id,
    [property: Id(1)] int Version,
    [property: Id(2)] Guid PipelineId,
    [property: Id(3)] string Stage,
    [property: Id(4)] DealStatus Status,
    [property: Id(5)] Guid ClientId,
    [property: Id(6)] string Title,
    [property: Id(7)] decimal Amount,
    [property: Id(8)] string Currency,
    [property: Id(9)] string? Channel,
    [property: Id(10)] string? Source,
    [property: Id(11)] IReadOnlyList<DealParticipant> Participants,
    [property: Id(12)] string? PrimaryDemand,
    [property: Id(13)] IReadOnlyDictionary<string, string> Fields,
    [property: Id(14)] Guid OwnerId,
    [property: Id(15)] DateOnly? ExpectedCloseOn,
    [property: Id(16)] DateOnly? PausedUntil,
    [property: Id(17)] string? PauseComment,
    [property: Id(18)] decimal? WonAmount,
    [property: Id(19)] string? LostReason,
    [property: Id(20)] DateTimeOffset? ClosedAt,
    [property: Id(21)] Guid? InvoiceId,
    [property: Id(22)] IReadOnlyList<DealStageStay> History,
    [property: Id(23)] DateTimeOffset CreatedAt,
    [property: Id(24)] DateTimeOffset UpdatedAt,
    [property: Id(25)] IReadOnlyList<DealAttachment>? Attachments = null);

/// <summary>A file on a deal (sales.deal_attachments): its <paramref name="Kind"/> (<c>contract-scan</c>, <c>proposal</c>…) is what a stage may require.</summary>
[GenerateSerializer, Immutable]
public sealed record DealAttachment(
    [property: Id(0)] Guid Id,
    [property: Id(1)] Guid DealId,
    [property: Id(2)] string Kind,
    [property: Id(3)] string FileName,
    [property: Id(4)] string ContentType,
    [property: Id(5)] long Size,
    [property: Id(6)] Guid? UploadedBy,
    [property: Id(7)] DateTimeOffset UploadedAt);

/// <summary>Someone taking part in a deal on the client's side or ours, with their role in it (decides, pays, uses…).</summary>
[GenerateSerializer, Immutable]
public sealed record DealParticipant([property: Id(0)] string Name, [property: Id(1)] string? Role, [property: Id(2)] Guid? ContactId);

/// <summary>One stay of a deal in a stage (sales.deal_stages): <paramref name="By"/> is null when a robot or trigger moved it.</summary>
[GenerateSerializer, Immutable]
public sealed record DealStageStay(
    [property: Id(0)] int Seq,
    [property: Id(1)] Guid PipelineId,
    [property: Id(2)] string Stage,
    [property: Id(3)] DateTimeOffset EnteredAt,
    [property: Id(4)] DateTimeOffset? LeftAt,
    [property: Id(5)] Guid? By);

/// <summary>What a deal is created with; the stage is the pipeline's first, checked by the handler.</summary>
[GenerateSerializer, Immutable]
public sealed record NewDeal(
    [property: Id(0)] Guid PipelineId,
    [property: Id(1)] string FirstStage,
    [property: Id(2)] Guid ClientId,
    [property: Id(3)] string Title,
    [property: Id(4)] decimal Amount,
    [property: Id(5)] string Currency,
    [property: Id(6)] string? Channel,
    [property: Id(7)] string? Source,
    [property: Id(8)] IReadOnlyList<DealParticipant> Participants,
    [property: Id(9)] string? PrimaryDemand,
    [property: Id(10)] IReadOnlyDictionary<string, string> Fields,
    [property: Id(11)] Guid OwnerId,
    [property: Id(12)] DateOnly? ExpectedCloseOn,
    [property: Id(13)] Guid? By);

/// <summary>A deal's editable fields, replaced whole; <paramref name="Version"/> is the one the editor read.</summary>
[GenerateSerializer, Immutable]
public sealed record DealEdit(
    [property: Id(0)] string Title,
    [property: Id(1)] decimal Amount,
    [property: Id(2)] string Currency,
    [property: Id(3)] string? Channel,
    [property: Id(4)] string? Source,
    [property: Id(5)] IReadOnlyList<DealParticipant> Participants,
    [property: Id(6)] string? PrimaryDemand,
    [property: Id(7)] IReadOnlyDictionary<string, string> Fields,
    [property: Id(8)] Guid OwnerId,
    [property: Id(9)] DateOnly? ExpectedCloseOn,
    [property: Id(10)] int Version);

/// <summary>
/// A deal brought in whole with its past (the demo data, or a move from another CRM): its stays and their times as they
/// were; no robot runs for them.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ImportedDeal(
    [property: Id(0)] NewDeal Deal,
    [property: Id(1)] DealStatus Status,
    [property: Id(2)] decimal? WonAmount,
    [property: Id(3)] string? LostReason,
    [property: Id(4)] DateTimeOffset? ClosedAt,
    [property: Id(5)] IReadOnlyList<DealStageStay> History,
    [property: Id(6)] DateTimeOffset CreatedAt);

/// <summary>The deal, one grain per id: the source of truth for its stage, status and history.</summary>
public interface IDealGrain : IGrainWithGuidKey
{
    Task<DealDetails?> Get();

    Task<DealDetails> Create(NewDeal deal);

    Task<DealDetails> Update(DealEdit edit);

    /// <summary>Creates the deal with its past (nothing when it exists already).</summary>
    Task<DealDetails> Import(ImportedDeal deal);

    /// <summary>To another stage of its pipeline; a 409 with the missing fields when the current stage's required ones are empty.</summary>
    Task<DealDetails> Move(string toStage, int? version, Guid? by);

    Task<DealDetails> Win(decimal amount, Guid? by);

    Task<DealDetails> Lose(string reason, Guid? by);

    Task<DealDetails> Pause(DateOnly until, string comment, Guid? by);

    /// <summary>The pause is over on <paramref name="today"/>: the owner is reminded (once). Nothing when it is not due.</summary>
    Task<DealDetails?> EndPauseIfDue(DateOnly today);

    /// <summary>The "all the stage's tasks are done" trigger: to the next stage when the deal is still in <paramref name="stage"/>.</summary>
    Task<DealDetails?> AdvanceFrom(string stage);

    /// <summary>The deal's invoice was paid: to the stage the pipeline names for it, if it names one.</summary>
    Task<DealDetails?> InvoicePaid(Guid invoiceId);
}
