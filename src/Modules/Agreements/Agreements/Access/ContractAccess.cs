using System.Security.Claims;
using OrleansCrm.Agreements.Texts;
using OrleansCrm.BuildingBlocks.Errors;
using OrleansCrm.BuildingBlocks.Security;
using OrleansCrm.Clients.Contracts;

namespace OrleansCrm.Agreements.Access;

/// <summary>
/// Who reads contracts: Director and SalesHead every one; a Manager those of their own clients (the client's ManagerId is
/// the user's id). Built by the endpoint or page from the signed-in user; the system (jobs, Billing) sees all.
/// </summary>
public sealed record ContractViewer(Guid? UserId, bool SeesAll)
{
    public static readonly ContractViewer System = new(null, true);

    /// <summary>Who may change contracts (create, activate, terminate, amend).</summary>
    public static readonly string[] Editors = [CrmRoles.Director, CrmRoles.SalesHead];

    /// <summary>Who may read contracts and print them (a Manager: their own clients').</summary>
    public static readonly string[] Readers = [CrmRoles.Director, CrmRoles.SalesHead, CrmRoles.Manager];

    /// <summary>Who keeps the templates.</summary>
    public static readonly string[] TemplateKeepers = [CrmRoles.Admin, CrmRoles.Director, CrmRoles.SalesHead];

    public static ContractViewer From(ClaimsPrincipal user) => new(
        Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null,
        user.IsInRole(CrmRoles.Director) || user.IsInRole(CrmRoles.SalesHead));

    /// <summary>403 unless this viewer may see the contracts of <paramref name="clientId"/>.</summary>
    public async Task EnsureSeesClientAsync(IGrainFactory grains, Guid clientId)
    {
        if (SeesAll)
        {
            return;
        }

        var client = await grains.GetGrain<IClientGrain>(clientId).Get();
        if (UserId is null || client?.ManagerId != UserId)
        {
            throw new ForbiddenException(AgreementsTexts.Say("NotYourClient"));
        }
    }
}
