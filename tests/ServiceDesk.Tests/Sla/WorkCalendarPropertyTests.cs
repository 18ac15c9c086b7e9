using OrleansCrm.BuildingBlocks.Calendar;
using OrleansCrm.ServiceDesk.Sla;

namespace OrleansCrm.ServiceDesk.Tests.Sla;

/// <summary>
/// Random starts and durations over 2026–2027 (both clock changes of each year included), with a fixed seed so a failure
/// repeats. Run against the office calendar and against one whose hours contain the clock changes.
/// </summary>
public sealed class WorkCalendarPropertyTests
{
    private const int Cases = 3000;
    private static readonly DateTimeOffset From = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly[] SomeHolidays = [new(2026, 1, 7), new(2026, 3, 9), new(2026, 12, 25), new(2027, 1, 1)];

    public static TheoryData<string> Calendars => ["office", "dst-inside-hours"];

    [Theory]
    [MemberData(nameof(Calendars))]
    public void Working_time_added_is_the_working_time_between(string name)
    {
        var calendar = Build(name);
        var random = new Random(20260329);
        for (var i = 0; i < Cases; i++)
        {
            var start = RandomMoment(random);
            var duration = TimeSpan.FromSeconds(random.Next(0, 300 * 3600));

            var end = calendar.AddWorkingTime(start, duration);

            Assert.True(end >= start, $"{start:o} + {duration} gave {end:o}, before the start");
            Assert.Equal(TimeSpan.Zero, end.Offset);
            Assert.True(duration == calendar.WorkingTimeBetween(start, end), $"{start:o} + {duration} = {end:o}, but {calendar.WorkingTimeBetween(start, end)} lies between");
        }
    }

    [Theory]
    [MemberData(nameof(Calendars))]
    public void The_result_is_the_earliest_moment_the_time_has_passed(string name)
    {
        var calendar = Build(name);
        var random = new Random(7);
        for (var i = 0; i < Cases; i++)
        {
            var start = RandomMoment(random);
            var duration = TimeSpan.FromMinutes(random.Next(1, 200 * 60));

            var end = calendar.AddWorkingTime(start, duration);

            // A moment earlier, a moment of working time is still missing; and the end is working time or a day's close.
            Assert.Equal(duration - TimeSpan.FromSeconds(1), calendar.WorkingTimeBetween(start, end.AddSeconds(-1)));
            Assert.True(calendar.IsWorkingTime(end.AddTicks(-1)), $"{start:o} + {duration} = {end:o}, just after non-working time");
        }
    }

    [Theory]
    [MemberData(nameof(Calendars))]
    public void Working_time_between_adds_up_over_consecutive_spans(string name)
    {
        var calendar = Build(name);
        var random = new Random(2027);
        for (var i = 0; i < Cases; i++)
        {
            var moments = new[] { RandomMoment(random), RandomMoment(random), RandomMoment(random) }.Order().ToArray();

            Assert.Equal(
                calendar.WorkingTimeBetween(moments[0], moments[2]),
                calendar.WorkingTimeBetween(moments[0], moments[1]) + calendar.WorkingTimeBetween(moments[1], moments[2]));
        }
    }

    [Theory]
    [MemberData(nameof(Calendars))]
    public void Next_working_moment_is_working_time_with_none_skipped(string name)
    {
        var calendar = Build(name);
        var random = new Random(42);
        for (var i = 0; i < Cases; i++)
        {
            var moment = RandomMoment(random);

            var next = calendar.NextWorkingMoment(moment);

            Assert.True(calendar.IsWorkingTime(next));
            Assert.Equal(TimeSpan.Zero, calendar.WorkingTimeBetween(moment, next));
            Assert.Equal(calendar.IsWorkingTime(moment), next == moment);
        }
    }

    [Fact]
    public void On_equal_working_days_whole_days_are_whole_days_of_working_time()
    {
        var calendar = Build("office");
        var day = TimeSpan.FromHours(9);
        var random = new Random(11);
        for (var i = 0; i < Cases; i++)
        {
            var start = RandomMoment(random);
            var days = random.Next(0, 25);

            Assert.Equal(calendar.AddWorkingTime(start, day * days), calendar.AddWorkingDays(start, days));
        }
    }

    private static WorkCalendar Build(string name) => name switch
    {
        "office" => Kyiv.Calendar(SomeHolidays),
        // Every day 01:30–23:00 with Saturdays off: the spring Sunday loses an hour of work, the autumn one gains it.
        _ => new WorkCalendar(new SlaOptions
        {
            WorkingDays = [DayOfWeek.Sunday, DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday],
            DayStart = new(1, 30),
            DayEnd = new(23, 0),
            Holidays = [.. SomeHolidays],
        }),
    };

    private static DateTimeOffset RandomMoment(Random random) =>
        From.AddSeconds(random.NextInt64(0, 2L * 365 * 24 * 3600)).ToOffset(TimeSpan.FromHours(random.Next(-12, 13)));
}
