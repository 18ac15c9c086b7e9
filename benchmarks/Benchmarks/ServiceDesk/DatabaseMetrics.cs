using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace OrleansCrm.Benchmarks.ServiceDesk;

/// <summary>
/// Counts and times what reaches PostgreSQL while it listens: every Npgsql command (db.client.operation.duration) and
/// Orleans' grain-state reads and writes (orleans-storage-*-latency). Used for the breakdown pass only.
/// </summary>
internal sealed class DatabaseMetrics : IDisposable
{
    private static readonly HashSet<string> Instruments =
        ["db.client.operation.duration", "orleans-storage-write-latency", "orleans-storage-read-latency"];

    private readonly ConcurrentDictionary<string, Totals> _totals = new();
    private readonly MeterListener _listener = new();

    public DatabaseMetrics()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (Instruments.Contains(instrument.Name))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((instrument, value, _, _) => Add(instrument, value));
        _listener.SetMeasurementEventCallback<float>((instrument, value, _, _) => Add(instrument, value));
        _listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => Add(instrument, value));
        _listener.SetMeasurementEventCallback<int>((instrument, value, _, _) => Add(instrument, value));
        _listener.Start();
    }

    /// <summary>Instrument → measurements and mean milliseconds.</summary>
    public IReadOnlyDictionary<string, (long Count, double MeanMs)> Snapshot() =>
        _totals.ToDictionary(t => t.Key, t => (t.Value.Count, t.Value.Count == 0 ? 0 : t.Value.SumMs / t.Value.Count));

    public void Reset() => _totals.Clear();

    public void Dispose() => _listener.Dispose();

    private void Add(Instrument instrument, double value)
    {
        var milliseconds = instrument.Unit switch { "s" => value * 1000, "us" or "µs" => value / 1000, _ => value };
        var totals = _totals.GetOrAdd(instrument.Name, _ => new Totals());
        lock (totals)
        {
            totals.Count++;
            totals.SumMs += milliseconds;
        }
    }

    private sealed class Totals
    {
        public long Count;
        public double SumMs;
    }
}
