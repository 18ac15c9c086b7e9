using OrleansCrm.BuildingBlocks.Calendar;
using OrleansCrm.ServiceDesk.Sla;

namespace OrleansCrm.ServiceDesk.Tests.Sla;

/// <summary>Wall-clock times in Kyiv, so that tests read as the service desk's people would say them.</summary>
internal static class Kyiv
{
    public static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Kyiv");

    /// <summary>A Kyiv wall-clock time that exists exactly once (no time in a clock change's gap or overlap).</summary>
    public static DateTimeOffset At(int year, int month, int day, int hour, int minute = 0)
    {
        var local = new DateTime(year, month, day, hour, minute, 0, DateTimeKind.Unspecified);
        if (Zone.IsInvalidTime(local) || Zone.IsAmbiguousTime(local))
        {
            throw new ArgumentException($"{local:yyyy-MM-dd HH:mm} is not a single moment in Kyiv.");
        }

        return new DateTimeOffset(local, Zone.GetUtcOffset(local));
    }

    /// <summary>The same moment, given back with a zero offset as the calendar promises; failures print Kyiv wall-clock times.</summary>
    public static void AssertMoment(DateTimeOffset expected, DateTimeOffset actual)
    {
        Assert.Equal(Local(expected), Local(actual));
        Assert.Equal(expected, actual);
        Assert.Equal(TimeSpan.Zero, actual.Offset);
    }

    public static DateTime Local(DateTimeOffset moment) => TimeZoneInfo.ConvertTime(moment, Zone).DateTime;

    public static SlaOptions Options(params DateOnly[] holidays) => new() { Holidays = [.. holidays] };

    public static WorkCalendar Calendar(params DateOnly[] holidays) => new(Options(holidays));
}
