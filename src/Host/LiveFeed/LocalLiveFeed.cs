using System.Collections.Immutable;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansCrm.BuildingBlocks.LiveFeed;
using OrleansCrm.BuildingBlocks.Observability;

namespace OrleansCrm.Host.LiveFeed;

/// <summary>
/// Hands the events that reach this silo to its in-process subscribers. Each subscriber reads its own bounded queue on
/// its own loop, so handing over never waits, and a slow or throwing subscriber holds up nobody else.
/// </summary>
internal sealed partial class LocalLiveFeed(IOptions<LiveFeedOptions> options, ILogger<LocalLiveFeed> logger) : ILiveFeedSubscriptions
{
    private readonly Lock _gate = new();
    private ImmutableArray<Subscriber> _subscribers = [];

    public IDisposable Subscribe(Func<ILiveEvent, CancellationToken, ValueTask> onEvent)
    {
        ArgumentNullException.ThrowIfNull(onEvent);
        var subscriber = new Subscriber(this, onEvent, options.Value.SubscriberCapacity);
        lock (_gate)
        {
            _subscribers = _subscribers.Add(subscriber);
        }

        subscriber.Start();
        return subscriber;
    }

    public void Dispatch(IReadOnlyList<ILiveEvent> events)
    {
        foreach (var subscriber in _subscribers)
        {
            foreach (var change in events)
            {
                subscriber.Offer(change);
            }
        }
    }

    private void Remove(Subscriber subscriber)
    {
        lock (_gate)
        {
            _subscribers = _subscribers.Remove(subscriber);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A live feed subscriber failed on {EventType}; it keeps receiving")]
    private partial void LogSubscriberFailed(Exception exception, string eventType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A live feed subscriber is {Capacity} events behind; {Dropped} of its oldest dropped so far")]
    private partial void LogSubscriberBehind(int capacity, long dropped);

    private sealed class Subscriber : IDisposable
    {
        private readonly LocalLiveFeed _feed;
        private readonly Func<ILiveEvent, CancellationToken, ValueTask> _onEvent;
        private readonly int _capacity;
        private readonly Channel<ILiveEvent> _queue;
        private readonly CancellationTokenSource _disposed = new();
        private long _dropped;

        public Subscriber(LocalLiveFeed feed, Func<ILiveEvent, CancellationToken, ValueTask> onEvent, int capacity)
        {
            _feed = feed;
            _onEvent = onEvent;
            _capacity = capacity;
            _queue = Channel.CreateBounded<ILiveEvent>(
                new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
                _ => Dropped());
        }

        public void Start() => _ = Task.Run(RunAsync);

        public void Offer(ILiveEvent change) => _queue.Writer.TryWrite(change);

        public void Dispose()
        {
            _feed.Remove(this);
            _queue.Writer.TryComplete();
            _disposed.Cancel();
        }

        private async Task RunAsync()
        {
            var cancellation = _disposed.Token;
            try
            {
                await foreach (var change in _queue.Reader.ReadAllAsync(cancellation))
                {
                    cancellation.ThrowIfCancellationRequested();
                    try
                    {
                        await _onEvent(change, cancellation);
                    }
                    catch (Exception exception) when (exception is not OperationCanceledException || !cancellation.IsCancellationRequested)
                    {
                        _feed.LogSubscriberFailed(exception, change.GetType().Name);
                    }
                }
            }
            catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
            {
                // unsubscribed
            }
        }

        private void Dropped()
        {
            // The first loss, then every thousandth: enough to notice a stuck screen without flooding the log.
            var dropped = Interlocked.Increment(ref _dropped);
            CrmMetrics.LiveFeedDropped("subscriber");
            if (dropped % 1000 == 1)
            {
                _feed.LogSubscriberBehind(_capacity, dropped);
            }
        }
    }
}
