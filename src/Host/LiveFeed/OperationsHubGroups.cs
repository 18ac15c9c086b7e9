using System.Collections.Concurrent;
using System.Security.Claims;
using OrleansCrm.BuildingBlocks.LiveFeed;

namespace OrleansCrm.Host.LiveFeed;

/// <summary>
/// Who is in which of the hub's groups on this silo, as the hub joined them. SignalR neither tells nor deduplicates:
/// a send to <c>wall</c> and <c>dispatch</c> would reach a dispatcher (in both) twice. With this the bridge sends to
/// the first group as a group and to the few connections that only the other groups hold by id. Which groups a
/// connection may join is the modules' say (<see cref="ILiveGroupPolicy"/>).
/// </summary>
internal sealed class OperationsHubGroups(IEnumerable<ILiveGroupPolicy> policies)
{
    private readonly ILiveGroupPolicy[] _policies = [.. policies];
    private readonly Lock _gate = new();
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, byte>> _groups = new();
    private readonly Dictionary<string, IReadOnlyList<string>> _connections = [];

    /// <summary>Every group some module lets this user hear, each once, in the modules' order.</summary>
    public IReadOnlyList<string> GroupsOf(ClaimsPrincipal user)
    {
        var groups = new List<string>();
        foreach (var policy in _policies)
        {
            foreach (var group in policy.GroupsOf(user))
            {
                if (!groups.Contains(group))
                {
                    groups.Add(group);
                }
            }
        }

        return groups;
    }

    public void Joined(string connectionId, IReadOnlyList<string> groups)
    {
        lock (_gate)
        {
            _connections[connectionId] = groups;
            foreach (var group in groups)
            {
                _groups.GetOrAdd(group, _ => new ConcurrentDictionary<string, byte>())[connectionId] = 0;
            }
        }
    }

    public void Left(string connectionId)
    {
        lock (_gate)
        {
            if (!_connections.Remove(connectionId, out var groups))
            {
                return;
            }

            foreach (var group in groups)
            {
                if (_groups.TryGetValue(group, out var members) && members.TryRemove(connectionId, out _) && members.IsEmpty)
                {
                    _groups.TryRemove(group, out _);
                }
            }
        }
    }

    /// <summary>Connections in any of <paramref name="groups"/> after the first that are not in the first, each once.</summary>
    public IReadOnlyList<string> BeyondFirst(IReadOnlyList<string> groups)
    {
        _groups.TryGetValue(groups[0], out var first);
        HashSet<string>? beyond = null;
        for (var i = 1; i < groups.Count; i++)
        {
            if (!_groups.TryGetValue(groups[i], out var members))
            {
                continue;
            }

            foreach (var connectionId in members.Keys)
            {
                if (first is null || !first.ContainsKey(connectionId))
                {
                    (beyond ??= []).Add(connectionId);
                }
            }
        }

        return beyond is null ? [] : [.. beyond];
    }
}
