namespace OrleansCrm.Sales.Activities;

/// <summary>
/// What deals' robots and triggers use of tasks and interactions; Activities implements it. Every call carries an
/// idempotency key (a robot may run again after a lost answer), and a repeat returns what the first call made.
/// </summary>
internal interface IDealActivities
{
    /// <summary>One task per executor; the same key again returns the same tasks.</summary>
    Task<IReadOnlyList<Guid>> CreateTasksAsync(NewTask task, IReadOnlyList<Guid> executorIds, CancellationToken cancellationToken);

    Task<Guid> PlanInteractionAsync(NewInteraction interaction, CancellationToken cancellationToken);

    /// <summary>Tasks of the deal created in that stage (<see cref="NewTask.DealStage"/>) that are not Done, Checked or Closed.</summary>
    Task<int> CountOpenStageTasksAsync(Guid dealId, string stage, CancellationToken cancellationToken);

    /// <summary>Open tasks (Set, Accepted, Returned) per executor; an executor with none is absent.</summary>
    Task<IReadOnlyDictionary<Guid, int>> CountOpenTasksAsync(IReadOnlyCollection<Guid> executors, CancellationToken cancellationToken);
}

/// <param name="AuthorId">Who set it; null when a robot did.</param>
/// <param name="DealStage">The stage whose robot made it: the "all the stage's tasks are done" trigger counts by it.</param>
/// <param name="IdempotencyKey">Unique per intended task set, e.g. <c>robot:{dealId}:{historySeq}:{robotIndex}</c>.</param>
internal sealed record NewTask(
    string Title, string? Description, Guid? AuthorId, DateTimeOffset DueAt,
    Guid? DealId, string? DealStage, Guid? ClientId, Guid? TicketId, string IdempotencyKey);

internal sealed record NewInteraction(
    InteractionKind Kind, Guid ClientId, Guid? ContactId, Guid? DealId, Guid OwnerId,
    DateTimeOffset PlannedAt, string? Notes, string IdempotencyKey);

/// <summary>Stored as a number: the values never change.</summary>
public enum InteractionKind
{
    Call = 0,
    Meeting = 1,
    Email = 2,
    Note = 3,
}
