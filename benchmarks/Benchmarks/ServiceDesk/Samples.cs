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

    /// <summary>CPU per sample, this process / PostgreSQL, in ms: the cost that stays when other jobs slow the run down.</summary>
    public string CpuPerSample => Cpu is { } cpu && Count > 0
        ? string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"CPU {cpu.Self * Environment.ProcessorCount * Elapsed.TotalMilliseconds / Count:F2} + {cpu.Postgres * Environment.ProcessorCount * Elapsed.TotalMilliseconds / Count:F2} ms each, {cpu.AllocatedBytes / 1024.0 / Count:F0} KB allocated each (cores {cpu}; {cpu.Gc})")
        : "";

    /// <summary>Mean of the recorded latencies (unlike <see cref="MeanMs"/>, which is the run's time per operation).</summary>
    public double MeanLatencyMs
    {
        get
        {
            lock (_milliseconds)
            {
                return _milliseconds.Count == 0 ? double.NaN : _milliseconds.Average();
            }
        }
    }

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
}
