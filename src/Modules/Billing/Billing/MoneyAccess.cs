using System.Security.Claims;
using OrleansCrm.BuildingBlocks.Security;

namespace OrleansCrm.Billing;

/// <summary>
/// Who sees money figures (reports, the wall's money tiles, <c>moneyChanged</c>): Directors and SalesHeads. Dispatchers
/// and Admins see the wall, but none of its money.
/// </summary>
public static class MoneyAccess
{
    public static readonly string[] Roles = [CrmRoles.Director, CrmRoles.SalesHead];

    public static bool CanSee(Caller caller) => Roles.Any(caller.IsIn);

    public static bool CanSee(ClaimsPrincipal user) => Roles.Any(user.IsInRole);
}
