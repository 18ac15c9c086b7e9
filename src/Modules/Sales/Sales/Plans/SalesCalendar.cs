using System.Globalization;
using System.Security.Claims;
using OrleansCrm.BuildingBlocks.Security;

namespace OrleansCrm.Sales.Plans;

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
