using OrleansCrm.BuildingBlocks.Calendar;
using OrleansCrm.ServiceDesk.Sla;
using static OrleansCrm.ServiceDesk.Tests.Sla.Kyiv;

namespace OrleansCrm.ServiceDesk.Tests.Sla;

/// <summary>The default calendar: Kyiv, Monday to Friday, 09:00–18:00. May 2026: Monday 11 … Friday 15, Monday 18.</summary>
public sealed class WorkCalendarTests
{
    private static readonly DateOnly Christmas = new(2026, 12, 25);

    private readonly WorkCalendar calendar = Calendar(Christmas);

    [Theory]
    [InlineData(11, 9, 0, true)]
    [InlineData(11, 17, 59, true)]
    [InlineData(11, 18, 0, false)] // the day ends at 18:00, exclusive
    [InlineData(11, 8, 59, false)]
    [InlineData(16, 12, 0, false)] // Saturday
    [InlineData(17, 12, 0, false)] // Sunday
    public void Working_time_is_the_working_days_from_day_start_to_day_end(int day, int hour, int minute, bool working) =>
        Assert.Equal(working, calendar.IsWorkingTime(At(2026, 5, day, hour, minute)));

    [Fact]
    public void A_holiday_is_not_working_time() => Assert.False(calendar.IsWorkingTime(At(2026, 12, 25, 12)));

    [Fact]
    public void Four_working_hours_from_Friday_17_00_end_on_Monday_at_noon() =>
        AssertMoment(At(2026, 5, 18, 12), calendar.AddWorkingTime(At(2026, 5, 15, 17), TimeSpan.FromHours(4)));

    [Fact]
    public void Opened_on_Saturday_the_count_starts_on_Monday_at_nine()
    {
        AssertMoment(At(2026, 5, 18, 9, 30), calendar.AddWorkingTime(At(2026, 5, 16, 11, 15), TimeSpan.FromMinutes(30)));
        AssertMoment(At(2026, 5, 18, 9), calendar.NextWorkingMoment(At(2026, 5, 16, 11, 15)));
    }

    [Fact]
    public void Before_opening_and_after_closing_the_count_starts_at_the_next_opening()
    {
        AssertMoment(At(2026, 5, 12, 10), calendar.AddWorkingTime(At(2026, 5, 12, 7), TimeSpan.FromHours(1)));
        AssertMoment(At(2026, 5, 13, 10), calendar.AddWorkingTime(At(2026, 5, 12, 19), TimeSpan.FromHours(1)));
        AssertMoment(At(2026, 5, 13, 10), calendar.AddWorkingTime(At(2026, 5, 12, 18), TimeSpan.FromHours(1)));
    }

    [Fact]
    public void Time_running_out_at_the_close_ends_at_the_close_not_the_next_morning() =>
        AssertMoment(At(2026, 5, 15, 18), calendar.AddWorkingTime(At(2026, 5, 15, 14), TimeSpan.FromHours(4)));

    [Fact]
    public void No_working_time_is_the_next_working_moment()
    {
        AssertMoment(At(2026, 5, 12, 11, 20), calendar.AddWorkingTime(At(2026, 5, 12, 11, 20), TimeSpan.Zero));
        AssertMoment(At(2026, 5, 18, 9), calendar.AddWorkingTime(At(2026, 5, 15, 18), TimeSpan.Zero));
        AssertMoment(At(2026, 5, 12, 11, 20), calendar.NextWorkingMoment(At(2026, 5, 12, 11, 20)));
    }

    [Fact]
    public void Holidays_are_skipped()
    {
        AssertMoment(At(2026, 12, 28, 12), calendar.AddWorkingTime(At(2026, 12, 24, 17), TimeSpan.FromHours(4)));
        AssertMoment(At(2026, 12, 25, 12), Calendar().AddWorkingTime(At(2026, 12, 24, 17), TimeSpan.FromHours(4)));
        AssertMoment(At(2026, 12, 28, 9), calendar.NextWorkingMoment(At(2026, 12, 25, 10)));
    }

    [Fact]
    public void Results_come_back_in_utc_whatever_offset_the_start_was_given_in()
    {
        var startInNewYork = At(2026, 5, 12, 10).ToOffset(TimeSpan.FromHours(-4));
        var due = calendar.AddWorkingTime(startInNewYork, TimeSpan.FromHours(1));
        Assert.Equal(TimeSpan.Zero, due.Offset);
        AssertMoment(At(2026, 5, 12, 11), due);
    }

    [Fact]
    public void Multi_week_spans_are_counted_by_whole_days()
    {
        // 100 working hours = 11 days of 9 hours + 1 hour: Monday 11 May 09:00 → Tuesday 26 May 10:00.
        AssertMoment(At(2026, 5, 26, 10), calendar.AddWorkingTime(At(2026, 5, 11, 9), TimeSpan.FromHours(100)));
        // Four weeks with Christmas in them: 19 days of 9 hours.
        Assert.Equal(TimeSpan.FromHours(19 * 9), calendar.WorkingTimeBetween(At(2026, 12, 7, 0), At(2027, 1, 4, 0)));
    }

