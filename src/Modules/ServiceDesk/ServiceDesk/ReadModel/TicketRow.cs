using OrleansCrm.ServiceDesk.Contracts;

namespace OrleansCrm.ServiceDesk.ReadModel;

/// <summary>One ticket in the list and dispatch tables, as of <see cref="Version"/>. Times are Unix milliseconds (UTC) on both databases.</summary>
public sealed class TicketRow
{
    public Guid Id { get; set; }

    /// <summary>The human-readable number (unique; null only for a row the numbering migration has not reached).</summary>
    public long? Number { get; set; }

    public int Version { get; set; }
    public string Queue { get; set; } = "";
    public Guid ClientId { get; set; }
    public string Subject { get; set; } = "";

    /// <summary>The subject in lower case (invariant), for searching in any case on both databases (SQLite's lower() is ASCII only).</summary>
    public string SearchSubject { get; set; } = "";
    public TicketPriority Priority { get; set; }
    public int Weight { get; set; }
    public TicketStatus Status { get; set; }
    public string RequiredSkill { get; set; } = "";
    public int MinLevel { get; set; }
    public Guid? AssigneeId { get; set; }
    public long CreatedAt { get; set; }
    public long? AssignedAt { get; set; }
    public long DueAt { get; set; }
    public int RedirectCount { get; set; }
    public int DeclineCount { get; set; }
    public bool Billable { get; set; }
    public bool UnbilledWork { get; set; }
    public bool OverCapacity { get; set; }

    /// <summary>Unix milliseconds of the ticket's last history entry.</summary>
    public long ChangedAt { get; set; }

    /// <summary>Unix milliseconds from which the ticket is about to breach its SLA.</summary>
    public long WarningAt { get; set; }

    public long? ResolvedAt { get; set; }

    /// <summary>All the time logged on the ticket, in minutes (0 for a row not written since migration 0030).</summary>
    public int MinutesLogged { get; set; }
}

/// <summary>Time logged on a ticket (one history entry); <see cref="LoggedAt"/> is Unix milliseconds.</summary>
public sealed class TimeEntryRow
{
    public Guid TicketId { get; set; }
    public int Sequence { get; set; }
    public Guid ClientId { get; set; }
    public long LoggedAt { get; set; }
    public int Minutes { get; set; }

    /// <summary>Logged on a billable ticket (billed with the ticket, not against a contract's included hours).</summary>
    public bool Billable { get; set; }
}

/// <summary>One alert in the journal; <see cref="At"/> is Unix milliseconds.</summary>
public sealed class AlertRow
{
    public Guid Id { get; set; }
    public TicketAlertKind Kind { get; set; }
    public Guid TicketId { get; set; }
    public Guid? SpecialistId { get; set; }
    public string Text { get; set; } = "";
    public long At { get; set; }
}
