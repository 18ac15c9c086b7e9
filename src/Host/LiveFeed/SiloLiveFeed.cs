using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;
using OrleansCrm.BuildingBlocks.LiveFeed;
using OrleansCrm.BuildingBlocks.Observability;

namespace OrleansCrm.Host.LiveFeed;

/// <summary>
/// This silo's end of the live feed (after the GPSTracker sample's push notifier and hub list). Publishing writes to a
/// bounded in-memory queue; one loop drains it in batches — as many events as are waiting, so an idle feed adds no
/// delay and a busy one sends fewer, larger messages — and hands each batch to this silo's subscribers directly and to
/// every other silo's observer as a one-way call. The observer is registered with <see cref="ILiveFeedRegistryGrain"/>
/// when the silo becomes active, renewed on a heartbeat (after the Voting sample) and removed when the silo stops —
/// in the silo's own lifecycle, so the silo is still up for both.
/// </summary>
internal sealed partial class SiloLiveFeed : ILiveFeed, ILiveFeedObserver, ILifecycleParticipant<ISiloLifecycle>
{
    private readonly IGrainFactory _grains;
    private readonly ILocalSiloDetails _silo;
    private readonly IClusterMembershipService _membership;
    private readonly LocalLiveFeed _local;
    private readonly LiveFeedOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<SiloLiveFeed> _logger;
    private readonly Channel<ILiveEvent> _outgoing;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private LiveFeedMembers _members = LiveFeedMembers.None;
    private ILiveFeedObserver? _reference;
    private Task _pump = Task.CompletedTask;
    private Task _heartbeat = Task.CompletedTask;
    private long _dropped;

    public SiloLiveFeed(
        IGrainFactory grains, ILocalSiloDetails silo, IClusterMembershipService membership, LocalLiveFeed local,
        IOptions<LiveFeedOptions> options, TimeProvider time, ILogger<SiloLiveFeed> logger)
    {
        _grains = grains;
        _silo = silo;
        _membership = membership;
        _local = local;
        _options = options.Value;
        _time = time;
        _logger = logger;
        _outgoing = Channel.CreateBounded<ILiveEvent>(
            new BoundedChannelOptions(_options.OutgoingCapacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            _ => Dropped());
    }

    /// <summary>The silos this one sends to (itself included), as the registry last told it.</summary>
    public LiveFeedMembers Members => _members;

    private ILiveFeedRegistryGrain Registry => _grains.GetGrain<ILiveFeedRegistryGrain>(LiveFeedRegistryGrain.Key);

    public void Publish(ILiveEvent change)
    {
        // Never throws into the caller: null is ignored, and after shutdown the queue refuses quietly.
        if (change is not null)
        {
            _outgoing.Writer.TryWrite(change);
        }
    }

    public Task Deliver(LiveEventBatch batch)
    {
        _local.Dispatch(batch.Events);
        return Task.CompletedTask;
    }

    public Task MembersChanged(LiveFeedMembers members)
    {
        Accept(members);
        return Task.CompletedTask;
    }

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(SiloLiveFeed), ServiceLifecycleStage.Active, StartAsync, StopAsync);

    private async Task StartAsync(CancellationToken cancellationToken)
    {
        // Held here: Orleans keeps only a weak reference to an observer object.
        _reference = _grains.CreateObjectReference<ILiveFeedObserver>(this);
        _pump = Task.Run(PumpAsync, CancellationToken.None);
        await RenewAsync();
        _heartbeat = Task.Run(HeartbeatAsync, CancellationToken.None);
    }

    private async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        _outgoing.Writer.TryComplete();
        await Task.WhenAll(_pump, _heartbeat).WaitAsync(cancellationToken);
        try
        {
            await Registry.Unsubscribe(_silo.SiloAddress).WaitAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The registry drops this silo anyway once the cluster declares it dead or its renewal expires.
            LogUnsubscribeFailed(exception);
        }

        if (_reference is not null)
        {
            _grains.DeleteObjectReference<ILiveFeedObserver>(_reference);
        }
    }

    private async Task PumpAsync()
    {
        var reader = _outgoing.Reader;
        var batch = new List<ILiveEvent>(_options.MaxBatch);
        while (await reader.WaitToReadAsync())
        {
            while (batch.Count < _options.MaxBatch && reader.TryRead(out var change))
            {
                batch.Add(change);
            }

            ILiveEvent[] events = [.. batch];
            batch.Clear();
            try
            {
                _local.Dispatch(events);
                SendToOtherSilos(new LiveEventBatch(events));
            }
            catch (Exception exception)
            {
                CrmMetrics.LiveFeedDropped("hand_on", events.Length);
                LogSendFailed(exception);
            }
        }
    }

    private void SendToOtherSilos(LiveEventBatch batch)
    {
        var cluster = _membership.CurrentSnapshot;
        foreach (var member in _members.Members)
        {
            // A silo the cluster declared dead is skipped before the registry drops it.
            if (member.Silo.Equals(_silo.SiloAddress) || cluster.GetSiloStatus(member.Silo) == SiloStatus.Dead)
            {
                continue;
            }

            member.Observer.Deliver(batch).Ignore();
        }
    }

    private async Task HeartbeatAsync()
    {
        using var timer = new PeriodicTimer(_options.Heartbeat, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(_stopping.Token))
            {
                await RenewAsync();
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // stopping
        }
    }

    private async Task RenewAsync()
    {
        try
        {
            Accept(await Registry.Subscribe(_silo.SiloAddress, _reference!));
        }
        catch (Exception exception) when (!_stopping.IsCancellationRequested)
        {
            // Local subscribers still get this silo's events; the next heartbeat tries again.
            LogRenewFailed(exception);
        }
    }

    private void Accept(LiveFeedMembers members)
    {
        lock (_gate)
        {
            if (members.Version > _members.Version)
            {
                _members = members;
            }
        }
    }

    private void Dropped()
    {
        var dropped = Interlocked.Increment(ref _dropped);
        CrmMetrics.LiveFeedDropped("outgoing");
        if (dropped % 1000 == 1)
        {
            LogOutgoingFull(_options.OutgoingCapacity, dropped);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not renew this silo's live feed subscription")]
    private partial void LogRenewFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not unsubscribe this silo from the live feed")]
    private partial void LogUnsubscribeFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not hand a live feed batch on")]
    private partial void LogSendFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The live feed's outgoing queue is full ({Capacity}); {Dropped} of the oldest events dropped so far")]
    private partial void LogOutgoingFull(int capacity, long dropped);
}
