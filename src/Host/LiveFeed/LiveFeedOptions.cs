namespace OrleansCrm.Host.LiveFeed;

public sealed class LiveFeedOptions
{
    public const string Section = "Crm:LiveFeed";

    /// <summary>How often a silo renews its observer with the registry (and learns who else is on the feed).</summary>
    public TimeSpan Heartbeat { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>A silo that has not renewed for this long is dropped, even if the cluster still lists it.</summary>
    public TimeSpan Expiry { get; set; } = TimeSpan.FromSeconds(45);

    /// <summary>Events waiting to leave a silo; beyond it the oldest are dropped rather than a publisher slowed.</summary>
    public int OutgoingCapacity { get; set; } = 10_000;

    /// <summary>Events waiting for one in-process subscriber; beyond it that subscriber loses its oldest.</summary>
    public int SubscriberCapacity { get; set; } = 1_000;

    /// <summary>At most this many events travel in one message to another silo.</summary>
    public int MaxBatch { get; set; } = 256;
}
