using OrleansCrm.BuildingBlocks.Grains;
using OrleansCrm.ServiceDesk.Contracts;
using OrleansCrm.Staff.Contracts;

namespace OrleansCrm.ServiceDesk.Tickets;

/// <summary>A ticket's persisted state. Its name and shape are part of the stored data.</summary>
[GenerateSerializer]
public sealed class TicketState : IOutboxState<PendingWork>
{
    [Id(0)] public NewTicket? Ticket { get; set; }
    [Id(1)] public int Version { get; set; }
    [Id(2)] public TicketStatus Status { get; set; }
    [Id(3)] public Guid? AssigneeId { get; set; }
    [Id(4)] public DateTimeOffset CreatedAt { get; set; }
    [Id(5)] public DateTimeOffset DueAt { get; set; }
    [Id(6)] public DateTimeOffset? AssignedAt { get; set; }
    [Id(7)] public DateTimeOffset? FirstAcceptedAt { get; set; }
    [Id(8)] public DateTimeOffset? ResolvedAt { get; set; }
    [Id(9)] public bool OverCapacity { get; set; }
    [Id(10)] public bool UnbilledWork { get; set; }
    [Id(11)] public bool Overdue { get; set; }
    [Id(12)] public int MinutesLogged { get; set; }
    [Id(13)] public List<TicketHistoryEntry> History { get; set; } = [];
    [Id(14)] public DateTimeOffset FirstResponseDue { get; set; }
    [Id(15)] public DateTimeOffset WarningAt { get; set; }
    [Id(16)] public DateTimeOffset? AssignmentDeadline { get; set; }
    [Id(17)] public DateTimeOffset? PausedAt { get; set; }
    [Id(18)] public bool Warned { get; set; }

    /// <summary>
    /// Work events of the last write not yet confirmed delivered to the specialists: stored with the change they come
    /// from (no extra write), cleared in memory once delivered, re-sent on activation (specialists ignore repeats).
    /// </summary>
    [Id(19)] public List<PendingWork> Outbox { get; set; } = [];

    /// <summary>
    /// The ticket's human-readable number (<see cref="TicketNumber"/>), drawn from the database's counter when it opened.
    /// 0 in states stored before numbers existed: the ticket reads the number migration 0004 gave its row.
    /// </summary>
    [Id(20)] public long Number { get; set; }
}

/// <summary>A work event on its way to a specialist.</summary>
[GenerateSerializer, Immutable]
public sealed record PendingWork([property: Id(0)] Guid SpecialistId, [property: Id(1)] WorkEvent Work);
