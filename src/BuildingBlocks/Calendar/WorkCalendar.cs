using System.Collections.Concurrent;

namespace OrleansCrm.BuildingBlocks.Calendar;

/// <summary>
/// The company's working time (the service desk's SLA clock and the sales robots' due times count in it): on each working day that is not a holiday, from DayStart (inclusive) to DayEnd (exclusive),
/// local wall-clock time of the configured zone. Counting walks day by day, never minute by minute, so a year-long span
/// costs a few hundred steps. Every result is returned with a zero (UTC) offset.
/// </summary>
/// <remarks>
/// Daylight saving time: a working day lasts the real time between its local start and end, so a day whose hours contain
/// the spring change is an hour shorter. A wall-clock time the change skips is read as the same time after the jump
/// (03:30 on the spring Sunday becomes 04:30); a time it repeats is read as its first occurrence.
/// </remarks>
public sealed class WorkCalendar
{
    /// <summary>Dates whose working hours are remembered, at most: about ten years of days, a few hundred KB.</summary>
    private const int RememberedDays = 4096;

    private readonly TimeZoneInfo timeZone;
    private readonly bool[] workingDays = new bool[7];
    private readonly HashSet<DateOnly> holidays;
    private readonly TimeOnly dayStart;
    private readonly TimeOnly dayEnd;

    /// <summary>
    /// Each date's working hours once computed: every new ticket walks the days to its deadlines, and each day costs
    /// several time-zone rule lookups. The calendar never changes, so what is remembered stays true.
    /// </summary>
    private readonly ConcurrentDictionary<DateOnly, WorkingHours> hours = new();

    public WorkCalendar(WorkCalendarOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.CalendarErrors().ToList();
        if (errors.Count > 0)
        {
            throw new ArgumentException("The work calendar is misconfigured: " + string.Join(" ", errors), nameof(options));
        }

        timeZone = options.ResolveTimeZone();
        foreach (var day in options.WorkingDays)
        {
            workingDays[(int)day] = true;
        }

        holidays = [.. options.Holidays];
        dayStart = options.DayStart;
        dayEnd = options.DayEnd;
    }

    public TimeZoneInfo TimeZone => timeZone;

    public bool IsWorkingTime(DateTimeOffset moment) =>
        TryGetWorkingHours(LocalDate(moment), out var start, out var end) && moment >= start && moment < end;

    /// <summary>The moment itself when it is working time, otherwise the start of the next working day.</summary>
    public DateTimeOffset NextWorkingMoment(DateTimeOffset moment) => AddWorkingTime(moment, TimeSpan.Zero);

