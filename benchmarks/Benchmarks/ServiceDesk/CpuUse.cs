using System.Globalization;

namespace OrleansCrm.Benchmarks.ServiceDesk;

/// <summary>
/// How busy the machine's cores were during a run, as shares of all cores: this process (host, silo and load
/// generator), PostgreSQL (its background processes and the connections to the benchmark's database), and everything
/// else — another job on the machine, including its own PostgreSQL connections, shows there. Linux /proc only;
/// elsewhere it reads nothing and says so.
/// </summary>
/// <para>
/// With them, this process's garbage collections in the span: how many, and how long they paused its threads in all
/// (a stall every request in flight waits out).
/// </para>
internal sealed record CpuUse(
    double Busy, double Self, double Postgres, int Collections = 0, TimeSpan Paused = default, int Gen1 = 0, int Gen2 = 0, long HeapBytes = 0, long AllocatedBytes = 0)
{
    public double Other => Math.Max(0, Busy - Self - Postgres);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Busy:P0} ({Self:P0} / {Postgres:P0} / {Other:P0})");

    /// <summary>"3 GCs (1 of gen1, 0 of gen2), paused 41 ms, heap 612 MB, 250 MB allocated": the heap as the last collection left it.</summary>
    public string Gc => string.Create(
        CultureInfo.InvariantCulture,
        $"{Collections} GCs ({Gen1} of gen1, {Gen2} of gen2), paused {Paused.TotalMilliseconds:F0} ms, heap {HeapBytes / 1_000_000:N0} MB, {AllocatedBytes / 1_000_000:N0} MB allocated");

    /// <summary>
    /// The database whose connections count as PostgreSQL's work: the service-desk benchmark's unless a benchmark names its
    /// own (the sales benchmark's connections counted as "other" while this named the service desk's alone).
    /// </summary>
    public static string Database { get; set; } = ServiceDeskBenchmark.DatabaseName;

    public static Snapshot Take() => Snapshot.Read();

    public static CpuUse? Since(Snapshot start)
    {
        var end = Snapshot.Read();
        var total = end.Total - start.Total;
        if (!start.Available || !end.Available || total <= 0)
        {
            return null;
        }

        var postgres = end.Postgres.Sum(p => p.Value - start.Postgres.GetValueOrDefault(p.Key));
        return new CpuUse(
            1 - (double)(end.Idle - start.Idle) / total,
            (double)(end.Self - start.Self) / total,
            (double)postgres / total,
            end.Collections - start.Collections,
            end.Paused - start.Paused,
            end.Gen1 - start.Gen1,
            end.Gen2 - start.Gen2,
            GC.GetGCMemoryInfo().HeapSizeBytes,
            end.Allocated - start.Allocated);
    }

    /// <summary>Clock ticks from /proc: all cores' total and idle, this process's, and each PostgreSQL process's.</summary>
    internal sealed record Snapshot(bool Available, long Total, long Idle, long Self, Dictionary<int, long> Postgres)
    {
        public int Collections { get; } = GC.CollectionCount(0); // a gen1 or gen2 collection counts in gen0's too

        public TimeSpan Paused { get; } = GC.GetTotalPauseDuration();

        public int Gen1 { get; } = GC.CollectionCount(1); // gen2 collections count here too

        public int Gen2 { get; } = GC.CollectionCount(2);

        public long Allocated { get; } = GC.GetTotalAllocatedBytes();

        public static Snapshot Read()
        {
            try
            {
                var cpu = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8).Select(long.Parse).ToArray();
                var postgres = new Dictionary<int, long>();
                foreach (var folder in Directory.EnumerateDirectories("/proc"))
                {
                    if (int.TryParse(Path.GetFileName(folder), out var pid) && TryRead(Path.Combine(folder, "comm"))?.Trim() == "postgres"
                        && Ours(TryRead(Path.Combine(folder, "cmdline"))) && Ticks(folder) is { } ticks)
                    {
                        postgres[pid] = ticks;
                    }
                }

                return new Snapshot(true, cpu.Sum(), cpu[3] + cpu[4], Ticks("/proc/self") ?? 0, postgres);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or FormatException or InvalidOperationException)
            {
                return new Snapshot(false, 0, 0, 0, []);
            }
        }

        /// <summary>
        /// A PostgreSQL process that works for the benchmark: a background process ("postgres: 15/main: walwriter"), or
        /// a connection ("postgres: 15/main: crm crm_bench_servicedesk 127.0.0.1(51234) idle") to the benchmark's database
        /// (<see cref="Database"/>).
        /// </summary>
        private static bool Ours(string? title)
        {
            if (title is null)
            {
                return false;
            }

            var connection = title.Contains("127.0.0.1(", StringComparison.Ordinal) || title.Contains("[local]", StringComparison.Ordinal)
                || title.Contains("::1(", StringComparison.Ordinal);
            return !connection || title.Contains($" {Database} ", StringComparison.Ordinal);
        }

        /// <summary>utime + stime of a process (fields 14 and 15 of its stat, counted after the command name).</summary>
        private static long? Ticks(string folder)
        {
            var stat = TryRead(Path.Combine(folder, "stat"));
            if (stat is null)
            {
                return null;
            }

            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        }

        private static string? TryRead(string path)
        {
            try
            {
                return File.ReadAllText(path);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                return null; // the process ended meanwhile
            }
        }
    }
}
