using System.Security.Claims;
using OrleansCrm.BuildingBlocks.Errors;
using OrleansCrm.BuildingBlocks.Security;
using Mediator;
using OrleansCrm.Sales.Contracts;
using OrleansCrm.ServiceDesk.Contracts;
using OrleansCrm.Sales.Texts;

namespace OrleansCrm.Sales.Deals.Access;

/// <summary>
/// Who works with deals: Director and SalesHead everything; a Manager their own deals (and may not give one to someone
/// else); the other roles read deals (support and methodology see what is sold to the clients they serve). Admin keeps
/// the pipelines. Built by the endpoint or page from the signed-in user; the system (jobs, triggers) sees all.
/// </summary>
/// <param name="SpecialistId">The specialist record of a user outside sales, whose tickets' clients are the deals they read.</param>
public sealed record DealViewer(Guid? UserId, bool SeesAll, bool IsManager, Guid? SpecialistId = null)
{
    public static readonly DealViewer System = new(null, true, false);

    /// <summary>Who creates and changes deals (a Manager: their own).</summary>
    public static readonly string[] Changers = [CrmRoles.Director, CrmRoles.SalesHead, CrmRoles.Manager];

    /// <summary>Who reads deals.</summary>
    public static readonly string[] Readers = [CrmRoles.Director, CrmRoles.SalesHead, CrmRoles.Manager, CrmRoles.Dispatcher, CrmRoles.Specialist, CrmRoles.Methodologist];

    /// <summary>Who configures pipelines.</summary>
    public static readonly string[] PipelineKeepers = [CrmRoles.Admin, CrmRoles.SalesHead, CrmRoles.Director];

    /// <summary>Who reads the pipelines (everyone in sales, and the admin who keeps them).</summary>
    public static readonly string[] PipelineReaders = [CrmRoles.Admin, .. Readers];

    public static DealViewer From(ClaimsPrincipal user) => new(
        Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null,
        user.IsInRole(CrmRoles.Director) || user.IsInRole(CrmRoles.SalesHead),
        user.IsInRole(CrmRoles.Manager),
        Guid.TryParse(user.FindFirstValue(CrmClaims.SpecialistId), out var specialist) ? specialist : null);

    /// <summary>
    /// A user outside sales (Specialist, Dispatcher, Methodologist) reads only the deals of the clients they work with:
    /// those of the tickets they hold or held, which needs a specialist record; a user without one reads none.
    /// </summary>
    public bool ReadsTheirClientsOnly => !SeesAll && !IsManager && UserId is not null;

    /// <summary>The clients whose deals this viewer reads, or null when not limited so.</summary>
    public async Task<IReadOnlySet<Guid>?> ClientScopeAsync(ISender sender, CancellationToken cancellationToken)
    {
        if (!ReadsTheirClientsOnly)
        {
            return null;
        }

        return SpecialistId is { } specialist
            ? (await sender.Send(new FindClientsOfSpecialist(specialist), cancellationToken)).ToHashSet()
            : new HashSet<Guid>();
    }

    /// <summary>As <see cref="EnsureReads"/>, and a deal of a client the viewer does not work with is a 404 (its existence is not theirs to know).</summary>
    public async Task EnsureReadsAsync(DealDetails deal, ISender sender, CancellationToken cancellationToken)
    {
        EnsureReads(deal);
        if (await ClientScopeAsync(sender, cancellationToken) is { } clients && !clients.Contains(deal.ClientId))
        {
            throw new NotFoundException(SalesTexts.Say("DealNotFound", deal.Id.ToString()));
        }
    }

    /// <summary>Only the deals this viewer owns are theirs to list and open (a Manager); null for everyone else.</summary>
    public Guid? OwnerScope => SeesAll || !IsManager ? null : UserId ?? Guid.Empty;

    public void EnsureReads(DealDetails deal)
    {
        if (OwnerScope is { } owner && deal.OwnerId != owner)
        {
            throw new ForbiddenException(SalesTexts.Say("NotYourDeal"));
        }
    }

    public void EnsureChanges(DealDetails deal)
    {
        if (!SeesAll && !(IsManager && deal.OwnerId == UserId))
        {
            throw new ForbiddenException(SalesTexts.Say("NotYourDeal"));
        }
    }

    /// <summary>A Manager owns what they create and may not hand a deal to someone else.</summary>
    public Guid OwnerFor(Guid? asked)
    {
        if (SeesAll)
        {
            return asked ?? UserId ?? throw SalesTexts.Invalid("ownerId", SalesTexts.Say("OwnerRequired"));
        }

        if (asked is { } other && other != UserId)
        {
            throw new ForbiddenException(SalesTexts.Say("OwnerNotYou"));
        }

        return UserId ?? throw new ForbiddenException(SalesTexts.Say("NotYourDeal"));
    }
}
