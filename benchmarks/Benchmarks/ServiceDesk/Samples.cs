using System.Diagnostics;

namespace OrleansCrm.Benchmarks.ServiceDesk;

/// <summary>
/// Latencies of one measured run (thread-safe) and the run's wall-clock span, so that a run reports both
/// p50/p95/p99 and its rate (operations completed per second of the run).
/// </summary>
internal sealed class Samples(string name)
{
    private readonly List<double> _milliseconds = [];
    private double[]? _sorted;

    public string Name { get; } = name;

    public TimeSpan Elapsed { get; set; }

    public int Concurrency { get; init; } = 1;

    /// <summary>How busy the cores were while this ran (null where /proc cannot be read).</summary>
    public CpuUse? Cpu { get; set; }

    public int Count
    {
        get
        {
            lock (_milliseconds)
            {
                return _milliseconds.Count;
            }
        }
    }

    public double PerSecond => Count / Elapsed.TotalSeconds;

    /// <summary>Mean wall-clock time per operation of the whole run (elapsed / count): the cost when calls run back to back.</summary>
    public double MeanMs => Elapsed.TotalMilliseconds / Count;

    public void Add(double milliseconds)
    {
        lock (_milliseconds)
        {
            _milliseconds.Add(milliseconds);
            _sorted = null;
        }
    }

    public void Add(long startTimestamp) => Add(Stopwatch.GetElapsedTime(startTimestamp).TotalMilliseconds);

    public double Percentile(double p)
    {
        lock (_milliseconds)
        {
            _sorted ??= [.. _milliseconds.Order()];
            var rank = (int)Math.Ceiling(p / 100 * _sorted.Length) - 1;
            return _sorted[Math.Clamp(rank, 0, _sorted.Length - 1)];
        }
    }

    /// <summary>Runs <paramref name="operation"/> <paramref name="count"/> times back to back on one caller, timing each.</summary>
    public static async Task<Samples> SequentialAsync(string name, int count, Func<int, Task> operation)
    {
        var samples = new Samples(name);
        var cpu = CpuUse.Take();
        var run = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await operation(i);
            samples.Add(start);
        }

        samples.Elapsed = run.Elapsed;
        samples.Cpu = CpuUse.Since(cpu);
        return samples;
    }

    /// <summary>The same on <paramref name="callers"/> concurrent callers, each with its own share of the count.</summary>
    public static async Task<Samples> ConcurrentAsync(string name, int callers, int count, Func<int, int, Task> operation)
    {
        var samples = new Samples(name) { Concurrency = callers };
        var next = -1;
        var cpu = CpuUse.Take();
        var run = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, callers).Select(caller => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                var start = Stopwatch.GetTimestamp();
                await operation(caller, i);
                samples.Add(start);
            }
        })));
        samples.Elapsed = run.Elapsed;
        samples.Cpu = CpuUse.Since(cpu);
        return samples;
    }
}
