namespace OrleansCrm.BuildingBlocks.LiveFeed;

/// <summary>
/// A change a screen shows as it happens: a small, immutable, serializable record (<c>[GenerateSerializer, Immutable]</c>)
/// carrying what the screen needs to update a row without a query. Modules declare their events in their contracts.
/// </summary>
public interface ILiveEvent
{
    /// <summary>When the change happened (UTC, from the publisher's <see cref="TimeProvider"/>).</summary>
    DateTimeOffset At { get; }
}
