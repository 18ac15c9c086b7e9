using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace OrleansCrm.Host.LiveFeed;

/// <summary>
/// The live feed for screens: the Blazor pages' browsers, a wall TV, any <c>@microsoft/signalr</c> client. It only
/// sends; a connection is put in the groups the modules' policies give its signed-in user and cannot choose them.
/// The messages and their groups are the modules' routes (<see cref="LiveFeedRoutes"/>).
/// </summary>
[Authorize]
internal sealed class OperationsHub(OperationsHubGroups members) : Hub
{
    public const string Path = "/hubs/operations";

    public override async Task OnConnectedAsync()
    {
        var groups = members.GroupsOf(Context.User!);
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
}