    /// <summary>
    /// The earliest moment by which <paramref name="workingTime"/> of working time has passed since <paramref name="start"/>,
    /// counting from the next working moment. Time running out exactly at the end of a working day gives that end
    /// (Friday 18:00, not Monday 09:00); no time at all gives <see cref="NextWorkingMoment"/>.
    /// </summary>
    public DateTimeOffset AddWorkingTime(DateTimeOffset start, TimeSpan workingTime)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(workingTime, TimeSpan.Zero);
        var remaining = workingTime;
        var moment = start.ToUniversalTime();
        for (var date = LocalDate(moment); ; date = NextDate(date))
        {
            if (!TryGetWorkingHours(date, out var dayOpens, out var dayCloses))
            {
                continue;
            }

            if (moment < dayOpens)
            {
                moment = dayOpens;
            }

            if (moment >= dayCloses)
            {
                continue;
            }

            var available = dayCloses - moment;
            if (remaining <= available)
            {
                return moment + remaining;
            }

            remaining -= available;
        }
    }

    /// <summary>
    /// The same point of the working day <paramref name="days"/> working days later, counting from the next working moment:
    /// Tuesday 15:00 + 1 = Wednesday 15:00 (holidays and days off skipped). A count that starts at the opening of a day
    /// ends at the close of the last day (Saturday + 1 = Monday 18:00), as <see cref="AddWorkingTime"/> would with whole days.
    /// When the days differ in length (daylight saving inside the hours), the point is kept as working time since the
    /// day's start, cut to the target day's end.
    /// </summary>
    public DateTimeOffset AddWorkingDays(DateTimeOffset start, int days)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(days);
        var from = NextWorkingMoment(start);
        if (days == 0)
        {
            return from;
        }

        var date = LocalDate(from);
        _ = TryGetWorkingHours(date, out var dayOpens, out var dayCloses); // true: from is a working moment
        var intoDay = from - dayOpens;
        var remaining = intoDay == TimeSpan.Zero ? days - 1 : days;
        while (remaining > 0)
        {
            date = NextDate(date);
            if (TryGetWorkingHours(date, out var opens, out var closes))
            {
                (dayOpens, dayCloses) = (opens, closes);
                remaining--;
            }
        }

        if (intoDay == TimeSpan.Zero)
        {
            return dayCloses;
        }

        var due = dayOpens + intoDay;
        return due < dayCloses ? due : dayCloses;
    }

    /// <summary>Working time within [from, to); zero when <paramref name="to"/> is not after <paramref name="from"/>.</summary>
    public TimeSpan WorkingTimeBetween(DateTimeOffset from, DateTimeOffset to)
    {
        if (to <= from)
        {
            return TimeSpan.Zero;
        }

        var total = TimeSpan.Zero;
        var lastDate = LocalDate(to);
        for (var date = LocalDate(from); date <= lastDate; date = NextDate(date))
        {
            if (TryGetWorkingHours(date, out var dayOpens, out var dayCloses))
            {
                var overlapStart = dayOpens > from ? dayOpens : from;
                var overlapEnd = dayCloses < to ? dayCloses : to;
                if (overlapEnd > overlapStart)
                {
                    total += overlapEnd - overlapStart;
                }
            }
        }

        return total;
    }

    /// <summary>The working hours of a local date as instants; false on days off, holidays, and hours a clock change swallowed.</summary>
    private bool TryGetWorkingHours(DateOnly date, out DateTimeOffset opens, out DateTimeOffset closes)
    {
        if (!hours.TryGetValue(date, out var day))
        {
            day = WorkingHoursOf(date);
            if (hours.Count < RememberedDays)
            {
                hours.TryAdd(date, day);
            }
        }

        (opens, closes) = (day.Opens, day.Closes);
        return day.Working;
    }

    private WorkingHours WorkingHoursOf(DateOnly date)
    {
        if (!workingDays[(int)date.DayOfWeek] || holidays.Contains(date))
        {
            return default;
        }

        var opens = ToInstant(date.ToDateTime(dayStart));
        var closes = ToInstant(date.ToDateTime(dayEnd));
        return new WorkingHours(closes > opens, opens, closes);
    }

    private DateTimeOffset ToInstant(DateTime local)
    {
        TimeSpan offset;
        if (timeZone.IsAmbiguousTime(local))
        {
            // The larger offset is the one in force before the clocks went back: the first occurrence.
            offset = timeZone.GetAmbiguousTimeOffsets(local).Max();
        }
        else if (timeZone.IsInvalidTime(local))
        {
            // Read with the offset before the jump, which lands as far past the jump as the time was past its start.
            var approximate = DateTime.SpecifyKind(local - timeZone.BaseUtcOffset, DateTimeKind.Utc);
            var before = timeZone.GetUtcOffset(approximate.AddDays(-1));
            var after = timeZone.GetUtcOffset(approximate.AddDays(1));
            offset = before < after ? before : after;
        }
        else
        {
            offset = timeZone.GetUtcOffset(local);
        }

        return new DateTimeOffset(local - offset, TimeSpan.Zero);
    }

    private DateOnly LocalDate(DateTimeOffset moment) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(moment, timeZone).DateTime);

    private static DateOnly NextDate(DateOnly date) =>
        date.Year < 9998 ? date.AddDays(1) : throw new ArgumentOutOfRangeException(nameof(date), "The working time runs past the end of the calendar.");

    private readonly record struct WorkingHours(bool Working, DateTimeOffset Opens, DateTimeOffset Closes);
}
