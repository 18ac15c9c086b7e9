using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OrleansCrm.BuildingBlocks.Texts;
using OrleansCrm.ServiceDesk.Contracts;
using OrleansCrm.ServiceDesk.Dispatching;
using OrleansCrm.ServiceDesk.ReadModel;
using OrleansCrm.ServiceDesk.Sla;
using OrleansCrm.ServiceDesk.Texts;

namespace OrleansCrm.ServiceDesk.Wall;

public sealed record WallTileCount(WallTile Tile, int Count);

/// <summary>
/// Something the director should notice now. Journal alerts (Overdue, AboutToBreach, NeverTaken, LoadRepaired) are events;
/// Unassigned, Overloaded and ChurnRisk describe the present and disappear when it changes (live: <see cref="WallConditionsChanged"/>).
/// </summary>
/// <param name="Id">A journal alert's stable id (the live feed's <c>AlertRaised</c> carries the same); null for a present condition.</param>
/// <param name="At">When it happened; for a condition, when it began.</param>
public sealed record WallAlert(Guid? Id, string Kind, string Text, Guid? TicketId, Guid? SpecialistId, Guid? ClientId, DateTimeOffset At)
{
    /// <summary><see cref="Text"/> as a code and arguments, for each reader's language; null for a sentence it could not be read back from.</summary>
    public ServerText? Message { get; init; }

    /// <summary>A present condition's key (<see cref="WallCondition.Key"/>); null for a journal alert.</summary>
    public string? Key { get; init; }

    public static WallAlert From(WallCondition condition) =>
        new(null, condition.Kind, condition.Text, condition.TicketId, condition.SpecialistId, condition.ClientId, condition.Since)
        {
            Message = condition.Message, Key = condition.Key,
        };

    public static WallAlert From(AlertRaised alert) =>
        new(alert.Id, alert.Kind, alert.Text, alert.TicketId, alert.SpecialistId, alert.ClientId, alert.At)
        {
            Message = alert.Message ?? StoredEnglish.Recognize(alert.Text, StoredEnglish.Alerts),
        };
}

/// <summary>Only the present conditions: what a screen re-reads after ticket and load changes.</summary>
public sealed record GetWallConditions(string Queue) : IQuery<IReadOnlyList<WallCondition>>;

public sealed class GetWallConditionsValidator : AbstractValidator<GetWallConditions>
{
    public GetWallConditionsValidator() => RuleFor(q => q.Queue).KnownQueue();
}

public sealed class GetWallConditionsHandler(IGrainFactory grains) : IQueryHandler<GetWallConditions, IReadOnlyList<WallCondition>>
{
    public async ValueTask<IReadOnlyList<WallCondition>> Handle(GetWallConditions query, CancellationToken cancellationToken) =>
        await grains.GetGrain<IWallConditionsGrain>(query.Queue).Read();
}

/// <summary>What the wall shows when it (re)connects; live events then keep it current.</summary>
public sealed record WallSnapshot(DateTimeOffset At, IReadOnlyList<WallTileCount> Tiles, IReadOnlyList<BoardSpecialist> Specialists, IReadOnlyList<WallAlert> Alerts);

public sealed record GetWallSnapshot(string Queue) : IQuery<WallSnapshot>;

public sealed class GetWallSnapshotValidator : AbstractValidator<GetWallSnapshot>
{
    public GetWallSnapshotValidator() => RuleFor(q => q.Queue).KnownQueue();
}

/// <summary>Only the tile counts: what the wall re-reads when tickets change, without the board and the alerts.</summary>
public sealed record GetWallTiles(string Queue) : IQuery<IReadOnlyList<WallTileCount>>;

public sealed class GetWallTilesValidator : AbstractValidator<GetWallTiles>
{
    public GetWallTilesValidator() => RuleFor(q => q.Queue).KnownQueue();
}

public sealed class GetWallTilesHandler(IDbContextFactory<ServiceDeskDbContext> contexts, SlaClock sla, IOptions<ServiceDeskOptions> options, TimeProvider time)
    : IQueryHandler<GetWallTiles, IReadOnlyList<WallTileCount>>
{
    public async ValueTask<IReadOnlyList<WallTileCount>> Handle(GetWallTiles query, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await GetWallSnapshotHandler.CountAsync(db, query.Queue, GetWallSnapshotHandler.Moments(time.GetUtcNow(), sla, options.Value), cancellationToken);
    }
}

public sealed class GetWallSnapshotHandler(
    IDbContextFactory<ServiceDeskDbContext> contexts, IGrainFactory grains, SlaClock sla, IOptions<ServiceDeskOptions> options, TimeProvider time)
    : IQueryHandler<GetWallSnapshot, WallSnapshot>
{
    /// <summary>The journal alerts a wall shows; a screen left on keeps as many.</summary>
    public const int RecentAlerts = 30;

    public async ValueTask<WallSnapshot> Handle(GetWallSnapshot query, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var tiles = await CountAsync(db, query.Queue, Moments(now, sla, options.Value), cancellationToken);

        var board = await grains.GetGrain<IDispatcherGrain>(query.Queue).Board();
        var alerts = new List<WallAlert>();

        var journal = await db.Alerts.AsNoTracking().OrderByDescending(a => a.At).Take(RecentAlerts).ToListAsync(cancellationToken);
        alerts.AddRange(journal.Select(a => new WallAlert(a.Id, a.Kind.ToString(), a.Text, a.TicketId, a.SpecialistId, null, DateTimeOffset.FromUnixTimeMilliseconds(a.At))
        {
            Message = StoredEnglish.Recognize(a.Text, StoredEnglish.Alerts),
        }));

        // The same reading the live feed publishes, so a fresh load and a screen left on agree.
        alerts.AddRange((await grains.GetGrain<IWallConditionsGrain>(query.Queue).Read()).Select(WallAlert.From));

        return new WallSnapshot(now, tiles, board.Specialists, alerts.OrderByDescending(a => a.At).ToList());
    }

    /// <summary>Every tile's count in one queue, in the order of <see cref="WallTile"/>.</summary>
    internal static async Task<IReadOnlyList<WallTileCount>> CountAsync(
        ServiceDeskDbContext db, string queue, (long Now, long StartOfToday, long NeverTakenBefore) moments, CancellationToken cancellationToken)
    {
        var tickets = db.Tickets.AsNoTracking().Where(t => t.Queue == queue);
        var tiles = new List<WallTileCount>();
        foreach (var tile in Enum.GetValues<WallTile>())
        {
            tiles.Add(new WallTileCount(tile, await tickets.Filter(tile, moments.Now, moments.StartOfToday, moments.NeverTakenBefore).CountAsync(cancellationToken)));
        }

        return tiles;
    }

    /// <summary>The moments the tiles are measured against, in Unix milliseconds; lists behind the tiles use the same.</summary>
    public static (long Now, long StartOfToday, long NeverTakenBefore) Moments(DateTimeOffset now, SlaClock sla, ServiceDeskOptions options) =>
        (now.ToUnixTimeMilliseconds(), WallTiles.StartOfToday(now, sla.Calendar.TimeZone), (now - options.NeverTakenAfter).ToUnixTimeMilliseconds());
}
