using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace OrleansCrm.Benchmarks.ServiceDesk;

/// <summary>
/// Counts and times what reaches PostgreSQL while <see cref="Enabled"/>: every Npgsql statement
/// (db.client.operation.duration), Orleans' grain-state reads and writes (orleans-storage-*-latency), and — from
/// Npgsql's traces — each kind of statement by its text. Used for the breakdown pass only. The listeners exist only
/// while it is on: a listener that is merely attached already costs, since Npgsql builds a batch's whole text for its
/// trace before asking whether anyone samples it (measured: a tenth of what the host allocated per ticket).
/// </summary>
internal sealed class DatabaseMetrics : IDisposable
{
    private static readonly HashSet<string> Instruments =
        ["db.client.operation.duration", "orleans-storage-write-latency", "orleans-storage-read-latency"];

    public const string StateWrite = "grain state write (orleans_storage upsert)";
    public const string StateRead = "grain state read (orleans_storage)";
    public const string GroupBatch = "group commit batch (grain state writes and projections that arrived together, one round trip)";

    private readonly ConcurrentDictionary<string, Totals> _instruments = new();
    private readonly ConcurrentDictionary<string, Totals> _statements = new();
    private MeterListener? _meters;
    private ActivityListener? _traces;

    public bool Enabled
    {
        get => _meters is not null;
        set
        {
            if (value == Enabled)
            {
                return;
            }

            if (value)
            {
                Listen();
            }
            else
            {
                Dispose();
            }
        }
    }

    private void Listen()
    {
        _meters = new MeterListener();
        _meters.InstrumentPublished = (instrument, listener) =>
        {
            if (Instruments.Contains(instrument.Name))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _meters.SetMeasurementEventCallback<double>((instrument, value, _, _) => Add(instrument, value));
        _meters.SetMeasurementEventCallback<float>((instrument, value, _, _) => Add(instrument, value));
        _meters.SetMeasurementEventCallback<long>((instrument, value, _, _) => Add(instrument, value));
        _meters.SetMeasurementEventCallback<int>((instrument, value, _, _) => Add(instrument, value));
        _meters.Start();

        _traces = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
                Add(_statements, Statement(activity.GetTagItem("db.query.text") as string ?? activity.DisplayName), activity.Duration.TotalMilliseconds),
        };
        ActivitySource.AddActivityListener(_traces);
    }

    /// <summary>Instrument → measurements and mean milliseconds.</summary>
    public IReadOnlyDictionary<string, (long Count, double MeanMs)> Snapshot() => Summarise(_instruments);

    /// <summary>Kind of statement → statements and mean milliseconds (from the command's start to its result read).</summary>
    public IReadOnlyDictionary<string, (long Count, double MeanMs)> Statements() => Summarise(_statements);

    public void Reset()
    {
        _instruments.Clear();
        _statements.Clear();
    }

    public void Dispose()
    {
        _meters?.Dispose();
        _traces?.Dispose();
        _meters = null;
        _traces = null;
    }

    /// <summary>The product's statements by what they do; anything else by its first words.</summary>
    private static string Statement(string text)
    {
        var sql = string.Join(' ', text.Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries));
        return sql switch
        {
            _ when sql.Contains(';') => GroupBatch,
            _ when sql.Contains("UPDATE orleans_storage", StringComparison.OrdinalIgnoreCase) => StateWrite,
            _ when sql.Contains("INSERT INTO orleans_storage", StringComparison.OrdinalIgnoreCase) => StateWrite,
            _ when sql.Contains("FROM orleans_storage", StringComparison.OrdinalIgnoreCase) => StateRead,
            _ when sql.StartsWith("INSERT INTO servicedesk.tickets", StringComparison.OrdinalIgnoreCase) => "ticket projection (servicedesk.tickets upsert)",
            _ when sql.StartsWith("INSERT INTO staff.specialists", StringComparison.OrdinalIgnoreCase) => "specialist projection: row upsert",
            _ when sql.StartsWith("SELECT skills FROM staff.specialists", StringComparison.OrdinalIgnoreCase) => "specialist projection: read the stored skills (FOR UPDATE)",
            _ when sql.StartsWith("DELETE FROM staff.specialist_skills", StringComparison.OrdinalIgnoreCase) => "specialist projection: delete the skill rows",
            _ when sql.StartsWith("INSERT INTO staff.specialist_skills", StringComparison.OrdinalIgnoreCase) => "specialist projection: insert the skill rows again",
            _ when sql.Contains("orleans_membership", StringComparison.OrdinalIgnoreCase) => "Orleans membership (cluster upkeep, not per ticket)",
            _ => sql.Length <= 60 ? sql : sql[..60] + "…",
        };
    }

    private static IReadOnlyDictionary<string, (long Count, double MeanMs)> Summarise(ConcurrentDictionary<string, Totals> totals) =>
        totals.ToDictionary(t => t.Key, t => (t.Value.Count, t.Value.Count == 0 ? 0 : t.Value.SumMs / t.Value.Count));

    private void Add(Instrument instrument, double value) =>
        Add(_instruments, instrument.Name, instrument.Unit switch { "s" => value * 1000, "us" or "µs" => value / 1000, _ => value });

    private static void Add(ConcurrentDictionary<string, Totals> totals, string key, double milliseconds)
    {
        var entry = totals.GetOrAdd(key, _ => new Totals());
        lock (entry)
        {
            entry.Count++;
            entry.SumMs += milliseconds;
        }
    }

    private sealed class Totals
    {
        public long Count;
        public double SumMs;
    }
}

/// <summary>
/// PostgreSQL's own counters for the benchmark's database (pg_stat_database): transactions committed and rows written.
/// An idle backend reports its counts within 10 s, so <see cref="ReadAsync"/> waits that long first (the pools stay
/// warm: emptying them would make the next pass open its connections again).
/// </summary>
internal sealed record DatabaseCounters(long Commits, long RowsInserted, long RowsUpdated, long RowsDeleted)
{
    public long RowsWritten => RowsInserted + RowsUpdated + RowsDeleted;

    public static DatabaseCounters operator -(DatabaseCounters a, DatabaseCounters b) =>
        new(a.Commits - b.Commits, a.RowsInserted - b.RowsInserted, a.RowsUpdated - b.RowsUpdated, a.RowsDeleted - b.RowsDeleted);

    public static async Task<DatabaseCounters> ReadAsync(string connectionString)
    {
        await Task.Delay(TimeSpan.FromSeconds(11));
        var unpooled = new Npgsql.NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString;
        await using var connection = new Npgsql.NpgsqlConnection(unpooled);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(
            "SELECT xact_commit, tup_inserted, tup_updated, tup_deleted FROM pg_stat_database WHERE datname = current_database()", connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return new DatabaseCounters(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));
    }
}
