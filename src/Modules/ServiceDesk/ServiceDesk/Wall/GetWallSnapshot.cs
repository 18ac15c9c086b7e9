using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OrleansCrm.Clients.Contracts;
using OrleansCrm.ServiceDesk.Contracts;
using OrleansCrm.ServiceDesk.Dispatching;
using OrleansCrm.ServiceDesk.ReadModel;
using OrleansCrm.ServiceDesk.Sla;

namespace OrleansCrm.ServiceDesk.Wall;

public sealed record WallTileCount(WallTile Tile, int Count);

/// <summary>
/// Something the director should notice now. Journal alerts (Overdue, AboutToBreach, NeverTaken) are events; Unassigned,
/// Overloaded and ChurnRisk describe the present and disappear when it changes.
/// </summary>
/// <param name="Id">A journal alert's stable id (the live feed's <c>AlertRaised</c> carries the same); null for a present condition.</param>
public sealed record WallAlert(Guid? Id, string Kind, string Text, Guid? TicketId, Guid? SpecialistId, Guid? ClientId, DateTimeOffset At);

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
    private const int RecentAlerts = 30;
    private const int ListedConditions = 10;

    public async ValueTask<WallSnapshot> Handle(GetWallSnapshot query, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var tickets = db.Tickets.AsNoTracking().Where(t => t.Queue == query.Queue);
        var tiles = await CountAsync(db, query.Queue, Moments(now, sla, options.Value), cancellationToken);

        var board = await grains.GetGrain<IDispatcherGrain>(query.Queue).Board();
        var alerts = new List<WallAlert>();

        var journal = await db.Alerts.AsNoTracking().OrderByDescending(a => a.At).Take(RecentAlerts).ToListAsync(cancellationToken);
        alerts.AddRange(journal.Select(a => new WallAlert(a.Id, a.Kind.ToString(), a.Text, a.TicketId, a.SpecialistId, null, DateTimeOffset.FromUnixTimeMilliseconds(a.At))));

        var waitingSince = (now - options.Value.UnassignedAlertAfter).ToUnixTimeMilliseconds();
        var waiting = await tickets.Where(t => t.Status == TicketStatus.New && t.CreatedAt < waitingSince)
            .OrderBy(t => t.CreatedAt).Take(ListedConditions).ToListAsync(cancellationToken);
        alerts.AddRange(waiting.Select(t => new WallAlert(
            null, "Unassigned", $"«{t.Subject}» has waited for a specialist for {Minutes(now, t.CreatedAt)} min", t.Id, null, t.ClientId,
            DateTimeOffset.FromUnixTimeMilliseconds(t.CreatedAt))));

        alerts.AddRange(board.Specialists.Where(s => s.Load > s.Capacity).Select(s => new WallAlert(
            null, "Overloaded", $"{s.Name} carries {s.Load} of {s.Capacity}", null, s.Id, null, now)));

        var threshold = options.Value.ChurnRiskOpenTickets;
        var crowded = await tickets.Where(t => WallTiles.OpenStatuses.Contains(t.Status))
            .GroupBy(t => t.ClientId).Select(g => new { ClientId = g.Key, Open = g.Count() })
            .Where(g => g.Open >= threshold).OrderByDescending(g => g.Open).Take(ListedConditions).ToListAsync(cancellationToken);
        foreach (var client in crowded)
        {
            var name = (await grains.GetGrain<IClientGrain>(client.ClientId).Get())?.ShortName ?? client.ClientId.ToString();
            alerts.Add(new WallAlert(null, "ChurnRisk", $"{name} has {client.Open} open tickets", null, null, client.ClientId, now));
        }

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

    private static int Minutes(DateTimeOffset now, long since) => (int)(now - DateTimeOffset.FromUnixTimeMilliseconds(since)).TotalMinutes;
}
