using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using Orleans.Storage;
using OrleansCrm.BuildingBlocks.Audit;
using OrleansCrm.BuildingBlocks.Errors;
using OrleansCrm.BuildingBlocks.LiveFeed;
using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.BuildingBlocks.Texts;

namespace OrleansCrm.BuildingBlocks.Grains;

/// <summary>A grain's stored state as the save pipeline sees it: a version that every stored change advances by one.</summary>
public interface IVersionedState
{
    int Version { get; set; }
}

/// <summary>What the save pipeline needs from the host, in one piece so a grain's constructor stays short.</summary>
public sealed class GrainKit(ILiveFeed liveFeed, GroupCommitWriter writer, TimeProvider time, ILoggerFactory loggers, AuditLog audit)
{
    public ILiveFeed LiveFeed { get; } = liveFeed;

    public AuditLog Audit { get; } = audit;
    public GroupCommitWriter Writer { get; } = writer;
    public TimeProvider Time { get; } = time;
    public ILoggerFactory Loggers { get; } = loggers;
}

/// <summary>
/// The one save pipeline of a grain with stored state and a read-model row. A grain declares its state, the details it
/// answers with (<see cref="Describe"/>), its row (<see cref="Row"/>) and its live events (<see cref="LiveEvents"/>);
/// <see cref="SaveAsync"/> does the rest:
/// <list type="number">
/// <item>the version advances;</item>
/// <item>the state, its row and its audit entry are written in one transaction (the group commit: <see cref="StateWriteCompanion"/>);
/// the entry names the actor (<see cref="AuditContext"/>), the command (the grain method called) and the fields that
/// changed, old → new, from the details before and after;</item>
/// <item>a refused write (another activation wrote first) becomes a 409, and any failed write leaves the activation
/// stale: the next call reloads what was stored before it runs, and nothing the failed change queued is delivered;</item>
/// <item>once committed, what the change queued in its outbox is delivered (<see cref="StatefulGrain{TState, TDetails, TMessage}"/>);</item>
/// <item>then its live events are published.</item>
/// </list>
/// Rules (transitions, policies, formulas) belong in plain classes the grain calls; the grain stays a thin shell.
/// </summary>
public abstract class StatefulGrain<TState, TDetails> : Grain, IIncomingGrainCallFilter
    where TState : class, IVersionedState, new()
    where TDetails : class
{
    /// <summary>The grain call running in this flow: its method is the audit entry's action.</summary>
    private static readonly AsyncLocal<IIncomingGrainCallContext?> Call = new();

    private static readonly ConcurrentDictionary<MethodInfo, bool> Unaudited = new();

    private readonly IPersistentState<TState> _state;

    /// <summary>The details as last stored, kept short: what the next change is compared with.</summary>
    private AuditSnapshot? _stored;

    /// <summary>A save that is not audited moved the state past <see cref="_stored"/>: taken again before the next audited call.</summary>
    private bool _storedBehind;

    protected StatefulGrain(IPersistentState<TState> state, GrainKit kit)
    {
        _state = state;
        Kit = kit;
        Logger = kit.Loggers.CreateLogger(GetType());
    }

    protected GrainKit Kit { get; }

    protected ILogger Logger { get; }

    protected TState State => _state.State;

    /// <summary>Whether the state has ever been written.</summary>
    protected bool Stored => _state.RecordExists;

    /// <summary>
    /// A write failed, so memory may be ahead of storage: no timer or delivery may act on it, and the next call reloads
    /// first. The activation is also asked to leave once idle.
    /// </summary>
    protected bool Stale { get; private set; }

    /// <summary>"ticket", "client": how messages name this grain.</summary>
    protected abstract string Noun { get; }

    /// <summary>What the grain answers with, from the current state.</summary>
    protected abstract TDetails Describe();

    /// <summary>The read-model row of the current state, written in the state's transaction; null for none.</summary>
    protected abstract RowWrite? Row(TDetails details);

    /// <summary>What screens hear of the change just stored. Published after the commit and the outbox's delivery.</summary>
    protected virtual IEnumerable<ILiveEvent> LiveEvents(TDetails details) => [];

    /// <summary>The entity kind in the audit log (<c>client</c>): <see cref="Noun"/> unless a grain says otherwise.</summary>
    protected virtual string AuditEntity => Noun;

    /// <summary>After activation and after every reload: rebuild what the activation derives from the state (timers, caches).</summary>
    protected virtual Task OnLoadedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Right after a commit, before the live events: the outbox delivers here.</summary>
    protected virtual Task OnCommittedAsync() => Task.CompletedTask;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await base.OnActivateAsync(cancellationToken);
        _stored = Snapshot();
        await OnLoadedAsync(cancellationToken);
    }

    /// <summary>Every call to a stale activation first reloads the stored state: a clean start, never the state a failed write left.</summary>
    async Task IIncomingGrainCallFilter.Invoke(IIncomingGrainCallContext context)
    {
        if (Stale)
        {
            await _state.ReadStateAsync();
            Stale = false;
            _stored = Snapshot();
            await OnLoadedAsync(CancellationToken.None);
        }

        Call.Value = context;
        if (_storedBehind && Audited())
        {
            // Bookkeeping saves (not audited) do not pay for a snapshot; the next audited command compares with the state it finds.
            _stored = Snapshot();
            _storedBehind = false;
        }

        await context.Invoke();
    }

    /// <summary>
    /// Stores the change made to <see cref="State"/> (see the class summary) and answers with the details as stored.
    /// <paramref name="row"/> replaces <see cref="Row"/> for this write (a cheaper row for changes that touch less).
    /// </summary>
    protected async Task<TDetails> SaveAsync(Func<TDetails, RowWrite?>? row = null)
    {
        State.Version++;
        var details = Describe();
        var rowWrite = row is null ? Row(details) : row(details);
        var snapshot = Audited() ? AuditSnapshot.Of(details) : null;
        if (snapshot is not null)
        {
            var audit = Kit.Audit.Insert(AuditEntryOf(snapshot));
            rowWrite = rowWrite is null ? RowWrite.Of(audit) : rowWrite.And(audit);
        }

        var companion = rowWrite is null ? null : StateWriteCompanion.Attach(rowWrite);
        try
        {
            await _state.WriteStateAsync();
        }
        catch (InconsistentStateException exception)
        {
            // Another activation wrote first (briefly possible after a silo crash): reload rather than overwrite.
            Logger.LogWarning(exception, "Concurrent write to {Noun} {GrainId}", Noun, this.GetGrainId());
            MarkStale();
            throw new ConflictException(KitTexts.Say("ChangedElsewhere"));
        }
        catch
        {
            MarkStale(); // memory ran ahead of storage (or may have: an unknown outcome): reload before anything else
            throw;
        }
        finally
        {
            companion?.Dispose();
        }

        if (rowWrite is not null && companion is { Taken: false })
        {
            await Kit.Writer.WriteAsync(rowWrite); // a storage that cannot take the row along (not the product's)
        }

        if (snapshot is not null)
        {
            _stored = snapshot;
        }
        else
        {
            _storedBehind = true;
        }

        await OnCommittedAsync();
        foreach (var change in LiveEvents(details))
        {
            Kit.LiveFeed.Publish(change);
        }

        return details;
    }

    /// <summary>What this change looks like in the audit log: who, which command, which fields.</summary>
    private AuditEntry AuditEntryOf(AuditSnapshot snapshot)
    {
        var grain = this.GetGrainId();
        var id = grain.TryGetGuidKey(out var guid, out var extension) && extension is null ? guid.ToString() : grain.Key.ToString()!;
        return new AuditEntry(
            AuditLog.IdOf(AuditEntity, id, State.Version), AuditEntity, id, State.Version, ModuleName(GetType()),
            AuditContext.Current ?? AuditActor.Product, Kit.Time.GetUtcNow(), Action(Call.Value), snapshot.Since(_stored));
    }

    /// <summary>Whether this save is audited: every save but those of a method marked <see cref="NotAuditedAttribute"/>.</summary>
    private static bool Audited() =>
        Call.Value?.ImplementationMethod is not { } method || !Unaudited.GetOrAdd(method, m => m.GetCustomAttribute<NotAuditedAttribute>() is not null);

    /// <summary>
    /// The command's name: the grain method called, or the value of its first argument when that is an enum (a ticket's
    /// <c>Act(Accept, …)</c> is <c>Accept</c>). A save outside any call (a timer, activation) or from a reminder is <c>Scheduled</c>.
    /// </summary>
    private static string Action(IIncomingGrainCallContext? call)
    {
        if (call is null || call.MethodName == "ReceiveReminder")
        {
            return "Scheduled";
        }

        return call.Request.GetArgumentCount() > 0 && call.Request.GetArgument(0) is Enum first ? first.ToString() : call.MethodName;
    }

    /// <summary>The module a grain belongs to, whose texts name its fields: <c>OrleansCrm.Clients.Cards</c> → <c>Clients</c>.</summary>
    private static string ModuleName(Type grain) => grain.Namespace?.Split('.') is [_, var module, ..] ? module : "";

    private AuditSnapshot? Snapshot() => Stored && Describe() is { } details ? AuditSnapshot.Of(details) : null;

    /// <summary>For a second state the grain writes itself (an archive): a failure there leaves the activation stale too.</summary>
    protected void MarkStale()
    {
        Stale = true;
        DeactivateOnIdle();
    }
}
