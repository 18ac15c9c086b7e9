using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansCrm.BuildingBlocks.LiveFeed;
using OrleansCrm.ServiceDesk.Contracts;
using OrleansCrm.ServiceDesk.ReadModel;

namespace OrleansCrm.ServiceDesk.Wall;

/// <summary>
/// One per queue: watches the wall's present conditions (<see cref="WallConditions"/>) and publishes the whole list as
/// <see cref="WallConditionsChanged"/> whenever it changes, so walls show a condition appear and end without a reload.
/// </summary>
public interface IWallConditionsGrain : IGrainWithStringKey
{
    /// <summary>The present conditions, read afresh unless read a moment ago; a change found is published.</summary>
    Task<IReadOnlyList<WallCondition>> Read();
}

/// <summary>
/// Conditions change with tickets and loads, and one (a ticket waiting too long) with nothing but time, so the grain
/// re-reads them whenever a screen asks (screens ask after ticket and load changes), at the moment the next waiting ticket
/// crosses the limit, and every <see cref="ServiceDeskOptions.WallConditionsPeriod"/> besides. It keeps itself active once a wall has asked, holds nothing that a new activation
/// could not read again, and two activations at once (a cluster change) would only publish the same list twice.
/// </summary>
internal sealed class WallConditionsGrain(
    IDbContextFactory<ServiceDeskDbContext> contexts,
    ILiveFeed feed,
    IOptions<ServiceDeskOptions> options,
    TimeProvider time,
    ILogger<WallConditionsGrain> logger) : Grain, IWallConditionsGrain
{
    /// <summary>Many screens ask after the same change: one reading serves them all.</summary>
    private static readonly TimeSpan Fresh = TimeSpan.FromSeconds(1);

    private IReadOnlyList<WallCondition>? _shown;
    private DateTimeOffset _readAt;
    private IGrainTimer? _again;
    private IGrainTimer? _due;
    private DateTimeOffset? _dueAt;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var period = options.Value.WallConditionsPeriod;
        this.RegisterGrainTimer(WatchAsync, new GrainTimerCreationOptions(period, period) { KeepAlive = true });
        return Task.CompletedTask;
    }

    public async Task<IReadOnlyList<WallCondition>> Read()
    {
        var age = time.GetUtcNow() - _readAt;
        if (_shown is null || age >= Fresh)
        {
            await RefreshAsync(CancellationToken.None);
        }
        else if (_again is null)
        {
            // The change that made a screen ask may have come after the fresh reading: read once more as soon as that
            // reading is no longer fresh (a change found is published), rather than at the next period.
            _again = this.RegisterGrainTimer(
                async cancellationToken =>
                {
                    // Disposed after the reading, not before: disposing a timer cancels the token its callback runs with.
                    var done = _again;
                    _again = null;
                    await WatchAsync(cancellationToken);
                    done?.Dispose();
                },
                new GrainTimerCreationOptions(Fresh - age, Timeout.InfiniteTimeSpan));
        }

        return _shown!;
    }

    private async Task WatchAsync(CancellationToken cancellationToken)
    {
        try
        {
            await RefreshAsync(cancellationToken);
        }
        catch (Exception exception)
        {
            // The next tick tries again; a screen's own re-reads go on meanwhile.
            logger.LogWarning(exception, "Reading the wall's conditions of queue {Queue} failed", this.GetPrimaryKeyString());
        }
    }

    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var queue = this.GetPrimaryKeyString();
        var now = time.GetUtcNow();
        var board = await GrainFactory.GetGrain<IDispatcherGrain>(queue).Board();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var conditions = await WallConditions.ReadAsync(db, GrainFactory, board, queue, now, options.Value, cancellationToken);
        _readAt = now;
        if (_shown is null || !WallConditions.Same(_shown, conditions))
        {
            _shown = conditions;
            feed.Publish(new WallConditionsChanged(queue, conditions, now));
        }

        // A ticket becomes "waiting too long" by time alone: read again the moment the next one does, not a period later.
        var next = await WallConditions.NextUnassignedAsync(db, queue, now, options.Value, cancellationToken);
        if (next != _dueAt)
        {
            _due?.Dispose();
            _due = null;
            _dueAt = next;
            if (next is { } at)
            {
                _due = this.RegisterGrainTimer(
                    async token =>
                    {
                        var done = _due;
                        _due = null;
                        _dueAt = null;
                        await WatchAsync(token);
                        done?.Dispose();
                    },
                    new GrainTimerCreationOptions(Max(at - time.GetUtcNow() + Fresh / 10, TimeSpan.Zero), Timeout.InfiniteTimeSpan));
            }
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
