using Microsoft.Extensions.Configuration;

namespace OrleansCrm.Billing.Reports;

/// <summary>
/// The company's calendar day for money figures: "today" and "this month" in the time zone the service desk's working
/// hours are written in (<c>Crm:ServiceDesk:Sla:TimeZone</c>, Europe/Kyiv by default), so the wall's cash today and its
/// "resolved today" turn over at the same midnight. Tests replace it with one on a fixed clock.
/// </summary>
public sealed class MoneyCalendar(TimeProvider time, TimeZoneInfo zone)
{
    /// <summary>The service desk's setting, read by key: Billing does not reference the service desk's internals.</summary>
    public const string TimeZoneSetting = "Crm:ServiceDesk:Sla:TimeZone";

    public const string DefaultTimeZone = "Europe/Kyiv";

    public static MoneyCalendar From(IConfiguration configuration, TimeProvider time) =>
        new(time, TimeZoneInfo.FindSystemTimeZoneById(configuration[TimeZoneSetting] is { Length: > 0 } id ? id : DefaultTimeZone));

    public TimeZoneInfo Zone => zone;

    public DateTimeOffset Now => time.GetUtcNow();

    public DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), zone).DateTime);
}
