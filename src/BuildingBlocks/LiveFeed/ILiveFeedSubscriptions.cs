namespace OrleansCrm.BuildingBlocks.LiveFeed;

/// <summary>
/// The live feed as it reaches this silo, for in-process screens (Blazor components) and the SignalR bridge.
/// Each subscriber has a queue of its own: a slow or failing subscriber delays and loses only its own events.
/// </summary>
public interface ILiveFeedSubscriptions
{
    /// <summary>
    /// Calls <paramref name="onEvent"/> for every event this silo receives, one at a time, in arrival order, until the
    /// returned handle is disposed. A handler that falls too far behind loses its oldest queued events (it should reload).
    /// </summary>
    IDisposable Subscribe(Func<ILiveEvent, CancellationToken, ValueTask> onEvent);
}

public static class LiveFeedSubscriptionsExtensions
{
    /// <summary>Only the events of one type, e.g. a dispatcher's board listening for ticket changes.</summary>
    public static IDisposable Subscribe<TEvent>(this ILiveFeedSubscriptions subscriptions, Func<TEvent, CancellationToken, ValueTask> onEvent)
        where TEvent : ILiveEvent =>
        subscriptions.Subscribe((change, cancellation) => change is TEvent typed ? onEvent(typed, cancellation) : ValueTask.CompletedTask);
}
