using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace OrleansCrm.Benchmarks.ServiceDesk;

/// <summary>
/// For profiling (<c>--soak N --allocations</c>): the runtime's allocation ticks (one event per about 100 KB allocated,
/// naming the type of the object that crossed the mark) counted by type, so the largest allocators show by name.
/// </summary>
internal sealed class AllocationSampler : EventListener
{
    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    private readonly ConcurrentDictionary<string, long> _bytesByType = new();
    private volatile bool _counting;

    public void Start()
    {
        _bytesByType.Clear();
        _counting = true;
    }

    /// <summary>The types with the most bytes sampled, largest first, as "share type".</summary>
    public IEnumerable<string> Stop(int top)
    {
        _counting = false;
        var total = Math.Max(1, _bytesByType.Values.Sum());
        return _bytesByType.OrderByDescending(p => p.Value).Take(top).Select(p => $"{100.0 * p.Value / total,5:F1} % {p.Key}");
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Verbose, GcKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (!_counting || eventData.EventName is not { } name || !name.StartsWith("GCAllocationTick", StringComparison.Ordinal) || eventData.PayloadNames is null)
        {
            return;
        }

        var type = eventData.Payload![eventData.PayloadNames.IndexOf("TypeName")] as string ?? "?";
        var amount = Convert.ToInt64(eventData.Payload[eventData.PayloadNames.IndexOf("AllocationAmount64")], System.Globalization.CultureInfo.InvariantCulture);
        _bytesByType.AddOrUpdate(type, amount, (_, sum) => sum + amount);
    }
}
