using Orleans.Concurrency;
using OrleansCrm.BuildingBlocks.Texts;

namespace OrleansCrm.ServiceDesk.Contracts;

/// <summary>
/// One per support queue: chooses the specialist for each waiting ticket by skill, load, affinity and rating,
/// keeps the queue of tickets nobody can take yet, and re-plans when capacity frees or availability changes.
/// Its view of loads is derived from persisted ticket and specialist state and rebuilt on activation.
/// </summary>
public interface IDispatcherGrain : IGrainWithStringKey
{
    /// <summary>
    /// A new ticket, before it is first stored, asks who takes it. The choice is made and reserved in memory (no I/O),
    /// so the ticket can store itself opened and assigned in one write while the dispatcher serves the next one.
    /// It cannot deadlock: the dispatcher only waits on tickets it already knows, and a ticket calls this before that.
    /// </summary>
    Task<DispatchDecision> Place(TicketToPlace ticket);

    /// <summary>
    /// A ticket that <see cref="Place"/> counted at <paramref name="placedAt"/> (its <c>CreatedAt</c>) could not store
    /// itself: forget it and its reservation, unless it has been placed again since (a retry of the open).
    /// </summary>
    [OneWay]
    Task Withdraw(Guid ticketId, DateTimeOffset placedAt);

    /// <summary>The ticket needs a specialist (new, declined, redirected without a target, or timed out).</summary>
    Task<DispatchDecision> Dispatch(Guid ticketId, Guid? excludeSpecialistId);

    /// <summary>
    /// A ticket went back to the queue by itself (its assignment timed out): dispatch it. One-way, because the ticket
    /// calls from its own timer and the dispatcher will call the ticket back to assign it.
    /// </summary>
    [OneWay]
    Task Requeued(Guid ticketId);

    /// <summary>A specialist's availability, skills or capacity changed, or their load went down: re-plan.</summary>
    [OneWay]
    Task SpecialistChanged(Guid specialistId);

    /// <summary>
    /// A person moves a ticket: to a named specialist, who must be on duty, have the skill at the level and room for it
    /// (a critical ticket may go over capacity, flagged), or back to the queue for the next best. 409 explains a refusal.
    /// </summary>
    Task<TicketDetails> Redirect(Guid ticketId, Guid? toSpecialistId, string reason, string actor, int? expectedVersion);

    /// <summary>
    /// A person assigns a ticket waiting in the queue to a named specialist, with the checks of <see cref="Redirect"/>
    /// (on duty, the skill at the level, room for it, a critical ticket over capacity flagged). The queue entry is taken
    /// once: a ticket that is no longer waiting (assigned meanwhile, cancelled) is refused with 409 and nothing moves.
    /// </summary>
    Task<TicketDetails> AssignFromQueue(Guid ticketId, Guid specialistId, string? reason, string actor, int? expectedVersion);

    Task<DispatchBoard> Board();

    /// <summary>The moves <see cref="Rebalance"/> would make now, without making them: the board's preview.</summary>
    Task<IReadOnlyList<RebalanceMove>> PlanRebalance();

    /// <summary>Moves not-started tickets from specialists above the average load ratio to those below it.</summary>
    Task<IReadOnlyList<RebalanceMove>> Rebalance(string actor);
}

/// <summary>What the dispatcher needs to know of a ticket it has not seen stored yet.</summary>
[GenerateSerializer, Immutable]
public sealed record TicketToPlace(
    [property: Id(0)] Guid Id,
    [property: Id(1)] Guid ClientId,
    [property: Id(2)] string Subject,
    [property: Id(3)] TicketPriority Priority,
    [property: Id(4)] string RequiredSkill,
    [property: Id(5)] int MinLevel,
    [property: Id(6)] DateTimeOffset CreatedAt,
    [property: Id(7)] DateTimeOffset DueAt);

/// <summary>Who got the ticket and why, or why it waits: <see cref="Reason"/> in English, <see cref="Text"/> for each reader's language.</summary>
[GenerateSerializer, Immutable]
public sealed record DispatchDecision(
    [property: Id(0)] Guid TicketId,
    [property: Id(1)] Guid? SpecialistId,
    [property: Id(2)] bool OverCapacity,
    [property: Id(3)] string Reason,
    [property: Id(4)] ServerText? Text = null);

/// <summary>A move a rebalance makes: <see cref="Reason"/> in English, <see cref="Text"/> for each reader's language.</summary>
[GenerateSerializer, Immutable]
public sealed record RebalanceMove(
    [property: Id(0)] Guid TicketId,
    [property: Id(1)] Guid FromSpecialistId,
    [property: Id(2)] Guid ToSpecialistId,
    [property: Id(3)] string Reason,
    [property: Id(4)] ServerText? Text = null);

[GenerateSerializer, Immutable]
public sealed record BoardTicket(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string Subject,
    [property: Id(2)] TicketPriority Priority,
    [property: Id(3)] TicketStatus Status,
    [property: Id(4)] string RequiredSkill,
    [property: Id(5)] int MinLevel,
    [property: Id(6)] DateTimeOffset CreatedAt,
    [property: Id(7)] DateTimeOffset DueAt,
    [property: Id(8)] int RedirectCount,
    [property: Id(9)] Guid ClientId,
    [property: Id(10)] bool NobodyHasSkill)
{
    /// <summary>The client's short name, filled in by the board's query (the dispatcher knows only the id).</summary>
    [Id(11)]
    public string? ClientName { get; init; }
}

[GenerateSerializer, Immutable]
public sealed record BoardSpecialist(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string Availability,
    [property: Id(3)] int Load,
    [property: Id(4)] int Capacity,
    [property: Id(5)] double Rating,
    [property: Id(6)] IReadOnlyList<BoardTicket> Tickets);

/// <summary>The waiting queue (by priority, then age) and every specialist's column.</summary>
[GenerateSerializer, Immutable]
public sealed record DispatchBoard(
    [property: Id(0)] string Queue,
    [property: Id(1)] IReadOnlyList<BoardTicket> Waiting,
    [property: Id(2)] IReadOnlyList<BoardSpecialist> Specialists);
