using Microsoft.Extensions.DependencyInjection;
using OrleansCrm.BuildingBlocks.LiveFeed;
using OrleansCrm.BuildingBlocks.Security;
using OrleansCrm.ServiceDesk.Contracts;

namespace OrleansCrm.ServiceDesk.LiveFeed;

/// <summary>
/// What the service desk puts on the live feed and who hears it: tickets and alerts go to the wall, the dispatch board
/// and the specialists they name; Directors and Dispatchers watch the wall and the board.
/// </summary>
internal static class ServiceDeskLiveFeed
{
    // Shared by every event that names no specialist: nothing to build per event.
    private static readonly string[] WallAndDispatch = [LiveGroups.Wall, LiveGroups.Dispatch];

    public static IServiceCollection AddServiceDeskLiveFeed(this IServiceCollection services)
    {
        // The new assignee sees the ticket arrive, the previous one sees it leave.
        services.AddLiveRoute<TicketChanged>(TicketChanged.HubMessage, ticket => BoardAnd(ticket.AssigneeId, ticket.PreviousAssigneeId));
        services.AddLiveRoute<AlertRaised>(AlertRaised.HubMessage, alert => BoardAnd(alert.SpecialistId));
        // The whole list of a queue's present conditions, each time it changes: for the wall and the board only.
        services.AddLiveRoute<WallConditionsChanged>(WallConditionsChanged.HubMessage, _ => WallAndDispatch);
        services.AddLiveGroups(user => Caller.From(user).CanDispatch ? WallAndDispatch : []);
        return services;
    }

    /// <summary>The wall and the board, then each named specialist's workplace once.</summary>
    private static IReadOnlyList<string> BoardAnd(Guid? specialist, Guid? other = null)
    {
        if (specialist is null)
        {
            (specialist, other) = (other, null);
        }

        if (specialist is not { } first)
        {
            return WallAndDispatch;
        }

        return other is { } second && second != first
            ? [LiveGroups.Wall, LiveGroups.Dispatch, LiveGroups.Specialist(first), LiveGroups.Specialist(second)]
            : [LiveGroups.Wall, LiveGroups.Dispatch, LiveGroups.Specialist(first)];
    }
}
