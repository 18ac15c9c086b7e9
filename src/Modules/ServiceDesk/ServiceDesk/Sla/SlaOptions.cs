using Microsoft.Extensions.Configuration;
using OrleansCrm.ServiceDesk.Contracts;

namespace OrleansCrm.ServiceDesk.Sla;

/// <summary>
/// Bound from <c>Crm:ServiceDesk:Sla</c> with <see cref="ReadFrom"/>: the company's work calendar and the SLA targets per priority.
/// Every duration here is working time of that calendar.
/// </summary>
/// <example>
/// <code>
/// "Sla": {
///   "TimeZone": "Europe/Kyiv",
///   "WorkingDays": [ "Monday", "Tuesday", "Wednesday", "Thursday", "Friday" ],
///   "DayStart": "09:00", "DayEnd": "18:00",
///   "Holidays": [ "2026-12-25" ],
///   "Critical": { "Resolution": "4h", "FirstResponse": "30m" },
///   "High": { "Resolution": "1d", "FirstResponse": "2h" },
///   "WarningBefore": "01:00:00",
///   "AssignmentTimeout": "00:30:00"
/// }
/// </code>
/// </example>
public sealed class SlaOptions
{
    public const string Section = "Crm:ServiceDesk:Sla";

    /// <summary>IANA id of the zone the working hours and holidays are written in.</summary>
    public string TimeZone { get; set; } = "Europe/Kyiv";

    public List<DayOfWeek> WorkingDays { get; set; } =
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];

    /// <summary>Local wall-clock time the working day starts at.</summary>
    public TimeOnly DayStart { get; set; } = new(9, 0);

    /// <summary>Local wall-clock time the working day ends at (exclusive); later than <see cref="DayStart"/> on the same day.</summary>
    public TimeOnly DayEnd { get; set; } = new(18, 0);

    /// <summary>Local dates on which nobody works even if they fall on a working day.</summary>
    public List<DateOnly> Holidays { get; set; } = [];

    public PriorityTargets Critical { get; set; } = new() { Resolution = SlaTarget.FromHours(4), FirstResponse = SlaTarget.FromMinutes(30) };

    public PriorityTargets High { get; set; } = new() { Resolution = SlaTarget.FromDays(1), FirstResponse = SlaTarget.FromHours(2) };

    public PriorityTargets Normal { get; set; } = new() { Resolution = SlaTarget.FromDays(3), FirstResponse = SlaTarget.FromHours(4) };

    public PriorityTargets Low { get; set; } = new() { Resolution = SlaTarget.FromDays(7), FirstResponse = SlaTarget.FromDays(1) };

    /// <summary>
    /// How long before a due time its breach warning is raised. A target no longer than this
    /// (critical first response: 30 minutes) is warned about when 80% of it has passed instead.
    /// </summary>
    public TimeSpan WarningBefore { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Working time an assigned specialist has to accept a ticket before the dispatcher takes it back.</summary>
    public TimeSpan AssignmentTimeout { get; set; } = TimeSpan.FromMinutes(30);

    public PriorityTargets TargetsFor(TicketPriority priority) => priority switch
    {
        TicketPriority.Low => Low,
        TicketPriority.Normal => Normal,
        TicketPriority.High => High,
        TicketPriority.Critical => Critical,
        _ => throw new ArgumentOutOfRangeException(nameof(priority), priority, "Unknown ticket priority."),
    };

    public TimeZoneInfo ResolveTimeZone() => TimeZoneInfo.FindSystemTimeZoneById(TimeZone);

    /// <summary>
    /// Binds a configuration section onto these options. A list given in configuration replaces the default one:
    /// the plain binder appends to it, so "WorkingDays": ["Saturday"] would silently mean Monday to Saturday.
    /// </summary>
    public SlaOptions ReadFrom(IConfiguration section)
    {
        if (section.GetSection(nameof(WorkingDays)).GetChildren().Any())
        {
            WorkingDays = [];
        }

        if (section.GetSection(nameof(Holidays)).GetChildren().Any())
        {
            Holidays = [];
        }

        section.Bind(this);
        return this;
    }

    /// <summary>Everything that makes these options unusable, in words an administrator understands; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = CalendarErrors().ToList();
        foreach (var priority in Enum.GetValues<TicketPriority>())
        {
            var targets = TargetsFor(priority);
            if (targets is null)
            {
                errors.Add($"{priority}: no SLA targets.");
                continue;
            }

            AddTargetError(errors, $"{priority}.{nameof(PriorityTargets.FirstResponse)}", targets.FirstResponse);
            AddTargetError(errors, $"{priority}.{nameof(PriorityTargets.Resolution)}", targets.Resolution);
        }

        if (WarningBefore < TimeSpan.Zero)
        {
            errors.Add($"{nameof(WarningBefore)} cannot be negative.");
        }

        if (AssignmentTimeout <= TimeSpan.Zero)
        {
            errors.Add($"{nameof(AssignmentTimeout)} must be longer than zero.");
        }

        return errors;
    }

    /// <summary>The errors that stop a <see cref="WorkCalendar"/> from being built.</summary>
    internal IEnumerable<string> CalendarErrors()
    {
        if (string.IsNullOrWhiteSpace(TimeZone))
        {
            yield return $"{nameof(TimeZone)} is required (an IANA id such as Europe/Kyiv).";
        }
        else if (!TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone, out _))
        {
            yield return $"{nameof(TimeZone)} \"{TimeZone}\" is not a time zone this machine knows.";
        }

        if (WorkingDays is null || WorkingDays.Count == 0)
        {
            yield return $"{nameof(WorkingDays)} lists no working day.";
        }
        else
        {
            foreach (var day in WorkingDays.Where(d => !Enum.IsDefined(d)))
            {
                yield return $"{nameof(WorkingDays)} contains {(int)day}, which is not a day of the week.";
            }

            // Usually the sign of a configured list appended to the default one by a plain Bind (see ReadFrom).
            foreach (var day in WorkingDays.GroupBy(d => d).Where(g => g.Count() > 1).Select(g => g.Key))
            {
                yield return $"{nameof(WorkingDays)} lists {day} more than once.";
            }
        }

        if (DayEnd <= DayStart)
        {
            yield return $"{nameof(DayEnd)} ({DayEnd:HH\\:mm}) must be later than {nameof(DayStart)} ({DayStart:HH\\:mm}).";
        }

        if (Holidays is null)
        {
            yield return $"{nameof(Holidays)} cannot be null; leave it empty for none.";
        }
    }

    private static void AddTargetError(List<string> errors, string name, SlaTarget target)
    {
        if (target.Days < 0 || target.Hours < 0 || target.Minutes < 0)
        {
            errors.Add($"{name} cannot be negative ({target}).");
        }
    }
}

/// <summary>The SLA of one priority: how soon a specialist must accept the ticket and how soon it must be resolved.</summary>
public sealed class PriorityTargets
{
    public SlaTarget FirstResponse { get; set; }

    public SlaTarget Resolution { get; set; }
}
