using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using OrleansCrm.BuildingBlocks.LiveFeed;
using OrleansCrm.BuildingBlocks.Security;

namespace OrleansCrm.Host.LiveFeed;

/// <summary>
/// The live feed for screens: the Blazor pages' browsers, a wall TV, any <c>@microsoft/signalr</c> client. It only
/// sends; a connection is put in its groups by the signed-in user's roles and cannot choose them.
/// </summary>
[Authorize]
internal sealed class OperationsHub(OperationsHubGroups members) : Hub
{
    public const string Path = "/hubs/operations";

    /// <summary>A <c>TicketChanged</c> (the ticket's summary row).</summary>
    public const string TicketChangedMessage = "ticketChanged";

    /// <summary>A <c>LoadChanged</c> (a specialist's load, capacity, rating, availability).</summary>
    public const string LoadChangedMessage = "loadChanged";

    /// <summary>An <c>AlertRaised</c>.</summary>
    public const string AlertRaisedMessage = "alertRaised";

    public override async Task OnConnectedAsync()
    {
        var groups = GroupsOf(Caller.From(Context.User!));
        foreach (var group in groups)
        {
            await Groups.AddToGroupAsync(Context.ConnectionId, group, Context.ConnectionAborted);
        }

        members.Joined(Context.ConnectionId, groups);
        await base.OnConnectedAsync();
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        // SignalR removes the connection from its groups by itself.
        members.Left(Context.ConnectionId);
        return base.OnDisconnectedAsync(exception);
    }

    /// <summary>Director and Dispatcher watch the wall and the dispatch board; a specialist their own workplace.</summary>
    public static IReadOnlyList<string> GroupsOf(Caller caller)
    {
        var groups = new List<string>();
        if (caller.CanDispatch)
        {
            groups.Add(LiveGroups.Wall);
            groups.Add(LiveGroups.Dispatch);
        }

        if (caller.IsIn(CrmRoles.Specialist) && caller.SpecialistId is { } specialistId)
        {
            groups.Add(LiveGroups.Specialist(specialistId));
        }

        return groups;
    }
}
