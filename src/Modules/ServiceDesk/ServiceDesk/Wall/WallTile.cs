using OrleansCrm.ServiceDesk.Contracts;
using OrleansCrm.ServiceDesk.ReadModel;

namespace OrleansCrm.ServiceDesk.Wall;

/// <summary>The director's wall counts tickets in these groups; each tile drills down to the same group as a list.</summary>
public enum WallTile
{
    Open,
    Unassigned,
    Overdue,
    AboutToBreach,
    ResolvedToday,
    NeverTaken,
    RedirectedThreeTimes,
}

/// <summary>
/// Which tickets a tile counts, as one filter over the tickets table: the tile's number and the list behind it are
/// the same query, so they cannot disagree.
/// </summary>
public static class WallTiles
{
    public const int RedirectsToFlag = 3;

    public static readonly TicketStatus[] OpenStatuses = [TicketStatus.New, TicketStatus.Assigned, TicketStatus.Accepted, TicketStatus.InProgress, TicketStatus.Paused];

    /// <summary>The statuses that count toward the assignee's load (as <c>TicketRules.CountsAsLoad</c>), for queries.</summary>
    public static readonly TicketStatus[] LoadStatuses = [TicketStatus.Assigned, TicketStatus.Accepted, TicketStatus.InProgress, TicketStatus.Paused];

    /// <param name="now">Unix milliseconds.</param>
    /// <param name="startOfToday">Unix milliseconds of the company's midnight (its calendar's time zone).</param>
    /// <param name="neverTakenBefore">Unix milliseconds: assigned before this and not accepted is "never taken".</param>
    public static IQueryable<TicketRow> Filter(this IQueryable<TicketRow> tickets, WallTile tile, long now, long startOfToday, long neverTakenBefore) => tile switch
    {
        WallTile.Open => tickets.Where(t => OpenStatuses.Contains(t.Status)),
        WallTile.Unassigned => tickets.Where(t => t.Status == TicketStatus.New),
        WallTile.Overdue => tickets.Where(t => OpenStatuses.Contains(t.Status) && t.DueAt < now),
        WallTile.AboutToBreach => tickets.Where(t => OpenStatuses.Contains(t.Status) && t.DueAt >= now && t.WarningAt <= now),
        WallTile.ResolvedToday => tickets.Where(t => (t.Status == TicketStatus.Resolved || t.Status == TicketStatus.Closed) && t.ResolvedAt >= startOfToday),
        WallTile.NeverTaken => tickets.Where(t => t.Status == TicketStatus.Assigned && t.AssignedAt < neverTakenBefore),
        WallTile.RedirectedThreeTimes => tickets.Where(t => OpenStatuses.Contains(t.Status) && t.RedirectCount >= RedirectsToFlag),
        _ => throw new ArgumentOutOfRangeException(nameof(tile), tile, null),
    };

    /// <summary>The company's midnight today, in Unix milliseconds.</summary>
    public static long StartOfToday(DateTimeOffset now, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(now, zone);
        var midnight = local.Date;
        return new DateTimeOffset(midnight, zone.GetUtcOffset(midnight)).ToUnixTimeMilliseconds();
    }
}
