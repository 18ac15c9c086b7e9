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
/// re-reads them every <see cref="ServiceDeskOptions.WallConditionsPeriod"/> as well as whenever a screen asks (screens ask
/// after ticket and load changes). It keeps itself active once a wall has asked, holds nothing that a new activation
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
                    _again?.Dispose();
                    _again = null;
                    await WatchAsync(cancellationToken);
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
    }
}
