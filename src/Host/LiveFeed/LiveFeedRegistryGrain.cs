using Microsoft.Extensions.Options;
using Orleans.Runtime;
using OrleansCrm.BuildingBlocks.LiveFeed;

namespace OrleansCrm.Host.LiveFeed;

/// <summary>
/// Kept in memory only: after the registry's silo died it is reactivated empty and refills within one heartbeat,
/// while every silo keeps sending to the members it last heard of.
/// </summary>
internal sealed class LiveFeedRegistryGrain(IClusterMembershipService membership, IOptions<LiveFeedOptions> options, TimeProvider time)
    : Grain, ILiveFeedRegistryGrain
{
    public const long Key = 0;

    private readonly Dictionary<SiloAddress, (ILiveFeedObserver Observer, DateTimeOffset Renewed)> _silos = [];

    // Starts from the clock, so the lists of a reactivated registry are newer than those of the one that died.
    private LiveFeedMembers _members = new(time.GetUtcNow().UtcTicks, []);

    public Task<LiveFeedMembers> Subscribe(SiloAddress silo, ILiveFeedObserver observer)
    {
        var joined = !_silos.TryGetValue(silo, out var known) || !known.Observer.Equals(observer);
        _silos[silo] = (observer, time.GetUtcNow());
        if (DropDead() | joined)
        {
            Announce();
        }

        return Task.FromResult(_members);
    }

    public Task Unsubscribe(SiloAddress silo)
    {
        if (_silos.Remove(silo) | DropDead())
        {
            Announce();
        }

        return Task.CompletedTask;
    }

    public Task<LiveFeedMembers> GetMembers()
    {
        if (DropDead())
        {
            Announce();
        }

        return Task.FromResult(_members);
    }

    /// <summary>Silos the cluster declared dead, and silos that stopped renewing (a hung or partitioned host).</summary>
    private bool DropDead()
    {
        var oldest = time.GetUtcNow() - options.Value.Expiry;
        var snapshot = membership.CurrentSnapshot;
        var dead = _silos
            .Where(s => s.Value.Renewed < oldest || snapshot.GetSiloStatus(s.Key) == SiloStatus.Dead)
            .Select(s => s.Key)
            .ToList();
        dead.ForEach(silo => _silos.Remove(silo));
        return dead.Count > 0;
    }

    /// <summary>Tells every member at once, so a silo that just joined receives events from the others right away.</summary>
    private void Announce()
    {
        _members = new LiveFeedMembers(_members.Version + 1, [.. _silos.Select(s => new LiveFeedMember(s.Key, s.Value.Observer))]);
        foreach (var member in _members.Members)
        {
            member.Observer.MembersChanged(_members).Ignore();
        }
    }
}
