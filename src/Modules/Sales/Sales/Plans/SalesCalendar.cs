using System.Globalization;
using System.Security.Claims;
using Microsoft.Extensions.Configuration;
using OrleansCrm.BuildingBlocks.Security;

namespace OrleansCrm.Sales.Plans;

/// <summary>
/// The company's calendar for plans: a period is a calendar month (<c>2026-12</c>) and "today" a calendar day, both in the
/// time zone the service desk's working hours are written in (as Billing's money figures), so the wall's "won today" and
/// its "cash today" turn over at the same midnight. Deals' moments are UTC: a period is the UTC span of its local days.
/// </summary>
public sealed class SalesCalendar(TimeProvider time, TimeZoneInfo zone)
{
    /// <summary>Read by key: Sales does not reference the service desk's internals.</summary>
    public const string TimeZoneSetting = "Crm:ServiceDesk:Sla:TimeZone";

    public static SalesCalendar From(IConfiguration configuration, TimeProvider time) =>
        new(time, TimeZoneInfo.FindSystemTimeZoneById(configuration[TimeZoneSetting] is { Length: > 0 } id ? id : "Europe/Kyiv"));

    public DateTimeOffset Now => time.GetUtcNow();

    public DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), zone).DateTime);

    public DateOnly ThisMonth => SalesPeriods.Of(Today);

    /// <summary>The UTC moment the company's day begins.</summary>
    public DateTimeOffset StartOf(DateOnly day)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
    }
}

/// <summary>Periods as the API spells them: <c>yyyy-MM</c>, held as the month's first day.</summary>
public static class SalesPeriods
{
    public static bool TryParse(string? text, out DateOnly period)
    {
        period = default;
        if (text is not { Length: 7 } || !DateOnly.TryParseExact(text + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var first)
            || first.Year < 2000 || first.Year > 2100)
        {
            return false;
        }

        period = first;
        return true;
    }

    public static string Key(DateOnly period) => period.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    public static DateOnly Of(DateOnly day) => new(day.Year, day.Month, 1);
}

/// <summary>
/// Who asks for plans and reports: Director and SalesHead see everything and set plans; a Manager sees their own line and
/// the company's totals (the user's id is the one deals' owner_id and clients' ManagerId hold).
/// </summary>
public sealed record SalesCaller(Guid? UserId, bool SeesAll)
{
    public static readonly SalesCaller System = new(null, true);

    public static readonly string[] HeadRoles = [CrmRoles.Director, CrmRoles.SalesHead];

    public static readonly string[] ReportRoles = [CrmRoles.Director, CrmRoles.SalesHead, CrmRoles.Manager];

    public static SalesCaller From(ClaimsPrincipal user) => new(
        Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null,
        HeadRoles.Any(user.IsInRole));

    /// <summary>Whether this caller may see the line (or the deals) of <paramref name="userId"/>.</summary>
    public bool MaySee(Guid userId) => SeesAll || UserId == userId;
}
