namespace OrleansCrm.BuildingBlocks.LiveFeed;

/// <summary>
/// Publishes changes to every silo's screens: each silo sends them to its SignalR hub's groups and to the Blazor
/// components on it. Grains and handlers get it by injection and call <see cref="Publish"/> after the change persisted.
/// </summary>
public interface ILiveFeed
{
    /// <summary>
    /// Queues the event and returns at once; it never throws and never waits for a screen. Delivery is best effort:
    /// a screen that missed events loads a fresh snapshot when it (re)connects.
    /// </summary>
    void Publish(ILiveEvent change);
}
