using OrleansCrm.ServiceDesk.Contracts;
using OrleansCrm.ServiceDesk.Sla;
using static OrleansCrm.ServiceDesk.Tests.Sla.Kyiv;

namespace OrleansCrm.ServiceDesk.Tests.Sla;

/// <summary>Default targets: critical 4h / 30m, high 1d / 2h, normal 3d / 4h, low 7d / 1d; warning 1 h before; Kyiv 9–18, Monday to Friday.</summary>
public sealed class SlaClockTests
{
    private readonly SlaClock clock = new(Options());

    [Fact]
    public void Critical_ticket_warns_an_hour_before_resolution_and_at_80_percent_of_the_short_first_response()
    {
        var due = clock.Due(TicketPriority.Critical, At(2026, 5, 11, 10));

        AssertMoment(At(2026, 5, 11, 10, 30), due.FirstResponseDue);
        AssertMoment(At(2026, 5, 11, 10, 24), due.FirstResponseWarningAt); // 30 min ≤ 1 h: warn after 24 min
        AssertMoment(At(2026, 5, 11, 14), due.ResolutionDue);
        AssertMoment(At(2026, 5, 11, 13), due.ResolutionWarningAt);
    }

    [Fact]
    public void High_ticket_resolution_is_one_working_day()
    {
        var due = clock.Due(TicketPriority.High, At(2026, 5, 12, 15));

        AssertMoment(At(2026, 5, 12, 17), due.FirstResponseDue);
        AssertMoment(At(2026, 5, 12, 16), due.FirstResponseWarningAt);
        AssertMoment(At(2026, 5, 13, 15), due.ResolutionDue);
        AssertMoment(At(2026, 5, 13, 14), due.ResolutionWarningAt);
    }

    [Fact]
    public void Normal_ticket_opened_on_Friday_evening_counts_on_from_Monday()
    {
        var due = clock.Due(TicketPriority.Normal, At(2026, 5, 15, 17));

        AssertMoment(At(2026, 5, 18, 12), due.FirstResponseDue);
        AssertMoment(At(2026, 5, 18, 11), due.FirstResponseWarningAt);
        AssertMoment(At(2026, 5, 20, 17), due.ResolutionDue);
        AssertMoment(At(2026, 5, 20, 16), due.ResolutionWarningAt);
    }

    [Fact]
    public void Low_ticket_takes_seven_working_days()
    {
        var due = clock.Due(TicketPriority.Low, At(2026, 5, 11, 10));

        AssertMoment(At(2026, 5, 12, 10), due.FirstResponseDue);
        AssertMoment(At(2026, 5, 12, 9), due.FirstResponseWarningAt);
        AssertMoment(At(2026, 5, 20, 10), due.ResolutionDue);
        AssertMoment(At(2026, 5, 20, 9), due.ResolutionWarningAt);
    }

    [Fact]
    public void Ticket_opened_on_Saturday_is_due_from_Monday_nine()
    {
        var due = clock.Due(TicketPriority.Critical, At(2026, 5, 16, 14));

        AssertMoment(At(2026, 5, 18, 9, 30), due.FirstResponseDue);
        AssertMoment(At(2026, 5, 18, 13), due.ResolutionDue);
        AssertMoment(At(2026, 5, 18, 12), due.ResolutionWarningAt);
    }

    [Fact]
    public void Warnings_count_working_time_back_across_the_weekend()
    {
        // Opened Friday 17:30: half an hour on Friday, the rest on Monday.
        var critical = clock.Due(TicketPriority.Critical, At(2026, 5, 15, 17, 30));
        AssertMoment(At(2026, 5, 15, 18), critical.FirstResponseDue);
        AssertMoment(At(2026, 5, 15, 17, 54), critical.FirstResponseWarningAt);
        AssertMoment(At(2026, 5, 18, 12, 30), critical.ResolutionDue);
        AssertMoment(At(2026, 5, 18, 11, 30), critical.ResolutionWarningAt);

        // Due Monday 09:30: the hour before it began on Friday at 17:30.
        var normal = clock.Due(TicketPriority.Normal, At(2026, 5, 15, 14, 30));
        AssertMoment(At(2026, 5, 18, 9, 30), normal.FirstResponseDue);
        AssertMoment(At(2026, 5, 15, 17, 30), normal.FirstResponseWarningAt);
    }

