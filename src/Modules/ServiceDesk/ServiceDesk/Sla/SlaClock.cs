using OrleansCrm.BuildingBlocks.Calendar;
using OrleansCrm.ServiceDesk.Contracts;

namespace OrleansCrm.ServiceDesk.Sla;

/// <summary>When a ticket's first response (acceptance) and resolution are due, and when to warn that they soon will be.</summary>
public sealed record SlaDueTimes(
    DateTimeOffset FirstResponseDue,
    DateTimeOffset ResolutionDue,
    DateTimeOffset FirstResponseWarningAt,
    DateTimeOffset ResolutionWarningAt);

/// <summary>
/// The SLA clocks of the service desk: they run on the work calendar only, so a ticket opened on Friday evening
/// is not overdue on Monday morning.
/// </summary>
public sealed class SlaClock
{
    private readonly Dictionary<TicketPriority, (SlaTarget FirstResponse, SlaTarget Resolution)> targets;
    private readonly TimeSpan warningBefore;
    private readonly TimeSpan assignmentTimeout;

    public SlaClock(SlaOptions options)
        : this(options, new WorkCalendar(options))
    {
    }

    public SlaClock(SlaOptions options, WorkCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(calendar);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("The SLA options are misconfigured: " + string.Join(" ", errors), nameof(options));
        }

        // A snapshot: the options object stays mutable for the configuration binder.
        targets = Enum.GetValues<TicketPriority>().ToDictionary(p => p, p => (options.TargetsFor(p).FirstResponse, options.TargetsFor(p).Resolution));
        warningBefore = options.WarningBefore;
        assignmentTimeout = options.AssignmentTimeout;
        Calendar = calendar;
    }

    /// <summary>The calendar the clocks run on; the ticket measures its paused working time with it.</summary>
    public WorkCalendar Calendar { get; }

    /// <summary>How much working time an assigned specialist has to accept before the ticket goes back to the queue.</summary>
    public TimeSpan AssignmentTimeout => assignmentTimeout;

    public SlaDueTimes Due(TicketPriority priority, DateTimeOffset openedAt)
    {
        if (!targets.TryGetValue(priority, out var target))
        {
            throw new ArgumentOutOfRangeException(nameof(priority), priority, "Unknown ticket priority.");
        }

        var firstResponseDue = DueAfter(openedAt, target.FirstResponse);
        var resolutionDue = DueAfter(openedAt, target.Resolution);
        return new SlaDueTimes(firstResponseDue, resolutionDue, WarningAt(openedAt, firstResponseDue), WarningAt(openedAt, resolutionDue));
    }

    /// <summary>Whole working days first, then the hours and minutes: "1d 2h" from Tuesday 15:00 is Wednesday 17:00.</summary>
    public DateTimeOffset DueAfter(DateTimeOffset start, SlaTarget target) =>
        Calendar.AddWorkingTime(Calendar.AddWorkingDays(start, target.Days), target.WorkingTime);

    /// <summary>
    /// <see cref="SlaOptions.WarningBefore"/> of working time before <paramref name="due"/>; when the clock from
    /// <paramref name="start"/> to <paramref name="due"/> is not longer than that, at 80% of it (a 30-minute target warns after 24).
    /// A warning that would fall at a day's close is raised at the next opening instead, when people can act on it
    /// (due Tuesday 10:00: warned Tuesday 09:00, not Monday 18:00); with nothing left to warn about it comes with the due time.
    /// </summary>
    public DateTimeOffset WarningAt(DateTimeOffset start, DateTimeOffset due)
    {
        var total = Calendar.WorkingTimeBetween(start, due);
        var lead = total > warningBefore ? warningBefore : TimeSpan.FromTicks(total.Ticks / 5);
        var warning = Calendar.AddWorkingTime(start, total - lead);
        return lead > TimeSpan.Zero ? Calendar.NextWorkingMoment(warning) : warning;
    }

    /// <summary>When an assigned specialist who has not accepted the ticket loses it.</summary>
    public DateTimeOffset AssignmentDeadline(DateTimeOffset assignedAt) => Calendar.AddWorkingTime(assignedAt, assignmentTimeout);

    /// <summary>
    /// A due time (or warning time) moved by the working time the ticket spent paused: the resolution clock stops
    /// while a ticket is Paused. Nothing paused leaves it as it is.
    /// </summary>
    public DateTimeOffset Extend(DateTimeOffset due, TimeSpan pausedWorkingTime)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pausedWorkingTime, TimeSpan.Zero);
        return pausedWorkingTime == TimeSpan.Zero ? due.ToUniversalTime() : Calendar.AddWorkingTime(due, pausedWorkingTime);
    }

    /// <summary>The resolution due time and its warning moved by the working time spent paused; the first response is never paused.</summary>
    public SlaDueTimes ExtendResolution(SlaDueTimes due, TimeSpan pausedWorkingTime)
    {
        ArgumentNullException.ThrowIfNull(due);
        var resolutionDue = Extend(due.ResolutionDue, pausedWorkingTime);
        var warning = Extend(due.ResolutionWarningAt, pausedWorkingTime);
        return due with
        {
            ResolutionDue = resolutionDue,
            ResolutionWarningAt = warning < resolutionDue ? Calendar.NextWorkingMoment(warning) : resolutionDue,
        };
    }
}
