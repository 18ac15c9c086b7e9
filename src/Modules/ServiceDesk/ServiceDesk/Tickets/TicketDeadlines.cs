using OrleansCrm.ServiceDesk.Contracts;

namespace OrleansCrm.ServiceDesk.Tickets;

/// <summary>What a ticket's clock says is due, from its stored times alone: a restart recomputes, never replays.</summary>
public enum Deadline
{
    /// <summary>Assigned and not accepted within the queue's assignment timeout: back to the dispatcher.</summary>
    AssignmentTimedOut,

    /// <summary>The resolution due time is near (the SLA warning).</summary>
    AboutToBreach,

    /// <summary>The resolution due time has passed.</summary>
    Overdue,
}

/// <param name="AssignmentDeadline">When an Assigned ticket must have been accepted (null when not Assigned).</param>
public sealed record TicketClock(
    TicketStatus Status,
    DateTimeOffset? AssignmentDeadline,
    DateTimeOffset WarningAt,
    DateTimeOffset DueAt,
    bool Warned,
    bool Overdue)
{
    /// <summary>The resolution clock runs while someone owes the client an answer; it stops while paused and ends at resolve.</summary>
    private bool ResolutionClockRuns => Status is TicketStatus.New or TicketStatus.Assigned or TicketStatus.Accepted or TicketStatus.InProgress;

    /// <summary>Everything due at <paramref name="now"/>, in the order it should be handled.</summary>
    public IReadOnlyList<Deadline> Passed(DateTimeOffset now)
    {
        var due = new List<Deadline>();
        if (Status == TicketStatus.Assigned && AssignmentDeadline <= now)
        {
            due.Add(Deadline.AssignmentTimedOut);
        }

        if (ResolutionClockRuns && !Warned && WarningAt <= now && DueAt > now)
        {
            due.Add(Deadline.AboutToBreach);
        }

        if (ResolutionClockRuns && !Overdue && DueAt <= now)
        {
            due.Add(Deadline.Overdue);
        }

        return due;
    }

    /// <summary>The next moment something becomes due, or null when nothing will without another change.</summary>
    public DateTimeOffset? Next()
    {
        var candidates = new List<DateTimeOffset>();
        if (Status == TicketStatus.Assigned && AssignmentDeadline is { } assignment)
        {
            candidates.Add(assignment);
        }

        if (ResolutionClockRuns && !Warned && WarningAt < DueAt)
        {
            candidates.Add(WarningAt);
        }

        if (ResolutionClockRuns && !Overdue)
        {
            candidates.Add(DueAt);
        }

        return candidates.Count == 0 ? null : candidates.Min();
    }
}
