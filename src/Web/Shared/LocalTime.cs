using System.Globalization;
using OrleansCrm.BuildingBlocks.Calendar;

namespace OrleansCrm.Web.Shared;

/// <summary>
/// Times as people read them: in the company's time zone (the kit's <see cref="CompanyCalendar"/>, the one its working hours
/// and money days are counted in), formatted by the user's culture. Everything is stored in UTC.
/// </summary>
public sealed class LocalTime(CompanyCalendar calendar, TimeProvider time)
{
    private readonly TimeZoneInfo _zone = calendar.Zone;

    public string Format(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, _zone).ToString("g", CultureInfo.CurrentCulture);

    /// <summary>Only the time of day, for what happened today (a live feed's lines).</summary>
    public string FormatTime(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, _zone).ToString("t", CultureInfo.CurrentCulture);

    /// <summary>Whether the moment falls on the company's today (its calendar day, not the server's or the browser's).</summary>
    public bool IsToday(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, _zone).Date == TimeZoneInfo.ConvertTime(time.GetUtcNow(), _zone).Date;

    public DateTimeOffset Now => time.GetUtcNow();

    /// <summary>The company's calendar day now.</summary>
    public DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), _zone).DateTime);

    /// <summary>A date and time a person picked, read in the company's time zone (the way the pages show times).</summary>
    public DateTimeOffset FromLocal(DateTime local) =>
        new(TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), _zone), TimeSpan.Zero);

    /// <summary>A moment as the company's wall clock shows it, for a picker to start from.</summary>
    public DateTime ToLocal(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, _zone).DateTime;

    public string Format(DateTimeOffset? at) => at is { } value ? Format(value) : "—";

    public static string Format(DateOnly? date) => date?.ToString("d", CultureInfo.CurrentCulture) ?? "—";
}
