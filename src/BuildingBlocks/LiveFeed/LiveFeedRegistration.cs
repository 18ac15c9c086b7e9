using System.Security.Claims;
using Microsoft.Extensions.DependencyInjection;

namespace OrleansCrm.BuildingBlocks.LiveFeed;

/// <summary>How a module declares its live events and audiences, from its <c>AddXModule()</c>; the host only reads them.</summary>
public static class LiveFeedRegistration
{
    /// <summary>
    /// Sends every <typeparamref name="TEvent"/> published on the feed to the hub as <paramref name="message"/>, to the
    /// groups <paramref name="groups"/> names for it, e.g.
    /// <c>services.AddLiveRoute&lt;TicketChanged&gt;("ticketChanged", t =&gt; [LiveGroups.Wall, LiveGroups.Dispatch])</c>.
    /// Called for every such event, so it should only build the list. One route per event type.
    /// </summary>
    public static IServiceCollection AddLiveRoute<TEvent>(this IServiceCollection services, string message, Func<TEvent, IReadOnlyList<string>> groups)
        where TEvent : ILiveEvent =>
        services.AddSingleton<ILiveRoute>(new LiveRoute<TEvent>(message, groups));

    /// <summary>Lets a signed-in connection join the groups <paramref name="groupsOf"/> names for its user.</summary>
    public static IServiceCollection AddLiveGroups(this IServiceCollection services, Func<ClaimsPrincipal, IEnumerable<string>> groupsOf)
    {
        ArgumentNullException.ThrowIfNull(groupsOf);
        return services.AddSingleton<ILiveGroupPolicy>(new DelegatePolicy(groupsOf));
    }

    private sealed class DelegatePolicy(Func<ClaimsPrincipal, IEnumerable<string>> groupsOf) : ILiveGroupPolicy
    {
        public IEnumerable<string> GroupsOf(ClaimsPrincipal user) => groupsOf(user);
    }
}
