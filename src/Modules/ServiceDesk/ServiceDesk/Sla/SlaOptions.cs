using Microsoft.Extensions.Configuration;
using OrleansCrm.BuildingBlocks.Calendar;
using OrleansCrm.ServiceDesk.Contracts;

namespace OrleansCrm.ServiceDesk.Sla;

/// <summary>
/// Bound from <c>Crm:ServiceDesk:Sla</c> with <see cref="ReadFrom"/>: the company's work calendar and the SLA targets per priority.
/// Every duration here is working time of that calendar, in the company's time zone (<c>Company:TimeZone</c>, the kit's
/// <see cref="CompanyCalendar"/>; this section's own <c>TimeZone</c> is no longer read).
/// </summary>
/// <example>
/// <code>
/// "Sla": {
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
public sealed class SlaOptions : WorkCalendarOptions
{
    public new const string Section = WorkCalendarOptions.Section;

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

    /// <summary>
    /// Binds a configuration section onto these options. A list given in configuration replaces the default one:
    /// the plain binder appends to it, so "WorkingDays": ["Saturday"] would silently mean Monday to Saturday.
    /// </summary>
    public new SlaOptions ReadFrom(IConfiguration section)
    {
        base.ReadFrom(section);
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
