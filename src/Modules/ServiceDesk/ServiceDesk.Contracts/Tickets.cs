using OrleansCrm.BuildingBlocks.Texts;

namespace OrleansCrm.ServiceDesk.Contracts;

// Stored by number in grain state (StoredEnums.txt in Host.Tests guards it): keep every value; a new member takes a new one.
public enum TicketChannel
{
    Phone = 0,
    Email = 1,
    Web = 2,
    Assistant = 3,
    Scheduled = 4,
}

// Stored by number in grain state (StoredEnums.txt in Host.Tests guards it): keep every value; a new member takes a new one.
public enum TicketPriority
{
    Low = 0,
    Normal = 1,
    High = 2,
    Critical = 3,
}

/// <summary>New → Assigned → Accepted → InProgress ⇄ Paused → Resolved → Closed; Reopen from Resolved/Closed; Cancel.</summary>
// Stored by number in grain state (StoredEnums.txt in Host.Tests guards it): keep every value; a new member takes a new one.
public enum TicketStatus
{
    New = 0,
    Assigned = 1,
    Accepted = 2,
    InProgress = 3,
    Paused = 4,
    Resolved = 5,
    Closed = 6,
    Cancelled = 7,
}

// Stored by number in grain state (StoredEnums.txt in Host.Tests guards it): keep every value; a new member takes a new one.
public enum TicketHistoryKind
{
    Created = 0,
    Assigned = 1,
    Accepted = 2,
    Declined = 3,
    Redirected = 4,
    StatusChanged = 5,
    Comment = 6,
    TimeLogged = 7,
    Override = 8,
    Overdue = 9,
    AboutToBreach = 10,
}

/// <summary>
/// One thing that happened to a ticket: who, when, and for assignments and redirects from whom to whom and why.
/// <see cref="Reason"/> is what a person typed (or, in entries written before <see cref="Text"/> existed, the service
/// desk's own English words); <see cref="Text"/> is a reason the service desk gave itself (a timeout, a deadline), as a
/// code and arguments that each reader sees in their own language.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record TicketHistoryEntry(
    [property: Id(0)] int Sequence,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] string Actor,
    [property: Id(3)] TicketHistoryKind Kind,
    [property: Id(4)] Guid? FromSpecialistId,
    [property: Id(5)] Guid? ToSpecialistId,
    [property: Id(6)] string? Reason,
    [property: Id(7)] TicketStatus? Status,
    [property: Id(8)] int? Minutes)
{
    /// <summary>A reason the service desk generated, in the reader's language (null in older entries: read <see cref="Reason"/>).</summary>
    [Id(9)]
    public ServerText? Text { get; init; }
}

/// <summary>A ticket as opened: validated input plus what the service desk derives (queue, weight).</summary>
[GenerateSerializer, Immutable]
public sealed record NewTicket(
    [property: Id(0)] Guid ClientId,
    [property: Id(1)] Guid? ContactId,
    [property: Id(2)] string Subject,
    [property: Id(3)] string? Description,
    [property: Id(4)] TicketChannel Channel,
    [property: Id(5)] TicketPriority Priority,
    [property: Id(6)] string RequiredSkill,
    [property: Id(7)] int MinLevel,
    [property: Id(8)] int? EstimatedMinutes,
    [property: Id(9)] bool Billable,
    [property: Id(10)] string? OverrideReason,
    [property: Id(11)] string Queue);

/// <summary>A ticket as the API returns it, with its history and the counts the dispatcher and the wall watch.</summary>
[GenerateSerializer, Immutable]
public sealed record TicketDetails(
    [property: Id(0)] Guid Id,
    [property: Id(1)] int Version,
    [property: Id(2)] Guid ClientId,
    [property: Id(3)] Guid? ContactId,
    [property: Id(4)] string Subject,
    [property: Id(5)] string? Description,
    [property: Id(6)] TicketChannel Channel,
    [property: Id(7)] TicketPriority Priority,
    [property: Id(8)] string RequiredSkill,
    [property: Id(9)] int MinLevel,
    [property: Id(10)] int? EstimatedMinutes,
    [property: Id(11)] bool Billable,
    [property: Id(12)] string? OverrideReason,
    [property: Id(13)] string Queue,
    [property: Id(14)] TicketStatus Status,
    [property: Id(15)] Guid? AssigneeId,
    [property: Id(16)] DateTimeOffset CreatedAt,
    [property: Id(17)] DateTimeOffset DueAt,
    [property: Id(18)] int RedirectCount,
    [property: Id(19)] int DeclineCount,
    [property: Id(20)] bool NeverTaken,
    [property: Id(21)] bool Overdue,
    [property: Id(22)] bool OverCapacity,
    [property: Id(23)] bool UnbilledWork,
    [property: Id(24)] int MinutesLogged,
    [property: Id(25)] DateTimeOffset? FirstAcceptedAt,
    [property: Id(26)] DateTimeOffset? ResolvedAt,
    [property: Id(27)] IReadOnlyList<TicketHistoryEntry> History,
    [property: Id(28)] DateTimeOffset FirstResponseDue,
    [property: Id(29)] DateTimeOffset WarningAt,
    [property: Id(30)] long Number)
{
    /// <summary>The number people say and search for: <c>T-000123</c>.</summary>
    public string DisplayNumber => TicketNumber.Format(Number);

    /// <summary>From this moment (working time before <see cref="DueAt"/>) an open ticket is about to breach its SLA.</summary>
    public bool AboutToBreach(DateTimeOffset now) => !Overdue && now >= WarningAt && now < DueAt;

    /// <summary>From opening to the first accept: the first-response time the SLA measures.</summary>
    public TimeSpan? TimeToFirstAccept => FirstAcceptedAt - CreatedAt;

    /// <summary>From opening to the (latest) resolve.</summary>
    public TimeSpan? TimeToResolve => ResolvedAt - CreatedAt;
}

/// <summary>
/// A ticket's human-readable number: <c>T-</c> and at least six digits (<c>T-000123</c>, then <c>T-1234567</c>). Numbers
/// come from the database's counter when a ticket opens, once each, never reused; the tickets table keeps them unique.
/// </summary>
public static class TicketNumber
{
    public const string Prefix = "T-";

    public static string Format(long number) => number > 0 ? $"{Prefix}{number:D6}" : "";

    /// <summary>The number in <c>T-000123</c>, <c>t-123</c>, <c>#123</c> or <c>000123</c>; null when the text is not a ticket number.</summary>
    public static long? Parse(string? text)
    {
        var value = text?.Trim() ?? "";
        if (value.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            value = value[Prefix.Length..];
        }
        else if (value.StartsWith('#'))
        {
            value = value[1..];
        }

        return value.Length is > 0 and <= 18 && value.All(char.IsAsciiDigit) && long.Parse(value, System.Globalization.CultureInfo.InvariantCulture) is > 0 and var number
            ? number
            : null;
    }
}
