using System.Diagnostics;

namespace OrleansCrm.Benchmarks;

/// <summary>Wall-clock latencies of one kind of operation, summarised as percentiles.</summary>
public sealed class Latencies(string kind)
{
    private readonly List<double> _milliseconds = [];

    public string Kind { get; } = kind;

    public async Task MeasureAsync(Func<Task> operation)
    {
        var start = Stopwatch.GetTimestamp();
        await operation();
        _milliseconds.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
    }

    public int Count => _milliseconds.Count;

    public double Percentile(double p)
    {
        var sorted = _milliseconds.Order().ToList();
        var rank = (int)Math.Ceiling(p / 100 * sorted.Count) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Count - 1)];
    }
}
