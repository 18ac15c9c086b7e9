using System.Security.Claims;
using OrleansCrm.BuildingBlocks.Security;

namespace OrleansCrm.Sales.Activities;

/// <summary>
/// Who acts on tasks and interactions: a Manager sees and acts on their own (the user's id is their id as author,
/// executor or owner); SalesHead and Director (<see cref="SeesAll"/>) on everything; the product itself (robots, jobs,
/// demo seeding) too.
/// </summary>
public sealed record SalesCaller(Guid? UserId, string UserName, bool SeesAll)
{
    public static readonly SalesCaller System = new(null, "system", true);

    /// <summary>The roles that may use tasks and interactions at all.</summary>
    public static readonly string[] Roles = [CrmRoles.Manager, CrmRoles.SalesHead, CrmRoles.Director];

    /// <summary>The roles that see and act on everyone's.</summary>
    public static readonly string[] HeadRoles = [CrmRoles.SalesHead, CrmRoles.Director];

    public static SalesCaller From(ClaimsPrincipal user) => new(
        Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null,
        user.Identity?.Name ?? "anonymous",
        HeadRoles.Any(user.IsInRole));

    public bool Is(Guid? userId) => userId is not null && UserId == userId;
}
