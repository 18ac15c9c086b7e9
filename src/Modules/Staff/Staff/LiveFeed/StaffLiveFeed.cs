using System.Security.Claims;
using Microsoft.Extensions.DependencyInjection;
using OrleansCrm.BuildingBlocks.LiveFeed;
using OrleansCrm.BuildingBlocks.Security;
using OrleansCrm.Staff.Contracts;

namespace OrleansCrm.Staff.LiveFeed;

/// <summary>
/// What Staff puts on the live feed and who hears it: a specialist's load goes to the wall, the dispatch board and that
/// specialist; a user linked to a specialist record (in the Specialist role) hears their own workplace.
/// </summary>
internal static class StaffLiveFeed
{
    public static IServiceCollection AddStaffLiveFeed(this IServiceCollection services)
    {
        services.AddLiveRoute<LoadChanged>(
            LoadChanged.HubMessage, load => [LiveGroups.Wall, LiveGroups.Dispatch, LiveGroups.Specialist(load.SpecialistId)]);
        services.AddLiveGroups(OwnWorkplace);
        return services;
    }

    /// <summary>Only their own: a specialist without a linked record hears nothing.</summary>
    private static IEnumerable<string> OwnWorkplace(ClaimsPrincipal user) =>
        Caller.From(user) is { SpecialistId: { } specialistId } caller && caller.IsIn(CrmRoles.Specialist)
            ? [LiveGroups.Specialist(specialistId)]
            : [];
}
