using System.Globalization;
using Microsoft.Extensions.Options;
using OrleansCrm.ServiceDesk.Sla;

namespace OrleansCrm.Web.Shared;

/// <summary>
/// Times as people read them: in the company's time zone (the one its working hours are written in), formatted
/// by the user's culture. Everything is stored in UTC.
/// </summary>
public sealed class LocalTime(IOptions<SlaOptions> sla)
{
    private readonly TimeZoneInfo _zone = TimeZoneInfo.FindSystemTimeZoneById(sla.Value.TimeZone);

    public string Format(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, _zone).ToString("g", CultureInfo.CurrentCulture);

    public string Format(DateTimeOffset? at) => at is { } value ? Format(value) : "—";

    public static string Format(DateOnly? date) => date?.ToString("d", CultureInfo.CurrentCulture) ?? "—";
}
