using System.Collections.Frozen;
using OrleansCrm.BuildingBlocks.LiveFeed;

namespace OrleansCrm.Host.LiveFeed;

/// <summary>Which hub message carries an event, and to which groups (the widest first).</summary>
internal sealed record LiveRouteTarget(string Message, IReadOnlyList<string> Groups);

/// <summary>
/// The routes the modules declared (<see cref="ILiveRoute"/>), by event type. Built once; the bridge asks it for every
/// event, so a lookup is one dictionary read and the module's own list of groups.
/// </summary>
internal sealed class LiveFeedRoutes
{
    private readonly FrozenDictionary<Type, ILiveRoute> _routes;

    public LiveFeedRoutes(IEnumerable<ILiveRoute> routes)
    {
        var byType = new Dictionary<Type, ILiveRoute>();
        foreach (var route in routes)
        {
            // Two modules sending one event under two names would leave the screens guessing: refuse to start instead.
            if (!byType.TryAdd(route.EventType, route))
            {
                throw new InvalidOperationException(
                    $"The live event {route.EventType.FullName} has two routes, \"{byType[route.EventType].Message}\" and \"{route.Message}\": " +
                    "declare one AddLiveRoute per event type, in the module that owns the event.");
            }
        }

        _routes = byType.ToFrozenDictionary();
    }

    /// <summary>Null when no module routes this event, or its route names no group for it: it goes to no screen.</summary>
    public LiveRouteTarget? For(ILiveEvent change)
    {
        if (!_routes.TryGetValue(change.GetType(), out var route))
        {
            return null;
        }

        var groups = route.GroupsOf(change);
        return groups.Count == 0 ? null : new LiveRouteTarget(route.Message, groups);
    }
}
