using Mediator;

namespace OrleansCrm.Staff.Contracts;

// Stored by number in grain state (StoredEnums.txt in Host.Tests guards it): keep every value; a new member takes a new one.
public enum AvailabilityStatus
{
    OnDuty = 0,
    Absent = 1,
    OffShift = 2,
}

/// <summary>OnDuty, Absent until a date (null: until further notice), or OffShift.</summary>
[GenerateSerializer, Immutable]
public sealed record Availability([property: Id(0)] AvailabilityStatus Status, [property: Id(1)] DateTimeOffset? Until);

/// <summary>A skill code (free-form, e.g. "1c.erp", "medoc", "qes") at a level from 1 to 5.</summary>
[GenerateSerializer, Immutable]
public sealed record Skill([property: Id(0)] string Code, [property: Id(1)] int Level);

[GenerateSerializer, Immutable]
public sealed record Certificate([property: Id(0)] string Name, [property: Id(1)] DateOnly Date);

/// <summary>Ticket weights by priority: what a ticket adds to its specialist's load.</summary>
public static class TicketWeights
{
    public const int Low = 1;
    public const int Normal = 2;
    public const int High = 3;
    public const int Critical = 5;
}

/// <summary>How a specialist's rating is made up, each part in points; <see cref="Total"/> is 0–100.</summary>
[GenerateSerializer, Immutable]
public sealed record RatingParts(
    [property: Id(0)] double Qualification,
    [property: Id(1)] double ResolvedTickets,
    [property: Id(2)] double Certificates,
    [property: Id(3)] double OnTime,
    [property: Id(4)] double Declines,
    [property: Id(5)] double Total);

/// <summary>What a specialist has done with assignments, ever (resolved also in the last 90 days, for the rating).</summary>
[GenerateSerializer, Immutable]
public sealed record WorkCounters(
    [property: Id(0)] int Accepted,
    [property: Id(1)] int Declined,
    [property: Id(2)] int RedirectedAway,
    [property: Id(3)] int Resolved,
    [property: Id(4)] int ResolvedLast90Days,
    [property: Id(5)] int ResolvedOnTime,
    [property: Id(6)] int Overdue);

/// <summary>A specialist as the API and other modules see them, with live load and rating.</summary>
[GenerateSerializer, Immutable]
public sealed record SpecialistDetails(
    [property: Id(0)] Guid Id,
    [property: Id(1)] int Version,
    [property: Id(2)] string Name,
    [property: Id(3)] string? UserId,
    [property: Id(4)] IReadOnlyList<Skill> Skills,
    [property: Id(5)] int QualificationGrade,
    [property: Id(6)] IReadOnlyList<Certificate> Certificates,
    [property: Id(7)] int Capacity,
    [property: Id(8)] Availability Availability,
    [property: Id(9)] int Load,
    [property: Id(10)] IReadOnlyList<Guid> OpenTickets,
    [property: Id(11)] double Rating,
    [property: Id(12)] RatingParts RatingParts,
    [property: Id(13)] WorkCounters Counters);

/// <summary>What changes about a specialist's work, sent by the service desk after the ticket has persisted the change.</summary>
// Stored by number in grain state (StoredEnums.txt in Host.Tests guards it): keep every value; a new member takes a new one.
public enum WorkEventKind
{
    /// <summary>The ticket now counts toward this specialist's load.</summary>
    Assigned = 0,
    Accepted = 1,
    Declined = 2,
    RedirectedAway = 3,
    Resolved = 4,
    /// <summary>The ticket no longer counts (cancelled, or closed without being resolved by them).</summary>
    Released = 5,
    Overdue = 6,
}

/// <summary>
/// One change of one ticket for one specialist. <see cref="Sequence"/> is the ticket's history position:
/// the specialist applies each (ticket, sequence) once, so a retried notification changes nothing.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record WorkEvent(
    [property: Id(0)] Guid TicketId,
    [property: Id(1)] int Sequence,
    [property: Id(2)] WorkEventKind Kind,
    [property: Id(3)] int Weight,
    [property: Id(4)] DateTimeOffset At,
    [property: Id(5)] bool OnTime);

/// <summary>One specialist: profile, availability and live facts (load, counters, rating).</summary>
public interface ISpecialistGrain : IGrainWithGuidKey
{
    Task<SpecialistDetails?> Get();

    Task<SpecialistDetails> Create(string name, string? userId, IReadOnlyList<Skill> skills, int qualificationGrade, IReadOnlyList<Certificate> certificates, int capacity);

    Task<SpecialistDetails> SetSkills(IReadOnlyList<Skill> skills);

    Task<SpecialistDetails> SetAvailability(Availability availability);

    /// <summary>The weighted load the specialist carries at once (1–100); tickets already held stay.</summary>
    Task<SpecialistDetails> SetCapacity(int capacity);

    Task<SpecialistDetails> RecordWork(WorkEvent work);

    /// <summary>
    /// The load reconciliation's repair: the specialist holds exactly these tickets (id and weight) from now on, as the
    /// tickets' own stored state says. Tickets dropped are remembered as applied, so a late event of theirs changes
    /// nothing. A repair that finds nothing to change writes nothing.
    /// </summary>
    Task<SpecialistDetails> ReconcileLoad(IReadOnlyList<HeldTicket> held);
}

/// <summary>A ticket a specialist holds, as the tickets' stored state says: the reconciliation's view.</summary>
[GenerateSerializer, Immutable]
public sealed record HeldTicket([property: Id(0)] Guid TicketId, [property: Id(1)] int Weight);

/// <summary>
/// Published in-process after a specialist's availability, skills or capacity changed (persisted and projected):
/// the service desk's dispatcher re-plans from it. Handlers must be idempotent.
/// </summary>
public sealed record SpecialistChanged(SpecialistDetails Specialist, AvailabilityStatus? PreviousStatus) : INotification;
