using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace OrleansCrm.BuildingBlocks.Grains;

/// <summary>A state that carries, with the change they come from, messages for other grains (its outbox).</summary>
public interface IOutboxState<TMessage> : IVersionedState
{
    List<TMessage> Outbox { get; }
}

/// <summary>
/// The save pipeline with an outbox: a change queues its messages (<see cref="Send"/>) and they are stored with it, in
/// the same write; only messages known to be stored are delivered, in order, one delivery at a time, after the commit.
/// A message whose delivery fails stays and is retried (by a timer, the next save and the next activation); receivers
/// must ignore repeats. Messages never expire unless <see cref="MayDrop"/> says so.
/// </summary>
public abstract class StatefulGrain<TState, TDetails, TMessage> : StatefulGrain<TState, TDetails>
    where TState : class, IOutboxState<TMessage>, new()
    where TDetails : class
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(5);

    /// <summary>How many of the outbox's first messages are stored: the rest belong to a change not (yet) written.</summary>
    private int _stored;

    private Task _delivery = Task.CompletedTask;
    private IGrainTimer? _retry;

    protected StatefulGrain(IPersistentState<TState> state, GrainKit kit)
        : base(state, kit)
    {
    }

    /// <summary>Delivers one message; throws when it could not (it stays in the outbox and is retried).</summary>
    protected abstract Task DeliverAsync(TMessage message);

    /// <summary>Whether an undelivered message may be given up (for example, of finished work, past a while). Never, by default.</summary>
    protected virtual bool MayDrop(TMessage message) => false;

    /// <summary>Whether messages are waiting to be delivered.</summary>
    protected bool Undelivered => State.Outbox.Count > 0;

    /// <summary>Queues a message with the change being made; it goes out once that change is stored.</summary>
    protected void Send(TMessage message) => State.Outbox.Add(message);

    protected override Task OnLoadedAsync(CancellationToken cancellationToken)
    {
        _stored = State.Outbox.Count; // what storage holds: left over by a crash between a write and its delivery
        Deliver();
        return Task.CompletedTask;
    }

    protected override async Task OnCommittedAsync()
    {
        _stored = State.Outbox.Count;
        Deliver();
        await _delivery;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // What is left is re-sent by the next activation.
        await _delivery.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ContinueOnCapturedContext);
        await base.OnDeactivateAsync(reason, cancellationToken);
    }

    /// <summary>Starts a delivery unless one is under way: that one takes what was stored meanwhile.</summary>
    private void Deliver()
    {
        if (_delivery.IsCompleted && !Stale)
        {
            _delivery = DeliverStoredAsync();
        }
    }

    /// <summary>Oldest first; stops at the first failure and retries shortly. Never throws.</summary>
    private async Task DeliverStoredAsync()
    {
        for (var i = _stored - 1; i >= 0; i--)
        {
            if (MayDrop(State.Outbox[i]))
            {
                State.Outbox.RemoveAt(i);
                _stored--;
            }
        }

        try
        {
            while (_stored > 0 && !Stale)
            {
                await DeliverAsync(State.Outbox[0]);
                State.Outbox.RemoveAt(0);
                _stored--;
            }
        }
        catch (Exception exception)
        {
            Logger.LogWarning(exception, "{Noun} {GrainId}: {Count} messages not delivered yet; retrying", Noun, this.GetGrainId(), _stored);
            _retry?.Dispose();
            _retry = this.RegisterGrainTimer(_ =>
            {
                Deliver();
                return Task.CompletedTask;
            }, new GrainTimerCreationOptions(RetryDelay, Timeout.InfiniteTimeSpan));
            DelayDeactivation(RetryDelay + TimeSpan.FromMinutes(1));
        }
    }
}
