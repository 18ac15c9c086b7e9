using System.Collections.Concurrent;
using System.Diagnostics;

namespace OrleansCrm.Benchmarks.ServiceDesk;

/// <summary>
/// Where a request's time goes, per grain method: how long each call ran inside its grain (from the start of its turn
/// to its end, so queueing in front of a busy grain is not included; nested calls are included in their caller).
/// Off, it passes the call straight on; it is switched on only for the breakdown pass, after the measured runs.
/// </summary>
internal sealed class GrainCallTimings : IIncomingGrainCallFilter
{
    private readonly ConcurrentDictionary<string, Totals> _totals = new();

    public bool Enabled { get; set; }

    public Task Invoke(IIncomingGrainCallContext context) => Enabled ? TimeAsync(context) : context.Invoke();

    public void Reset() => _totals.Clear();

    /// <summary>Method ("ITicketGrain.Assign") → calls and mean milliseconds.</summary>
    public IReadOnlyDictionary<string, (long Calls, double MeanMs)> Snapshot() =>
        _totals.ToDictionary(t => t.Key, t => (t.Value.Calls, t.Value.Calls == 0 ? 0 : Stopwatch.GetElapsedTime(0, t.Value.Ticks).TotalMilliseconds / t.Value.Calls));

    private async Task TimeAsync(IIncomingGrainCallContext context)
    {
        var start = Stopwatch.GetTimestamp();
        try
        {
            await context.Invoke();
        }
        finally
        {
            var totals = _totals.GetOrAdd($"{context.InterfaceMethod.DeclaringType?.Name}.{context.InterfaceMethod.Name}", _ => new Totals());
            Interlocked.Increment(ref totals.Calls);
            Interlocked.Add(ref totals.Ticks, Stopwatch.GetTimestamp() - start);
        }
    }

    private sealed class Totals
    {
        public long Calls;
        public long Ticks;
    }
}
