using Mediator;
using OrleansCrm.ServiceDesk.Contracts;
using OrleansCrm.ServiceDesk.Wall;

namespace OrleansCrm.Web.Wall;

/// <summary>What the wall asks of the service desk: the snapshot on (re)connect, the tile counts after ticket changes.</summary>
public sealed class WallService(ISender sender)
{
    public ValueTask<WallSnapshot> SnapshotAsync(CancellationToken cancellationToken = default) =>
        sender.Send(new GetWallSnapshot(SupportQueues.Support), cancellationToken);

    /// <summary>The present conditions (waiting too long, overloaded, churn risk), each with the moment it began.</summary>
    public ValueTask<IReadOnlyList<WallCondition>> ConditionsAsync(CancellationToken cancellationToken = default) =>
        sender.Send(new GetWallConditions(SupportQueues.Support), cancellationToken);

    public ValueTask<IReadOnlyList<WallTileCount>> TilesAsync(CancellationToken cancellationToken = default) =>
        sender.Send(new GetWallTiles(SupportQueues.Support), cancellationToken);
}
