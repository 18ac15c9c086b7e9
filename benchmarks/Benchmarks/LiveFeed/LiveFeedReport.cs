using System.Globalization;
using System.Text;
using OrleansCrm.Benchmarks.ServiceDesk;

namespace OrleansCrm.Benchmarks.LiveFeed;

/// <summary>One kind of broadcast in one round: every screen's arrival, and per broadcast the last screen's.</summary>
internal sealed class RoundSamples(string name)
{
    public string Name { get; } = name;

    public Samples Arrivals { get; } = new("arrivals");

    public Samples LastArrivals { get; } = new("last arrivals");

    public int Broadcasts { get; private set; }

    public int Missing { get; private set; }

    public void Add(Broadcast broadcast)
    {
        var latencies = broadcast.Latencies().ToList();
        latencies.ForEach(Arrivals.Add);
        if (broadcast.Missing == 0)
        {
            LastArrivals.Add(latencies.Max());
        }

        Broadcasts++;
        Missing += broadcast.Missing;
    }

    public static RoundSamples Merge(string name, IEnumerable<RoundSamples> rounds)
    {
        var merged = new RoundSamples(name);
        foreach (var round in rounds)
        {
            for (var i = 1; i <= round.Arrivals.Count; i++)
            {
                merged.Arrivals.Add(round.Arrivals.Percentile(100.0 * i / round.Arrivals.Count));
            }

            for (var i = 1; i <= round.LastArrivals.Count; i++)
            {
                merged.LastArrivals.Add(round.LastArrivals.Percentile(100.0 * i / round.LastArrivals.Count));
            }

            merged.Broadcasts += round.Broadcasts;
            merged.Missing += round.Missing;
        }

        return merged;
    }
}

internal sealed record Round(int Number, RoundSamples Raw, RoundSamples Feed, CpuUse? Cpu, TimeSpan Elapsed);

/// <summary>Everything one run measured, written as benchmarks/results/live-feed.md.</summary>
internal sealed class LiveFeedReport(LiveFeedSettings settings)
{
    private const double P99Goal = 100;
    private const double RatioGoal = 2;

    public List<Round> Rounds { get; } = [];

    public TimeSpan Connecting { get; set; }

    public CpuUse? Before { get; set; }

    public TimeSpan WaitedForQuiet { get; set; }

    public TimeSpan Total { get; set; }

    private static string OrleansVersion => Version(typeof(Grain));

    private static string SignalRClientVersion => Version(typeof(Microsoft.AspNetCore.SignalR.Client.HubConnection));

