using Microsoft.EntityFrameworkCore;
using OrleansCrm.BuildingBlocks.Texts;
using OrleansCrm.Clients.Contracts;
using OrleansCrm.ServiceDesk.Contracts;
using OrleansCrm.ServiceDesk.ReadModel;
using OrleansCrm.ServiceDesk.Texts;

namespace OrleansCrm.ServiceDesk.Wall;

/// <summary>
/// The wall's present conditions, read from the tickets table and the dispatcher's loads. When each began is derived
/// from the tickets themselves, never from when someone looked, so a screen left on for a day, a fresh load and another
/// host all show the same moment:
/// <list type="bullet">
/// <item>Unassigned: a ticket waiting for a specialist longer than <c>UnassignedAlertAfter</c>, since it was opened.</item>
/// <item>Overloaded: load above capacity, since the assignment that took the specialist's open tickets (oldest first) over it.</item>
/// <item>ChurnRisk: a client with <c>ChurnRiskOpenTickets</c> open tickets or more, since the one that made that many.</item>
/// </list>
/// </summary>
public static class WallConditions
{
    /// <summary>At most this many of each kind: a wall shows a handful, and the tiles count the rest.</summary>
    public const int Listed = 10;

    public static async Task<IReadOnlyList<WallCondition>> ReadAsync(
        ServiceDeskDbContext db, IGrainFactory grains, DispatchBoard board, string queue, DateTimeOffset now, ServiceDeskOptions options, CancellationToken cancellationToken)
    {
        var conditions = new List<WallCondition>();
        var tickets = db.Tickets.AsNoTracking().Where(t => t.Queue == queue);

        var waitingSince = (now - options.UnassignedAlertAfter).ToUnixTimeMilliseconds();
        var waiting = await tickets.Where(t => t.Status == TicketStatus.New && t.CreatedAt < waitingSince)
            .OrderBy(t => t.CreatedAt).Take(Listed).ToListAsync(cancellationToken);
        conditions.AddRange(waiting.Select(t => Condition(
            $"Unassigned/{t.Id}", "Unassigned", ServiceDeskTexts.Say("Wall_Unassigned", t.Subject), t.Id, null, t.ClientId, Moment(t.CreatedAt))));

        foreach (var specialist in board.Specialists.Where(s => s.Load > s.Capacity).OrderByDescending(s => s.Load - s.Capacity).Take(Listed))
        {
            var id = specialist.Id;
            var held = await tickets.Where(t => t.AssigneeId == id && WallTiles.LoadStatuses.Contains(t.Status))
                .Select(t => new { t.Weight, t.AssignedAt, t.CreatedAt }).ToListAsync(cancellationToken);
            var carried = 0;
            long? since = null;
            foreach (var ticket in held.OrderBy(t => t.AssignedAt ?? t.CreatedAt))
            {
                carried += ticket.Weight;
                if (carried > specialist.Capacity)
                {
                    since = ticket.AssignedAt ?? ticket.CreatedAt;
                    break;
                }
            }

            // A load the tickets table does not explain (a capacity lowered, a repair under way): from its newest assignment.
            since ??= held.Count > 0 ? held.Max(t => t.AssignedAt ?? t.CreatedAt) : now.ToUnixTimeMilliseconds();
            conditions.Add(Condition(
                $"Overloaded/{id}", "Overloaded", ServiceDeskTexts.Say("Wall_Overloaded", specialist.Name, specialist.Load, specialist.Capacity), null, id, null, Moment(since.Value)));
        }

        var threshold = Math.Max(1, options.ChurnRiskOpenTickets);
        var crowded = await tickets.Where(t => WallTiles.OpenStatuses.Contains(t.Status))
            .GroupBy(t => t.ClientId).Select(g => new { ClientId = g.Key, Open = g.Count() })
            .Where(g => g.Open >= threshold).OrderByDescending(g => g.Open).ThenBy(g => g.ClientId).Take(Listed).ToListAsync(cancellationToken);
        foreach (var client in crowded)
        {
            var clientId = client.ClientId;
            var opened = await tickets.Where(t => t.ClientId == clientId && WallTiles.OpenStatuses.Contains(t.Status))
                .OrderBy(t => t.CreatedAt).Select(t => t.CreatedAt).Skip(threshold - 1).FirstOrDefaultAsync(cancellationToken);
            var name = (await grains.GetGrain<IClientGrain>(clientId).Get())?.ShortName ?? clientId.ToString();
            conditions.Add(Condition(
                $"ChurnRisk/{clientId}", "ChurnRisk", ServiceDeskTexts.Say("Wall_ChurnRisk", name, client.Open), null, null, clientId, Moment(opened)));
        }

        return conditions.OrderByDescending(c => c.Since).ThenBy(c => c.Key, StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// When the next waiting ticket becomes "waiting too long" by time alone (null: none is waiting under the limit), so
    /// the watcher can read again at that moment rather than at its next period.
    /// </summary>
    public static async Task<DateTimeOffset?> NextUnassignedAsync(
        ServiceDeskDbContext db, string queue, DateTimeOffset now, ServiceDeskOptions options, CancellationToken cancellationToken)
    {
        var waitingSince = (now - options.UnassignedAlertAfter).ToUnixTimeMilliseconds();
        var oldest = await db.Tickets.AsNoTracking()
            .Where(t => t.Queue == queue && t.Status == TicketStatus.New && t.CreatedAt >= waitingSince)
            .OrderBy(t => t.CreatedAt).Select(t => (long?)t.CreatedAt).FirstOrDefaultAsync(cancellationToken);
        return oldest is { } created ? Moment(created) + options.UnassignedAlertAfter : null;
    }

    /// <summary>Whether two readings show the same thing (what a screen would redraw for).</summary>
    public static bool Same(IReadOnlyList<WallCondition> a, IReadOnlyList<WallCondition> b) => a.SequenceEqual(b);

    private static WallCondition Condition(string key, string kind, ServerText text, Guid? ticket, Guid? specialist, Guid? client, DateTimeOffset since) =>
        new(key, kind, ServerTexts.InEnglish(text), text, ticket, specialist, client, since);

    private static DateTimeOffset Moment(long unixMilliseconds) => DateTimeOffset.FromUnixTimeMilliseconds(unixMilliseconds);
}
