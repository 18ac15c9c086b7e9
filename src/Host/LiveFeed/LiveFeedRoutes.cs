using OrleansCrm.BuildingBlocks.LiveFeed;
using OrleansCrm.ServiceDesk.Contracts;
using OrleansCrm.Staff.Contracts;

namespace OrleansCrm.Host.LiveFeed;

/// <summary>Which hub message carries an event, and to which groups: <see cref="Groups"/> never repeats a group and starts with the widest.</summary>
internal sealed record LiveRoute(string Message, IReadOnlyList<string> Groups);

/// <summary>The one place that decides who hears of which change.</summary>
internal static class LiveFeedRoutes
{
    public static LiveRoute? For(ILiveEvent change) => change switch
    {
        // The new assignee sees it arrive, the previous one sees it leave.
        TicketChanged ticket => Route(OperationsHub.TicketChangedMessage, ticket.AssigneeId, ticket.PreviousAssigneeId),
        LoadChanged load => Route(OperationsHub.LoadChangedMessage, load.SpecialistId),
        AlertRaised alert => Route(OperationsHub.AlertRaisedMessage, alert.SpecialistId),
        _ => null,
    };

    private static LiveRoute Route(string message, params Guid?[] specialists) => new(
        message,
        [LiveGroups.Wall, LiveGroups.Dispatch, .. specialists.OfType<Guid>().Distinct().Select(LiveGroups.Specialist)]);
}
