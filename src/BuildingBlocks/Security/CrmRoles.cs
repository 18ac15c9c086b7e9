using System.Security.Claims;

namespace OrleansCrm.BuildingBlocks.Security;

/// <summary>The product's roles, as ASP.NET Core Identity stores them and claims carry them.</summary>
public static class CrmRoles
{
    public const string Director = nameof(Director);
    public const string SalesHead = nameof(SalesHead);
    public const string Manager = nameof(Manager);
    public const string Dispatcher = nameof(Dispatcher);
    public const string Specialist = nameof(Specialist);
    public const string Methodologist = nameof(Methodologist);
    public const string Admin = nameof(Admin);

    public static readonly IReadOnlyList<string> All = [Director, SalesHead, Manager, Dispatcher, Specialist, Methodologist, Admin];
}

/// <summary>Claim types the product adds to a signed-in user.</summary>
public static class CrmClaims
{
    /// <summary>The specialist record (Guid) a user is linked to, when they are one.</summary>
    public const string SpecialistId = "crm:specialist";

    /// <summary>The UI language the user chose last (en, ru, uk): kept with the user, so it follows them to any browser.</summary>
    public const string Culture = "crm:culture";
}

/// <summary>Named authorization policies used by endpoints, the hub and pages.</summary>
public static class CrmPolicies
{
    /// <summary>Redirecting another's ticket, rebalancing, overriding a refusal: Dispatcher or Director.</summary>
    public const string Dispatch = nameof(Dispatch);

    /// <summary>User management and the Hangfire dashboard.</summary>
    public const string Admin = nameof(Admin);
}

/// <summary>
/// Who is asking, as handlers need it: commands and queries that depend on the caller carry one, built by
/// the endpoint or page from the signed-in user, so handlers stay free of HttpContext.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record Caller(
    [property: Id(0)] string UserName,
    [property: Id(1)] IReadOnlyList<string> Roles,
    [property: Id(2)] Guid? SpecialistId)
{
    /// <summary>The product itself (jobs, the dispatcher, demo seeding): may do anything.</summary>
    public static readonly Caller System = new("system", CrmRoles.All, null);

    public bool IsIn(string role) => Roles.Contains(role);

    /// <summary>Dispatcher or Director: may act on any ticket, redirect, rebalance and override.</summary>
    public bool CanDispatch => IsIn(CrmRoles.Dispatcher) || IsIn(CrmRoles.Director);

    public static Caller From(ClaimsPrincipal user) => new(
        user.Identity?.Name ?? "anonymous",
        user.FindAll(ClaimTypes.Role).Select(c => c.Value).Distinct().ToArray(),
        Guid.TryParse(user.FindFirstValue(CrmClaims.SpecialistId), out var specialistId) ? specialistId : null);
}