    [Fact]
    public void A_target_exactly_as_long_as_the_warning_is_warned_about_at_80_percent()
    {
        var options = Options();
        options.Critical.FirstResponse = SlaTarget.FromHours(1);
        var due = new SlaClock(options).Due(TicketPriority.Critical, At(2026, 5, 11, 10));

        AssertMoment(At(2026, 5, 11, 11), due.FirstResponseDue);
        AssertMoment(At(2026, 5, 11, 10, 48), due.FirstResponseWarningAt);
    }

    [Fact]
    public void Warning_before_is_configurable()
    {
        var options = Options();
        options.WarningBefore = TimeSpan.FromMinutes(15);
        var due = new SlaClock(options).Due(TicketPriority.Critical, At(2026, 5, 11, 10));

        AssertMoment(At(2026, 5, 11, 10, 15), due.FirstResponseWarningAt);
        AssertMoment(At(2026, 5, 11, 13, 45), due.ResolutionWarningAt);

        options.WarningBefore = TimeSpan.Zero; // no early warning: it comes with the breach
        var atBreach = new SlaClock(options).Due(TicketPriority.Critical, At(2026, 5, 11, 10));
        Assert.Equal(atBreach.ResolutionDue, atBreach.ResolutionWarningAt);
    }

    [Fact]
    public void Days_come_first_then_hours_and_minutes()
    {
        var options = Options();
        options.High.Resolution = new SlaTarget(1, 2, 30);
        var due = new SlaClock(options).Due(TicketPriority.High, At(2026, 5, 12, 15));

        AssertMoment(At(2026, 5, 13, 17, 30), due.ResolutionDue);
        AssertMoment(At(2026, 5, 13, 16, 30), due.ResolutionWarningAt);
    }

    [Fact]
    public void Holidays_configured_are_skipped_by_the_clock()
    {
        var christmas = new SlaClock(Options(new DateOnly(2026, 12, 25)));
        var due = christmas.Due(TicketPriority.High, At(2026, 12, 24, 11));

        AssertMoment(At(2026, 12, 28, 11), due.ResolutionDue);
        AssertMoment(At(2026, 12, 28, 10), due.ResolutionWarningAt);
    }

    [Fact]
    public void Zero_targets_are_due_at_the_next_working_moment()
    {
        var options = Options();
        options.Critical.FirstResponse = default;
        var due = new SlaClock(options).Due(TicketPriority.Critical, At(2026, 5, 16, 14));

        AssertMoment(At(2026, 5, 18, 9), due.FirstResponseDue);
        AssertMoment(At(2026, 5, 18, 9), due.FirstResponseWarningAt);
    }

    [Fact]
    public void Assignment_deadline_is_thirty_working_minutes()
    {
        AssertMoment(At(2026, 5, 11, 10, 30), clock.AssignmentDeadline(At(2026, 5, 11, 10)));
        AssertMoment(At(2026, 5, 18, 9, 15), clock.AssignmentDeadline(At(2026, 5, 15, 17, 45)));
        AssertMoment(At(2026, 5, 18, 9, 30), clock.AssignmentDeadline(At(2026, 5, 16, 12)));
    }

    [Fact]
    public void Assignment_timeout_is_configurable()
    {
        var options = Options();
        options.AssignmentTimeout = TimeSpan.FromMinutes(90);

        AssertMoment(At(2026, 5, 18, 9, 30), new SlaClock(options).AssignmentDeadline(At(2026, 5, 15, 17)));
    }

