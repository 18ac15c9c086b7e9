namespace OrleansCrm.Sales.Activities.Interactions;

/// <summary>An interaction is planned until it is done (it has a <c>doneAt</c>).</summary>
public enum InteractionStatus
{
    Planned = 0,
    Done = 1,
}

/// <summary>A call, meeting, e-mail or note with a client, as the API returns it. <see cref="NextId"/> is the one planned when it was finished.</summary>
public sealed record Interaction(
    Guid Id,
    int Version,
    InteractionKind Kind,
    Guid ClientId,
    Guid? ContactId,
    Guid? DealId,
    Guid? TicketId,
    Guid OwnerId,
    DateTimeOffset? PlannedAt,
    DateTimeOffset? DoneAt,
    string? Notes,
    Guid? NextId,
    Guid? HandoverTicketId,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public InteractionStatus Status => DoneAt is null ? InteractionStatus.Planned : InteractionStatus.Done;
}

/// <summary>The next step planned when an interaction is finished.</summary>
public sealed record NextInteraction(InteractionKind? Kind, DateTimeOffset? PlannedAt);

/// <summary>An interaction to store: planned (<see cref="DoneAt"/> null) or done, with the next one to plan.</summary>
internal sealed record InteractionDraft(
    InteractionKind Kind, Guid ClientId, Guid? ContactId, Guid? DealId, Guid? TicketId, Guid OwnerId,
    DateTimeOffset? PlannedAt, DateTimeOffset? DoneAt, string? Notes, string IdempotencyKey);

/// <summary>"No activity": open, unpaused deals with no planned interaction, counted per owner.</summary>
public sealed record IdleDeals(IReadOnlyList<IdleDealCount> Counts, IReadOnlyList<IdleDeal> Deals);

public sealed record IdleDealCount(Guid OwnerId, int Count);

public sealed record IdleDeal(Guid Id, string Title, Guid ClientId, Guid OwnerId, string Stage, DateTimeOffset UpdatedAt);
