using Orleans.Concurrency;
using Orleans.Runtime;
using OrleansCrm.BuildingBlocks.LiveFeed;

namespace OrleansCrm.Host.LiveFeed;

/// <summary>One silo's end of the live feed: receives the events published on other silos.</summary>
internal interface ILiveFeedObserver : IGrainObserver
{
    /// <summary>Events published on another silo; the sender does not wait.</summary>
    [OneWay]
    Task Deliver(LiveEventBatch batch);

    /// <summary>The silos now on the feed, pushed by the registry when one joins or leaves.</summary>
    [OneWay]
    Task MembersChanged(LiveFeedMembers members);
}

/// <summary>
/// Which silos are on the live feed (one observer each). Silos re-subscribe on a heartbeat, so the registry rebuilds
/// itself after its own silo died; a silo that stops renewing, or that the cluster declared dead, is dropped.
/// </summary>
internal interface ILiveFeedRegistryGrain : IGrainWithIntegerKey
{
    /// <summary>Adds or renews the silo's observer and returns everyone on the feed.</summary>
    Task<LiveFeedMembers> Subscribe(SiloAddress silo, ILiveFeedObserver observer);

    Task Unsubscribe(SiloAddress silo);

    Task<LiveFeedMembers> GetMembers();
}

[GenerateSerializer, Immutable]
internal sealed record LiveEventBatch([property: Id(0)] IReadOnlyList<ILiveEvent> Events);

[GenerateSerializer, Immutable]
internal sealed record LiveFeedMember([property: Id(0)] SiloAddress Silo, [property: Id(1)] ILiveFeedObserver Observer);

/// <param name="Version">Grows with every change, also across the registry's reactivations: a silo ignores an older list that arrives late.</param>
[GenerateSerializer, Immutable]
internal sealed record LiveFeedMembers([property: Id(0)] long Version, [property: Id(1)] IReadOnlyList<LiveFeedMember> Members)
{
    public static readonly LiveFeedMembers None = new(0, []);
}
