using System.Collections;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using Orleans.Runtime;

namespace OrleansCrm.BuildingBlocks.Observability;

/// <summary>
/// The product's own meters and traces, in one place: what the group commit, the dispatcher, the live feed and the jobs
/// report. Static, so a call site stays one line and costs nothing it does not need: every method returns at once when
/// no listener is collecting the instrument (no <c>/metrics</c> reader, no exporter), and none allocates when one is —
/// tags are cached <see cref="KeyValuePair{TKey,TValue}"/>s or a stack-held <see cref="TagList"/>.
/// Names follow OpenTelemetry's conventions (dotted, lower case, units in UCUM); Prometheus sees
/// <c>crm_group_commit_batches_total</c> and so on.
/// </summary>
public static class CrmMetrics
{
    /// <summary>The name of the product's <see cref="Meter"/> and <see cref="ActivitySource"/>.</summary>
    public const string Name = "OrleansCrm";

    public static readonly Meter Meter = new(Name);

    /// <summary>For the product's own spans; Host listens to it when traces are exported.</summary>
    public static readonly ActivitySource ActivitySource = new(Name);

    /// <summary>
    /// Each dispatcher activation's waiting queue, held by the activation object itself: an entry goes with its
    /// activation (no unregistering, no leak); the count is read only when metrics are collected.
    /// </summary>
    private static readonly ConditionalWeakTable<IAddressable, QueueLength> Queues = new();

    private static long _activations;

    private static readonly Counter<long> GroupCommitBatches = Meter.CreateCounter<long>(
        "crm.group_commit.batches", "{batch}", "Transactions the group commit writer sent (each holds one or more writes)");

