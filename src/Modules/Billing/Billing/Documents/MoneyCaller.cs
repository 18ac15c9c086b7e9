using System.Security.Claims;
using Mediator;
using OrleansCrm.Billing.Texts;
using OrleansCrm.BuildingBlocks.Errors;
using OrleansCrm.BuildingBlocks.Security;
using OrleansCrm.Clients.Contracts;

namespace OrleansCrm.Billing.Documents;

/// <summary>
/// Who asks for money data: Director and SalesHead see everything; a Manager sees the documents and packages of the
/// clients whose card names them as manager (the card's ManagerId is the user's id); nobody else sees any (the endpoints
/// refuse them with 403 before a handler runs).
/// </summary>
public sealed record MoneyCaller(string UserName, Guid? UserId, bool SeesAll)
{
    /// <summary>The product itself (the monthly run's job, demo seeding).</summary>
    public static readonly MoneyCaller System = new("system", null, true);

    public static readonly string[] DocumentRoles = [CrmRoles.Director, CrmRoles.SalesHead, CrmRoles.Manager];

    public static readonly string[] BillingRoles = [CrmRoles.Director, CrmRoles.SalesHead];

    public static MoneyCaller From(ClaimsPrincipal user) => new(
        user.Identity?.Name ?? "anonymous",
        Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null,
        user.IsInRole(CrmRoles.Director) || user.IsInRole(CrmRoles.SalesHead));
}

/// <summary>The check behind <see cref="MoneyCaller"/>: one place, used by every document handler.</summary>
public sealed class DocumentAccess(BillingClients clients, ISender sender)
{
    /// <summary>Throws 403 unless the caller may see and act on this client's documents.</summary>
    public async Task CheckAsync(MoneyCaller caller, Guid clientId)
    {
        if (caller.SeesAll)
        {
            return;
        }

        var client = await clients.GetAsync(clientId);
        if (caller.UserId is null || client?.ManagerId != caller.UserId)
        {
            throw new ForbiddenException(BillingTexts.Say("NotYourClient"));
        }
    }

    /// <summary>The clients whose documents the caller sees: null for all.</summary>
    public async Task<IReadOnlyList<Guid>?> VisibleClientsAsync(MoneyCaller caller, CancellationToken cancellationToken) =>
        caller.SeesAll ? null
        : caller.UserId is { } id ? await sender.Send(new FindClientIdsOfManager(id), cancellationToken)
        : [];
}