    [Fact]
    public void Paused_working_time_moves_the_due_time()
    {
        // Normal ticket opened Monday 10:00 is due Thursday 10:00; paused Tuesday 11:00 to Wednesday 11:00 (9 working hours).
        var due = clock.Due(TicketPriority.Normal, At(2026, 5, 11, 10));
        AssertMoment(At(2026, 5, 14, 10), due.ResolutionDue);

        var paused = clock.Calendar.WorkingTimeBetween(At(2026, 5, 12, 11), At(2026, 5, 13, 11));
        Assert.Equal(TimeSpan.FromHours(9), paused);
        AssertMoment(At(2026, 5, 15, 10), clock.Extend(due.ResolutionDue, paused));

        var extended = clock.ExtendResolution(due, paused);
        AssertMoment(At(2026, 5, 15, 10), extended.ResolutionDue);
        AssertMoment(At(2026, 5, 15, 9), extended.ResolutionWarningAt); // not Thursday 18:00
        Assert.Equal(due.FirstResponseDue, extended.FirstResponseDue);
        Assert.Equal(due.FirstResponseWarningAt, extended.FirstResponseWarningAt);
        Assert.Equal(due, clock.ExtendResolution(due, TimeSpan.Zero));
    }

    [Fact]
    public void A_warning_that_comes_with_the_breach_stays_with_it_when_extended()
    {
        var options = Options();
        options.WarningBefore = TimeSpan.Zero;
        var atBreach = new SlaClock(options);
        var due = atBreach.Due(TicketPriority.Critical, At(2026, 5, 15, 14)); // due Friday 18:00

        var extended = atBreach.ExtendResolution(due, TimeSpan.FromHours(9));
        AssertMoment(At(2026, 5, 18, 18), extended.ResolutionDue);
        AssertMoment(At(2026, 5, 18, 18), extended.ResolutionWarningAt);
    }

    [Fact]
    public void Extending_crosses_weekends_and_leaves_an_unpaused_due_time_alone()
    {
        AssertMoment(At(2026, 5, 18, 10), clock.Extend(At(2026, 5, 15, 17), TimeSpan.FromHours(2)));
        AssertMoment(At(2026, 5, 15, 18), clock.Extend(At(2026, 5, 15, 18), TimeSpan.Zero)); // not moved to Monday 09:00
        Assert.Throws<ArgumentOutOfRangeException>(() => clock.Extend(At(2026, 5, 15, 17), TimeSpan.FromMinutes(-5)));
    }

    [Fact]
    public void Clock_change_weekend_keeps_due_times_on_the_wall_clock()
    {
        var spring = clock.Due(TicketPriority.Normal, At(2026, 3, 27, 17));
        AssertMoment(At(2026, 3, 30, 12), spring.FirstResponseDue);
        AssertMoment(At(2026, 4, 1, 17), spring.ResolutionDue);

        var autumn = clock.Due(TicketPriority.Critical, At(2026, 10, 23, 16));
        AssertMoment(At(2026, 10, 26, 11), autumn.ResolutionDue);
        AssertMoment(At(2026, 10, 26, 10), autumn.ResolutionWarningAt);
    }

    [Fact]
    public void An_unknown_priority_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => clock.Due((TicketPriority)42, At(2026, 5, 11, 10)));

    [Fact]
    public void Misconfigured_targets_are_refused_when_the_clock_is_built()
    {
        var options = Options();
        options.Low.Resolution = SlaTarget.FromDays(-1);

        var error = Assert.Throws<ArgumentException>(() => new SlaClock(options));
        Assert.Contains("Low.Resolution", error.Message);
    }

    [Fact]
    public void The_clock_keeps_the_targets_it_was_built_with()
    {
        var options = Options();
        var built = new SlaClock(options);
        options.Critical.Resolution = SlaTarget.FromDays(5);

        AssertMoment(At(2026, 5, 11, 14), built.Due(TicketPriority.Critical, At(2026, 5, 11, 10)).ResolutionDue);
    }
}