    // Batch sizes are 1..64 (GroupCommitWriter.MaxBatch): powers of two show how well commits are shared.
    private static readonly Histogram<int> GroupCommitBatchSize = Meter.CreateHistogram(
        "crm.group_commit.batch.size", "{write}", "Writes that shared one group-commit transaction",
        advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64] });

    private static readonly Counter<long> GroupCommitReruns = Meter.CreateCounter<long>(
        "crm.group_commit.reruns", "{batch}", "Batches that failed as a whole and were written again write by write");

    // Decisions take a few microseconds each (benchmarks/results/service-desk.md): a counter recorded through the
    // metrics API cost a sixth of one, so the hot path only bumps a number that is read when metrics are collected.
    private static long _assigned;
    private static long _queued;
    private static long _overCapacity;

    private static readonly ObservableCounter<long> DispatchDecisions = Meter.CreateObservableCounter(
        "crm.dispatcher.decisions", ObserveDecisions, "{decision}", "Dispatcher decisions by outcome: assigned, queued, over_capacity");

    private static readonly ObservableGauge<int> WaitingTickets = Meter.CreateObservableGauge(
        "crm.dispatcher.queue.length", ObserveWaiting, "{ticket}", "Tickets waiting for an assignee, per support queue, on this silo's dispatchers");

    private static readonly Counter<long> LiveFeedDrops = Meter.CreateCounter<long>(
        "crm.live_feed.dropped", "{event}", "Live-feed events that did not reach a subscriber or a screen, by where they were lost");

    private static readonly Counter<long> JobRuns = Meter.CreateCounter<long>(
        "crm.jobs.runs", "{run}", "Background job runs by job id and outcome (succeeded, failed)");

    private static readonly Histogram<double> JobDuration = Meter.CreateHistogram<double>(
        "crm.jobs.duration", "s", "How long a background job run took, by job id and outcome");

    private static readonly Counter<long> OutboxGaveUps = Meter.CreateCounter<long>(
        "crm.outbox.gave_up", "{message}", "Outbox messages no longer retried after their last allowed attempt failed, by outbox");

    private static readonly KeyValuePair<string, object?> Assigned = new("outcome", "assigned");
    private static readonly KeyValuePair<string, object?> Queued = new("outcome", "queued");
    private static readonly KeyValuePair<string, object?> OverCapacity = new("outcome", "over_capacity");
    private static readonly KeyValuePair<string, object?> Succeeded = new("outcome", "succeeded");
    private static readonly KeyValuePair<string, object?> Failed = new("outcome", "failed");

    /// <summary>One group-commit transaction of <paramref name="writes"/> writes is about to be sent.</summary>
    public static void GroupCommitBatch(int writes)
    {
        GroupCommitBatches.Add(1);
        GroupCommitBatchSize.Record(writes);
    }

    /// <summary>A batch failed as a whole and is being written again write by write.</summary>
    public static void GroupCommitRerun() => GroupCommitReruns.Add(1);

    /// <summary>A dispatcher decision: nobody (the ticket waits), someone within capacity, or someone over it.</summary>
    public static void DispatchDecided(bool assigned, bool overCapacity) =>
        Interlocked.Increment(ref !assigned ? ref _queued : ref overCapacity ? ref _overCapacity : ref _assigned);

    private static IEnumerable<Measurement<long>> ObserveDecisions() =>
    [
        new(Interlocked.Read(ref _assigned), Assigned),
        new(Interlocked.Read(ref _queued), Queued),
        new(Interlocked.Read(ref _overCapacity), OverCapacity),
    ];

    /// <summary>
    /// Reports <paramref name="waiting"/>'s count as the length of <paramref name="dispatcher"/>'s queue (the grain's
    /// string key) whenever metrics are collected. Called once per activation: the hot path pays nothing, and the
    /// entry goes when the activation is collected.
    /// </summary>
    public static void TrackDispatchQueue(IAddressable dispatcher, ICollection waiting) =>
        Queues.AddOrUpdate(dispatcher, new QueueLength(dispatcher.GetPrimaryKeyString(), waiting, Interlocked.Increment(ref _activations)));

    /// <summary>
    /// Live-feed events lost at <paramref name="where"/>, a fixed short name: <c>outgoing</c> (this silo's publishing queue
    /// was full), <c>hand_on</c> (a batch could not be handed to subscribers or other silos), <c>subscriber</c> (an
    /// in-process subscriber's queue was full), <c>hub_send</c> (a send to hub connections failed).
    /// </summary>
    public static void LiveFeedDropped(string where, long events = 1)
    {
        if (LiveFeedDrops.Enabled)
        {
            LiveFeedDrops.Add(events, new KeyValuePair<string, object?>("where", where));
        }
    }

    /// <summary>
    /// A message of <paramref name="outbox"/> (a fixed name such as <c>billing.paid_notices</c>) failed its last allowed
    /// attempt and waits for a person: alert on any increase.
    /// </summary>
    public static void OutboxGaveUp(string outbox)
    {
        if (OutboxGaveUps.Enabled)
        {
            OutboxGaveUps.Add(1, new KeyValuePair<string, object?>("outbox", outbox));
        }
    }

    /// <summary>
    /// A background job run ended. <paramref name="jobId"/> is the job's stable id (the recurring job's name, not a run
    /// id: every distinct value is a time series of its own).
    /// </summary>
    public static void JobRun(string jobId, bool succeeded, TimeSpan? duration = null)
    {
        if (!JobRuns.Enabled && !JobDuration.Enabled)
        {
            return;
        }

        var tags = new TagList { { "job", jobId }, succeeded ? Succeeded : Failed };
        JobRuns.Add(1, tags);
        if (duration is { } took)
        {
            JobDuration.Record(took.TotalSeconds, tags);
        }
    }

    /// <summary>
    /// The current length of every queue with a live dispatcher activation here. Should two activations of one queue
    /// exist for a moment (one deactivated, not yet collected), the newer one speaks for the queue.
    /// </summary>
    private static IEnumerable<Measurement<int>> ObserveWaiting()
    {
        var newest = new Dictionary<string, QueueLength>(StringComparer.Ordinal);
        foreach (var (_, entry) in Queues)
        {
            if (!newest.TryGetValue(entry.Queue, out var seen) || seen.Activation < entry.Activation)
            {
                newest[entry.Queue] = entry;
            }
        }

        // Read outside the grain's turn: an int read, at worst one change old, which a gauge may be.
        return newest.Values.Select(e => new Measurement<int>(e.Waiting.Count, new KeyValuePair<string, object?>("queue", e.Queue)));
    }

    private sealed record QueueLength(string Queue, ICollection Waiting, long Activation);
}