    private static string Version(Type type) =>
        (type.Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false).FirstOrDefault()
            as System.Reflection.AssemblyInformationalVersionAttribute)?.InformationalVersion.Split('+', ' ')[0].TrimEnd('.') ?? "?";

    private static string Verdict(bool met) => met ? "met" : "**missed**";

    public string Render()
    {
        var raw = RoundSamples.Merge("raw", Rounds.Select(r => r.Raw));
        var feed = RoundSamples.Merge("feed", Rounds.Select(r => r.Feed));
        var p99 = feed.Arrivals.Percentile(99);
        var ratio = p99 / raw.Arrivals.Percentile(99);

        var r = new Writer();
        r.Text("# Live feed: a ticket change on 1,000 wall screens");
        r.Text();
        r.Line($"Run {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC by `benchmarks/run.sh live-feed` on {Environment.ProcessorCount} cores ({Machine("/proc/cpuinfo", "model name") ?? "unknown CPU"}, {Memory()}), .NET {Environment.Version} ({(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")} GC, Release build), Orleans {OrleansVersion}, SignalR client {SignalRClientVersion}. Whole run {Total.TotalSeconds:F0} s.");
        r.Text();
        r.Line($"The product runs as itself inside the benchmark's process: its `Program` through `WebApplicationFactory`, on Kestrel at 127.0.0.1, one Orleans silo, embedded mode (SQLite in a temporary folder), no demo data, log level Warning. {settings.Clients:N0} screens connect to `/hubs/operations` in the same process as the host (WebSockets, bearer token in `access_token`; half signed in as a Director, half as a Dispatcher, so each is in `wall` and `dispatch`) — {Connecting.TotalSeconds:F1} s to connect them all. Host, silo and screens share the cores: every arrival below includes the screens' own work (reading the frame, parsing the JSON) on the same cores as the server's.");
        r.Text();
        r.Line($"Before the run (after waiting {WaitedForQuiet.TotalSeconds:F0} s for other jobs to leave the cores idle, up to {settings.WaitQuiet.TotalSeconds:F0} s), 3 s without the benchmark, the cores were {Before?.ToString() ?? "n/a"} busy (this process / PostgreSQL / other); an \"other\" share well above zero during a round means another job on the machine took part of it.");
        r.Text();
        r.Text("Two kinds of broadcast, the same `TicketChanged` body (about 400 bytes of JSON), interleaved one by one and alternating which goes first:");
        r.Text();
        r.Text("- **raw SignalR broadcast (baseline)**: the server sends the message to the `wall` group through `IHubContext<OperationsHub>` — the floor for reaching these screens; timed from the moment the send starts.");
        r.Text("- **ticket change through the live feed**: a comment on a waiting ticket through the API (`POST /api/tickets/{id}/comments`, as a signed-in dispatcher); `TicketGrain` stores it, projects it and publishes `TicketChanged`, which travels the product's path — the silo's outgoing queue and batching pump, the in-process subscriber queue, the hub bridge's routing (`wall`, `dispatch`) and de-duplication, then the same SignalR group send; timed from the moment the API's response arrived (the change returning to whoever made it) to each screen.");
        r.Text();
        r.Line($"Each broadcast waits until every screen has it (at most {settings.Patience.TotalSeconds:F0} s), then {settings.Interval.TotalMilliseconds:F0} ms, so each is measured on its own rather than queued behind the last. One warm-up round is not reported, then {settings.Rounds} rounds of {settings.Pairs} of each. A screen's latency is from the sender's moment to its handler running (one clock: the same process); the last screen's is the time until the whole wall had it.");
        r.Text();
        r.Text("## Summary");
        r.Text();
        r.Text("| goal | measured in this run | |");
        r.Text("|---|---|---|");
        r.Line($"| p99 ≤ {P99Goal:0} ms from the change returning to `ticketChanged` at each screen | **p99 {p99:F1} ms** (p50 {feed.Arrivals.Percentile(50):F1}, p95 {feed.Arrivals.Percentile(95):F1}) over {feed.Arrivals.Count:N0} arrivals | {Verdict(p99 <= P99Goal && feed.Missing == 0)} |");
        r.Line($"| within {RatioGoal:0}× the raw SignalR broadcast | p99 {p99:F1} / {raw.Arrivals.Percentile(99):F1} ms = **{ratio:F2}×** (p50 {feed.Arrivals.Percentile(50) / raw.Arrivals.Percentile(50):F2}×, p95 {feed.Arrivals.Percentile(95) / raw.Arrivals.Percentile(95):F2}×) | {Verdict(ratio <= RatioGoal)} |");
        r.Text();
        r.Text("## All rounds together");
        r.Text();
        r.Text("| broadcast | broadcasts | arrivals | missing | p50 ms | p95 ms | p99 ms | max ms | whole wall p50 ms | whole wall p99 ms |");
        r.Text("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        Row(r, "raw SignalR broadcast (baseline)", raw);
        Row(r, "**ticket change through the live feed**", feed);
        r.Line($"| live feed / raw | | | | {Ratio(feed, raw, 50)} | {Ratio(feed, raw, 95)} | {Ratio(feed, raw, 99)} | {Ratio(feed, raw, 100)} | {feed.LastArrivals.Percentile(50) / raw.LastArrivals.Percentile(50):F2}× | {feed.LastArrivals.Percentile(99) / raw.LastArrivals.Percentile(99):F2}× |");
        r.Text();
        r.Text("## Round by round");
        r.Text();
        r.Text("CPU is the share of all cores busy during the round, split as this process (host, silo and the screens) / PostgreSQL (idle here) / anything else on the machine.");
        r.Text();
        r.Text("| round | broadcast | arrivals | missing | p50 ms | p95 ms | p99 ms | max ms | whole wall p50 ms | p99 / raw p99 | CPU |");
        r.Text("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var round in Rounds)
        {
            foreach (var kind in new[] { round.Raw, round.Feed })
            {
                var isFeed = ReferenceEquals(kind, round.Feed);
                r.Line($"| {round.Number} | {(isFeed ? "live feed" : "raw")} | {kind.Arrivals.Count:N0} | {kind.Missing} | {kind.Arrivals.Percentile(50):F1} | {kind.Arrivals.Percentile(95):F1} | {kind.Arrivals.Percentile(99):F1} | {kind.Arrivals.Percentile(100):F1} | {kind.LastArrivals.Percentile(50):F1} | {(isFeed ? Ratio(kind, round.Raw, 99) : "")} | {(isFeed ? "" : round.Cpu?.ToString() ?? "n/a")} |");
            }
        }

        r.Text();
        r.Line($"Missing: arrivals that had not come {settings.Patience.TotalSeconds:F0} s after their broadcast (0 means every screen got every message).");
        return r.ToString();
    }

    private static void Row(Writer r, string name, RoundSamples kind) =>
        r.Line($"| {name} | {kind.Broadcasts:N0} | {kind.Arrivals.Count:N0} | {kind.Missing} | {kind.Arrivals.Percentile(50):F1} | {kind.Arrivals.Percentile(95):F1} | {kind.Arrivals.Percentile(99):F1} | {kind.Arrivals.Percentile(100):F1} | {kind.LastArrivals.Percentile(50):F1} | {kind.LastArrivals.Percentile(99):F1} |");

    private static string Ratio(RoundSamples feed, RoundSamples raw, double p) =>
        string.Create(CultureInfo.InvariantCulture, $"{feed.Arrivals.Percentile(p) / raw.Arrivals.Percentile(p):F2}×");

    private static string? Machine(string file, string key) =>
        File.Exists(file) ? File.ReadLines(file).FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal))?.Split(':', 2)[1].Trim() : null;

    private static string Memory() =>
        Machine("/proc/meminfo", "MemTotal") is { } kb && long.TryParse(kb.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0], out var total)
            ? $"{total / 1024 / 1024} GB RAM"
            : "unknown RAM";

    /// <summary>Markdown lines, numbers in the invariant culture.</summary>
    private sealed class Writer
    {
        private readonly StringBuilder _text = new();

        public void Line(FormattableString line) => _text.AppendLine(line.ToString(CultureInfo.InvariantCulture));

        public void Text(string line = "") => _text.AppendLine(line);

        public override string ToString() => _text.ToString();
    }
}