    [Fact]
    public void Negative_working_time_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => calendar.AddWorkingTime(At(2026, 5, 12, 10), TimeSpan.FromMinutes(-1)));

    [Theory]
    [InlineData(12, 15, 13, 15)] // Tuesday 15:00 + 1 day = Wednesday 15:00
    [InlineData(15, 15, 18, 15)] // Friday → Monday
    [InlineData(12, 9, 12, 18)] // from the opening, one day ends at that day's close
    [InlineData(12, 18, 13, 18)] // from the close, at the next day's close
    [InlineData(16, 11, 18, 18)] // Saturday: Monday's close
    public void One_working_day_is_the_same_point_of_the_next_working_day(int fromDay, int fromHour, int toDay, int toHour) =>
        AssertMoment(At(2026, 5, toDay, toHour), calendar.AddWorkingDays(At(2026, 5, fromDay, fromHour), 1));

    [Fact]
    public void Working_days_skip_weekends_and_holidays()
    {
        AssertMoment(At(2026, 5, 20, 10), calendar.AddWorkingDays(At(2026, 5, 11, 10), 7)); // Monday + 7 = Wednesday next week
        AssertMoment(At(2026, 12, 28, 15), calendar.AddWorkingDays(At(2026, 12, 24, 15), 1)); // Thursday before Christmas → Monday
        AssertMoment(At(2026, 5, 18, 9), calendar.AddWorkingDays(At(2026, 5, 16, 11), 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => calendar.AddWorkingDays(At(2026, 5, 12, 10), -1));
    }

    [Fact]
    public void Working_time_between_skips_nights_weekends_and_holidays()
    {
        Assert.Equal(TimeSpan.FromHours(4), calendar.WorkingTimeBetween(At(2026, 5, 15, 17), At(2026, 5, 18, 12)));
        Assert.Equal(TimeSpan.FromHours(45), calendar.WorkingTimeBetween(At(2026, 5, 15, 9), At(2026, 5, 22, 9)));
        Assert.Equal(TimeSpan.FromHours(9), calendar.WorkingTimeBetween(At(2026, 5, 15, 17, 30), At(2026, 5, 18, 17, 30)));
        Assert.Equal(TimeSpan.FromHours(4), calendar.WorkingTimeBetween(At(2026, 12, 24, 17), At(2026, 12, 28, 12)));
        Assert.Equal(TimeSpan.Zero, calendar.WorkingTimeBetween(At(2026, 5, 16, 9), At(2026, 5, 17, 23)));
    }

    [Fact]
    public void Working_time_between_is_zero_when_the_end_is_not_after_the_start()
    {
        Assert.Equal(TimeSpan.Zero, calendar.WorkingTimeBetween(At(2026, 5, 12, 12), At(2026, 5, 12, 12)));
        Assert.Equal(TimeSpan.Zero, calendar.WorkingTimeBetween(At(2026, 5, 12, 12), At(2026, 5, 12, 10)));
    }

    [Fact]
    public void Spring_clock_change_weekend_keeps_wall_clock_times()
    {
        // Kyiv moves from +02:00 to +03:00 at 03:00 on Sunday 29 March 2026.
        var friday = At(2026, 3, 27, 17);
        Assert.Equal(TimeSpan.FromHours(2), friday.Offset);
        var due = calendar.AddWorkingTime(friday, TimeSpan.FromHours(4));
        Assert.Equal(new DateTime(2026, 3, 30, 12, 0, 0), Local(due));
        Assert.Equal(TimeSpan.FromHours(3), Zone.GetUtcOffset(due));
        Assert.Equal(TimeSpan.FromHours(18), calendar.WorkingTimeBetween(At(2026, 3, 27, 9), At(2026, 3, 30, 18)));
        AssertMoment(At(2026, 3, 30, 15), calendar.AddWorkingDays(At(2026, 3, 27, 15), 1));
        AssertMoment(At(2026, 3, 30, 9), calendar.NextWorkingMoment(At(2026, 3, 29, 2, 59)));
    }

    [Fact]
    public void Autumn_clock_change_weekend_keeps_wall_clock_times()
    {
        // Kyiv moves from +03:00 back to +02:00 at 04:00 on Sunday 25 October 2026.
        var due = calendar.AddWorkingTime(At(2026, 10, 23, 17), TimeSpan.FromHours(4));
        Assert.Equal(new DateTime(2026, 10, 26, 12, 0, 0), Local(due));
        Assert.Equal(TimeSpan.FromHours(2), Zone.GetUtcOffset(due));
        Assert.Equal(TimeSpan.FromHours(18), calendar.WorkingTimeBetween(At(2026, 10, 23, 9), At(2026, 10, 26, 18)));
        AssertMoment(At(2026, 10, 26, 15), calendar.AddWorkingDays(At(2026, 10, 23, 15), 1));
    }

    [Fact]
    public void A_clock_change_inside_the_working_hours_shortens_or_lengthens_that_day()
    {
        // A night shift on Sundays only, 02:00–06:00: three real hours in spring, five in autumn.
        var nights = new WorkCalendar(new SlaOptions { WorkingDays = [DayOfWeek.Sunday], DayStart = new(2, 0), DayEnd = new(6, 0) });
        Assert.Equal(TimeSpan.FromHours(3), nights.WorkingTimeBetween(At(2026, 3, 29, 0), At(2026, 3, 30, 0)));
        Assert.Equal(TimeSpan.FromHours(5), nights.WorkingTimeBetween(At(2026, 10, 25, 0), At(2026, 10, 26, 0)));
        Assert.Equal(TimeSpan.FromHours(4), nights.WorkingTimeBetween(At(2026, 3, 22, 0), At(2026, 3, 23, 0)));

        Assert.Equal(new DateTime(2026, 3, 29, 5, 0, 0), Local(nights.AddWorkingTime(At(2026, 3, 29, 2), TimeSpan.FromHours(2))));
        Assert.Equal(new DateTime(2026, 10, 25, 4, 0, 0), Local(nights.AddWorkingTime(At(2026, 10, 25, 2), TimeSpan.FromHours(3))));
        // Time left over after the short spring night carries into the next Sunday.
        AssertMoment(At(2026, 4, 5, 3), nights.AddWorkingTime(At(2026, 3, 29, 2), TimeSpan.FromHours(4)));
        // A day of working days keeps its working time since the day's start, cut to a shorter day's end.
        AssertMoment(new DateTimeOffset(2026, 3, 29, 3, 0, 0, TimeSpan.Zero), nights.AddWorkingDays(At(2026, 3, 22, 5, 30), 1));
    }

    [Fact]
    public void A_day_start_the_clock_change_skips_or_repeats_is_read_as_documented()
    {
        var early = new WorkCalendar(new SlaOptions { WorkingDays = [DayOfWeek.Sunday], DayStart = new(3, 30), DayEnd = new(6, 0) });

        // 03:30 does not exist on 29 March: read as 04:30 (+03:00), the same distance past the jump.
        var spring = early.NextWorkingMoment(At(2026, 3, 29, 0));
        AssertMoment(new DateTimeOffset(2026, 3, 29, 4, 30, 0, TimeSpan.FromHours(3)), spring);
        Assert.Equal(TimeSpan.FromMinutes(90), early.WorkingTimeBetween(At(2026, 3, 29, 0), At(2026, 3, 30, 0)));

        // 03:30 happens twice on 25 October: the first one (+03:00).
        var autumn = early.NextWorkingMoment(At(2026, 10, 25, 0));
        AssertMoment(new DateTimeOffset(2026, 10, 25, 3, 30, 0, TimeSpan.FromHours(3)), autumn);
        Assert.Equal(TimeSpan.FromMinutes(210), early.WorkingTimeBetween(At(2026, 10, 25, 0), At(2026, 10, 26, 0)));
    }

    [Fact]
    public void A_misconfigured_calendar_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => new WorkCalendar(new SlaOptions { WorkingDays = [], TimeZone = "Mars/Olympus" }));
        Assert.Contains("WorkingDays", error.Message);
        Assert.Contains("Mars/Olympus", error.Message);
    }

    [Fact]
    public void A_year_of_working_time_is_counted_in_a_few_hundred_day_steps()
    {
        // 2026 in Kyiv with Christmas off: 261 weekdays − 1 = 260 days of 9 hours.
        var year = TimeSpan.FromHours(260 * 9);
        Assert.Equal(year, calendar.WorkingTimeBetween(At(2026, 1, 1, 0), At(2027, 1, 1, 0)));
        AssertMoment(At(2026, 12, 31, 18), calendar.AddWorkingTime(At(2026, 1, 1, 0), year));
    }

    [Fact]
    public void Remembered_working_hours_give_the_answers_a_fresh_calendar_gives_before_and_past_the_remembered_days()
    {
        // Fifteen years of days: more than the calendar remembers, so the last years are computed each time.
        var worn = Calendar(Christmas);
        var from = At(2026, 1, 1, 0);
        var to = At(2041, 1, 1, 0);
        Assert.Equal(Calendar(Christmas).WorkingTimeBetween(from, to), worn.WorkingTimeBetween(from, to));
        for (var start = from; start < to; start = start.AddDays(37).AddHours(5))
        {
            var fresh = Calendar(Christmas);
            Assert.Equal(fresh.AddWorkingDays(start, 7), worn.AddWorkingDays(start, 7));
            Assert.Equal(fresh.AddWorkingTime(start, TimeSpan.FromHours(13)), worn.AddWorkingTime(start, TimeSpan.FromHours(13)));
            Assert.Equal(fresh.IsWorkingTime(start), worn.IsWorkingTime(start));
        }

        Assert.Equal(Calendar(Christmas).WorkingTimeBetween(from, to), worn.WorkingTimeBetween(from, to));
    }
}
