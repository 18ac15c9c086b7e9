using System.Globalization;
using System.Text;

namespace OrleansCrm.Benchmarks.ServiceDesk;

/// <summary>Grain methods and database work timed during a breakdown pass of <see cref="Operations"/> operations.</summary>
internal sealed record Breakdown(
    int Operations,
    TimeSpan Elapsed,
    IReadOnlyDictionary<string, (long Calls, double MeanMs)> Grains,
    IReadOnlyDictionary<string, (long Count, double MeanMs)>? Database)
{
    public Samples? Http { get; init; }

    /// <summary>Each kind of SQL statement: how many and their mean milliseconds.</summary>
    public IReadOnlyDictionary<string, (long Count, double MeanMs)> Statements { get; init; } = new Dictionary<string, (long, double)>();

    /// <summary>PostgreSQL's counters over the pass (transactions, rows), or null.</summary>
    public DatabaseCounters? Counters { get; init; }

    /// <summary>Requests sent during the pass (the counters divide by it; answered and assigned ones are <see cref="Operations"/>).</summary>
    public int Requests { get; init; }

    public (long Calls, double MeanMs) Grain(string method) => Grains.GetValueOrDefault(method);

    /// <summary>Share of the pass's wall-clock time a method was running (summed over its calls): 1 means always busy.</summary>
    public double Busy(string method) => Grain(method).Calls * Grain(method).MeanMs / Elapsed.TotalMilliseconds;

    public double StatementsPerOperation => Statements.Where(s => !s.Key.StartsWith("Orleans membership", StringComparison.Ordinal)).Sum(s => s.Value.Count) / (double)Operations;
}

/// <summary>Everything one run measured, written as benchmarks/results/service-desk.md.</summary>
internal sealed class ServiceDeskReport
{
    private const double DecisionTarget = 2.0;
    private const double IntakeTarget = 0.25;
    private const double P99Target = 50;

    public required ServiceDeskSettings Settings { get; init; }
    public required ServerFacts Server { get; init; }
    public TimeSpan Seeding { get; set; }
    public CpuUse? Before { get; set; }
    public TimeSpan WaitedForQuiet { get; set; }
    public TimeSpan Total { get; set; }

    /// <summary>How long the decision rows' warm-up ran until the JIT had nothing left to compile.</summary>
    public TimeSpan JitWarmUp { get; set; }

    /// <summary>How long the ticket runs' warm-up ran until the JIT had nothing left to compile (its tickets cancelled afterwards).</summary>
    public TimeSpan TicketWarmUp { get; set; }

    public Samples Ping { get; set; } = null!;

    /// <summary>IDispatcherGrain.Place, one caller: the product's decision.</summary>
    public Samples Place { get; set; } = null!;

    /// <summary>DispatchPolicy.Choose over 200 prebuilt candidates, and over those with the ticket's skill.</summary>
    public List<Samples> PureDecisions { get; } = [];

    /// <summary>Ping and Place timed inside their grains.</summary>
    public IReadOnlyDictionary<string, (long Calls, double MeanMs)> InsideGrains { get; set; } = new Dictionary<string, (long, double)>();

    public Samples PingConcurrent { get; set; } = null!;
    public Samples PlaceConcurrent { get; set; } = null!;
    public Samples PingManyGrains { get; set; } = null!;
    public int PlaceUnassigned { get; set; }
    public int PlaceLeftOver { get; set; }

    public List<Samples> Inserts { get; } = [];
    public Dictionary<int, (double Tps, double MeanLatencyMs, CpuUse? Cpu)> Pgbench { get; } = [];
    public Samples Unloaded { get; set; } = null!;
    public List<Samples> Closed { get; } = [];
    public Samples Open { get; set; } = null!;
    public int OpenLate { get; set; }
    public double OpenRate { get; set; }
    public Breakdown HttpBreakdown { get; set; } = null!;
    public int HttpFailed { get; set; }

    /// <summary>Group-commit batches that failed as a whole and were written again write by write (expected: none).</summary>
    public long BatchesRetried { get; set; }
    public int HttpUnassigned { get; set; }
    public string? HttpFirstFailure { get; set; }
    public Samples? NoWaitInsert { get; set; }
    public Samples? NoWaitClosed { get; set; }
    public (int Load, int Capacity, int OverCapacity) FinalLoad { get; set; }
    public int TicketsOpened { get; set; }

    /// <summary>Tickets cancelled after the warm-up and after each closed loop compared with the insert rate (untimed).</summary>
    public int TicketsCancelled { get; set; }

    private Samples Peak => Closed.MaxBy(c => c.PerSecond)!;

    private Samples InsertsOfPeak => Inserts.First(i => i.Concurrency == Peak.Concurrency);

    private static string OrleansVersion =>
        (typeof(Grain).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false).FirstOrDefault()
            as System.Reflection.AssemblyInformationalVersionAttribute)?.InformationalVersion.Split('+', ' ')[0].TrimEnd('.') ?? "?";

    private static string Us(double milliseconds) => (milliseconds * 1000).ToString(milliseconds < 0.1 ? "F1" : "F0", CultureInfo.InvariantCulture);

    private static string Verdict(bool met) => met ? "met" : "**missed**";

    private static string Cpu(CpuUse? cpu) => cpu?.ToString() ?? "n/a";

    /// <summary>The cores' use and this process's garbage collections: a pause stalls every request in flight.</summary>
    private static string CpuAndGc(CpuUse? cpu) => cpu is null ? "n/a" : $"{cpu}; {cpu.Gc}";

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private bool DecisionMet => Place.MeanMs / Ping.MeanMs <= DecisionTarget;

    private bool IntakeMet => Peak.PerSecond / InsertsOfPeak.PerSecond >= IntakeTarget;

    private bool LatencyMet => Open.Percentile(99) < P99Target && OpenLate == 0;

    public string Render()
    {
        var r = new Writer();
        r.Text("# Service desk: dispatch decisions and ticket intake");
        r.Text();
        r.Line($"Run {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC by `benchmarks/run.sh service-desk` on {Environment.ProcessorCount} cores ({Server.Cpu}, {Server.Memory}), .NET {Environment.Version} ({(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")} GC, Release build), Orleans {OrleansVersion}, PostgreSQL {Server.Version} on the same machine (synchronous_commit={Server.SynchronousCommit}, fsync={Server.Fsync}, shared_buffers={Server.SharedBuffers}, max_connections={Server.MaxConnections}: the server as `scripts/postgres.sh` starts it, nothing tuned). Whole run {Total.TotalSeconds:F0} s.");
        r.Text();
        r.Line($"The product runs as itself inside the benchmark's process: its `Program` through `WebApplicationFactory`, on Kestrel at 127.0.0.1, one Orleans silo, server mode (`Crm:Database:Provider=PostgreSQL`) on a fresh database with `Maximum Pool Size=40`, `Crm:Demo:Seed=false`, log level Warning. Through the API it got 200 specialists (6 of 20 skill codes each at levels 1–5, capacity 100 — the most the API accepts) and 5 clients ({Seeding.TotalSeconds:F1} s). Tickets: any of the 20 skills, minimum level 1–3, Low 55% / Normal 35% / High 7% / Critical 3%; the run opened {TicketsOpened + TicketsCancelled:N0} tickets and cancelled {TicketsCancelled:N0} of them, untimed (the warm-up's and those of the closed loops compared with the insert rate, so that each run finds the same room), which left the specialists at {FinalLoad.Load:N0} of {FinalLoad.Capacity:N0} capacity ({FinalLoad.OverCapacity} over capacity): no ticket had to wait for room.");
        r.Text();
        r.Line($"The load generator, the host and PostgreSQL share the {Environment.ProcessorCount} cores. **CPU** columns give the share of all cores that was busy during a row, split as this process (host, silo, load generator) / PostgreSQL (its background processes and the connections to the benchmark's database) / anything else (other jobs on the machine). Before the run ({(WaitedForQuiet.TotalSeconds < 5 ? "at once" : $"after waiting {WaitedForQuiet.TotalSeconds:F0} s for other jobs to leave the cores idle, up to {Settings.WaitQuiet.TotalSeconds:F0} s")}), 3 s without the benchmark, the cores were {Cpu(Before)} busy{(Before is { Other: > 0.10 } ? " — **other jobs were running**, so every number below is lower than this machine gives when idle, the ratios less so" : "")}; an \"other\" share well above zero during a row means another job took part of it. The tickets' rows add this process's garbage collections during the row (how many, how many of them collected gen1 or gen2 as well, and how long they paused its threads in all) and the size of its heap after the last one.");
        var disturbed = Closed.Append(Open).Append(Unloaded).Concat(Inserts).Append(Place).Where(x => x.Cpu is { Other: > 0.15 }).ToList();
        if (disturbed.Count > 0)
        {
            r.Line($"**Other jobs took part of the cores during {disturbed.Count} of the measured rows** (up to {disturbed.Max(x => x.Cpu!.Other):P0} \"other\" CPU; see the CPU columns): those rows' absolute numbers are lower than this machine gives when idle, and a ratio whose two sides were disturbed unequally is off too.");
            r.Text();
        }

        RenderSummary(r);
        RenderDecisions(r);
        RenderTickets(r);
        RenderCommitWait(r);
        return r.ToString();
    }

    /// <summary>
    /// The peak against the run's best insert rates whatever their connections, Npgsql's and pgbench's: the goal pairs rows
    /// of the same concurrency, and these show how much that pairing flatters or not.
    /// </summary>
    private string StricterShares(Samples peak)
    {
        var best = Inserts.MaxBy(i => i.PerSecond)!;
        var text = F($"; against the run's best insert rate, {best.PerSecond:N0}/s on {best.Concurrency} connections: {peak.PerSecond / best.PerSecond:P1}");
        if (Pgbench.Count > 0)
        {
            var (connections, pg) = Pgbench.MaxBy(p => p.Value.Tps);
            text += F($"; against pgbench's best, {pg.Tps:N0}/s on {connections}: {peak.PerSecond / pg.Tps:P1}");
        }

        return text;
    }

    private void RenderSummary(Writer r)
    {
        var peak = Peak;
        var insert = InsertsOfPeak;
        var share = peak.PerSecond / insert.PerSecond;
        var concurrentCost = PingConcurrent.PerSecond / PlaceConcurrent.PerSecond;
        r.Text("## Summary");
        r.Text();
        r.Text("| goal | measured in this run | |");
        r.Text("|---|---|---|");
        r.Line($"| a dispatch decision costs at most twice a raw grain call | `IDispatcherGrain.Place` on a dispatcher holding the 200 specialists (the product's decision, in memory, reservation included): {Us(Place.MeanMs)} µs mean = **{Place.MeanMs / Ping.MeanMs:F2}×** the raw grain call's {Us(Ping.MeanMs)} µs (p50 {Us(Place.Percentile(50))} vs {Us(Ping.Percentile(50))} µs = {Place.Percentile(50) / Ping.Percentile(50):F2}×); {Place.PerSecond:N0} decisions/s on one caller | {Verdict(DecisionMet)} |");
        r.Line($"| (the same, 16 callers on the one dispatcher) | {PlaceConcurrent.PerSecond:N0} decisions/s against {PingConcurrent.PerSecond:N0} raw calls/s on one grain: a decision costs {concurrentCost:F2}× a raw call | {(concurrentCost <= DecisionTarget ? "within 2×" : "above 2×")} |");
        r.Line($"| tickets created and assigned through the API at ≥ 25% of PostgreSQL's single-row insert rate | peak {peak.PerSecond:N1} tickets/s ({peak.Concurrency} clients, p50 {peak.Percentile(50):F0} / p95 {peak.Percentile(95):F0} / p99 {peak.Percentile(99):F0} ms) = **{share:P1}** of {insert.PerSecond:N0} inserts/s on {insert.Concurrency} connections{StricterShares(peak)} | {Verdict(IntakeMet)} |");
        r.Line($"| p99 under 50 ms at half the peak rate | **p99 {Open.Percentile(99):F1} ms** (p50 {Open.Percentile(50):F1}, p95 {Open.Percentile(95):F1} ms) at {OpenRate:F1} tickets/s, open loop | {Verdict(LatencyMet)} |");
        r.Text();
        r.Line($"**Where the time goes now.** {DecisionWhy()} {IntakeWhy()}");
        r.Text();
    }

    /// <summary>The decision's verdict explained from the in-grain timings.</summary>
    private string DecisionWhy()
    {
        var place = InsideGrains.GetValueOrDefault("IDispatcherGrain.Place");
        var ping = InsideGrains.GetValueOrDefault("IPingGrain.Ping");
        if (place.Calls == 0 || ping.Calls == 0)
        {
            return "";
        }

        var extra = place.MeanMs - ping.MeanMs;
        return F($"A decision is a grain call plus {Us(extra)} µs of work inside the dispatcher's turn (Place {Us(place.MeanMs)} µs against Ping's {Us(ping.MeanMs)} µs, timed inside the grains; the pure policy over the ticket's skill's prebuilt candidates takes {Us(PureDecisions[1].MeanMs)} µs), so the grain call itself ({Us(Ping.MeanMs)} µs) is {Ping.MeanMs / Place.MeanMs:P0} of a decision.");
    }

    /// <summary>The intake's verdicts explained from the breakdown pass and the CPU shares.</summary>
    private string IntakeWhy()
    {
        var b = HttpBreakdown;
        var open = b.Grain("ITicketGrain.Open");
        var place = b.Grain("IDispatcherGrain.Place");
        var work = b.Grain("ISpecialistGrain.RecordWork");
        var text = new StringBuilder();
        text.Append(F($"A ticket through the API makes {b.StatementsPerOperation:F1} round trips to PostgreSQL (a statement, or a batch: the group commit sends the grain-state writes and projections that arrive together in one batch, which commits as one transaction)"));
        if (b.Counters is { } c && b.Requests > 0)
        {
            text.Append(F($" and PostgreSQL counted {(double)c.Commits / b.Requests:F1} transactions (read-only ones included) and {(double)c.RowsWritten / b.Requests:F1} rows written per ticket"));
        }

        text.Append(" where the baseline makes one row in one commit. ");
        text.Append(F($"In the breakdown pass ({b.Http!.Concurrency} clients) `ITicketGrain.Open` ran {open.MeanMs:F2} ms inside its grain: the specialist's `RecordWork` (its state write with its list row, one commit) {work.MeanMs:F2} ms ({work.MeanMs / open.MeanMs:P0}), `Place` {place.MeanMs:F3} ms, and the ticket's own state write with its row (one commit) the rest, {open.MeanMs - work.MeanMs - place.MeanMs:F2} ms; "));
        text.Append(F($"a request's mean latency was {b.Http.MeanLatencyMs:F1} ms, so {1 - open.MeanMs / b.Http.MeanLatencyMs:P0} of it was outside `Open`: HTTP, the client's grain, the new ticket's activation and waiting for a core. "));
        var dispatcherBusy = b.Busy("IDispatcherGrain.Place");
        text.Append(F($"The queue's one dispatcher was busy {dispatcherBusy:P1} of the time, so it no longer limits the rate (at {Us(place.MeanMs)} µs a decision it admits about {1000 / place.MeanMs:N0} tickets/s). "));
        if (CpuPerTicket(Peak, InsertsOfPeak) is { } cpu)
        {
            text.Append(F($"The limit is CPU: at the peak the cores were {Peak.Cpu!.Busy:P0} busy; a ticket took {cpu.SelfMs:F2} ms of CPU in this process (HTTP, handler, grains, serialization, Npgsql, and the load generator) and {cpu.PostgresMs:F2} ms in PostgreSQL, a baseline row {cpu.RowSelfMs:F2} + {cpu.RowPostgresMs:F2} ms; at that cost the {Environment.ProcessorCount} cores carry about {cpu.Ceiling:N0} tickets/s ({cpu.Ceiling / InsertsOfPeak.PerSecond:P0} of the insert rate; an estimate from the CPU shares). "));
        }

        var top = b.Statements.Where(s => !s.Key.StartsWith("Orleans membership", StringComparison.Ordinal)).OrderByDescending(s => s.Value.Count * s.Value.MeanMs).FirstOrDefault();
        if (top.Key is not null)
        {
            var all = b.Statements.Sum(s => s.Value.Count * s.Value.MeanMs) / b.Operations;
            text.Append(F($"Of the {all:F1} ms of SQL per ticket (statements' own durations), the largest part is {top.Key}: {top.Value.Count * top.Value.MeanMs / b.Operations:F1} ms."));
        }

        return text.ToString();
    }

    private sealed record CpuCost(double SelfMs, double PostgresMs, double RowSelfMs, double RowPostgresMs, double Ceiling);

    /// <summary>
    /// CPU time per ticket against CPU time per inserted row, from the CPU shares of the peak run and of the insert
    /// baseline at the same concurrency (this process includes the load generator in both), and what the cores could
    /// carry at that cost. An estimate from measurements; null without /proc.
    /// </summary>
    private static CpuCost? CpuPerTicket(Samples tickets, Samples inserts)
    {
        if (tickets.Cpu is not { } t || inserts.Cpu is not { } i)
        {
            return null;
        }

        double Ms(double share, Samples run) => share * Environment.ProcessorCount * 1000 / run.PerSecond;
        var ticket = Ms(t.Self, tickets) + Ms(t.Postgres, tickets);
        return new CpuCost(Ms(t.Self, tickets), Ms(t.Postgres, tickets), Ms(i.Self, inserts), Ms(i.Postgres, inserts), Environment.ProcessorCount * 1000 / ticket);
    }

    private void RenderDecisions(Writer r)
    {
        r.Text("## 1. Dispatch decisions with 200 specialists and 20 skills");
        r.Text();
        r.Line($"The decision is the product's own: `IDispatcherGrain.Place(TicketToPlace)` — what a new ticket asks before its first write — on a real `DispatcherGrain` of a queue of its own (`{ServiceDeskBenchmark.DecisionQueue}`, so the support queue's loads are untouched), which learnt the 200 seeded specialists through `SpecialistChanged` as Staff's notification makes it and read their state from their grains. It chooses in memory among the on-duty specialists the skill index lists under the ticket's skill at its level or higher (the index keeps the highest levels first; a reused buffer of `Candidate` structs: level in the skill, load as of now, affinity to the ticket's client; nothing allocated per candidate), reserves the ticket's weight and answers: no I/O. The tickets are the benchmark's mix over the 5 seeded clients.");
        r.Text();
        r.Line($"One caller, calls back to back in blocks of 100 after a warm-up that lasted until a second of the rows' calls compiled no method ({JitWarmUp.TotalSeconds:F0} s: tiered compilation optimizes hot code in the background, behind all the start-up and seeding ran, and until it has the rows would measure unoptimized code); the raw grain call and `Place` alternate block by block in five rounds, the pure rows run in the same rounds. After each block of `Place`, the benchmark withdraws the block's tickets (`Withdraw`, one-way, untimed) and waits for the dispatcher to have processed them (a `Board()` call behind them), so that no reservation accumulates and no withdrawal falls into a timed call. \"mean\" is the blocks' wall-clock time divided by their calls — the cost per call, garbage collection included — and the ratios divide by the raw grain call of the same rounds.");
        r.Text();
        r.Text("- **raw grain call**: `IPingGrain.Ping(int)` (a benchmark-only grain that returns its argument plus one) on the product's silo, called through the host's `IGrainFactory`: the floor of any grain call here.");
        r.Text("- **policy, pure**: `DispatchPolicy.Choose` over ready-made `Candidate` arrays per client and skill (the benchmark's own 200 specialists with random loads 0–60 of 100), all 200 or only those with the ticket's skill as the dispatcher's index narrows them. CPU only, no grain: the reference for the decision's own work.");
        r.Text("- **`IDispatcherGrain.Place`**: the product's decision as a grain call. **The row the goal is about.**");
        r.Text();
        r.Text("| operation, one caller | calls | p50 µs | p95 µs | p99 µs | per second | mean µs | mean / raw call | p50 / raw call | goal (mean) | |");
        r.Text("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        var floor = Ping.MeanMs;
        var floorP50 = Ping.Percentile(50);
        void Row(string label, Samples d, bool judged) =>
            r.Line($"| {label} | {d.Count:N0} | {Us(d.Percentile(50))} | {Us(d.Percentile(95))} | {Us(d.Percentile(99))} | {d.PerSecond:N0} | {Us(d.MeanMs)} | {d.MeanMs / floor:F2} | {d.Percentile(50) / floorP50:F2} | {(judged ? $"≤ {DecisionTarget:0}×" : "")} | {(judged ? Verdict(d.MeanMs / floor <= DecisionTarget) : "")} |");
        Row("raw grain call (baseline)", Ping, false);
        Row("policy, pure: 200 prebuilt candidates", PureDecisions[0], false);
        Row("policy, pure: the prebuilt candidates with the ticket's skill", PureDecisions[1], false);
        Row("**`IDispatcherGrain.Place` (the product's decision)**", Place, true);
        r.Text();
        var place = InsideGrains.GetValueOrDefault("IDispatcherGrain.Place");
        var ping = InsideGrains.GetValueOrDefault("IPingGrain.Ping");
        r.Line($"CPU during the rounds: {Cpu(Ping.Cpu)}. Timed inside the grains (an incoming call filter, from the start of the grain's turn to its end; {place.Calls:N0} calls each, the filter's own cost in both): `Place` {Us(place.MeanMs)} µs, `Ping` {Us(ping.MeanMs)} µs — the decision's work in the dispatcher is the difference, {Us(place.MeanMs - ping.MeanMs)} µs; the rest of a call is messaging both share.");
        r.Text();
        r.Line($"With 16 concurrent callers on **one** grain — every new ticket of a queue meets the same dispatcher, which handles one call at a time — in blocks of 16 × 100 calls (the `Place` blocks withdrawn in between, untimed); the cost ratio is the raw call's rate on one grain divided by the row's. For scale, the raw call on 16 grains (one per caller) ran at {PingManyGrains.PerSecond:N0} calls/s.");
        r.Text();
        r.Text("| operation, 16 callers, one grain | calls | p50 µs | p99 µs | per second | cost / raw grain call | CPU |");
        r.Text("|---|---:|---:|---:|---:|---:|---|");
        r.Line($"| raw grain call (baseline) | {PingConcurrent.Count:N0} | {Us(PingConcurrent.Percentile(50))} | {Us(PingConcurrent.Percentile(99))} | {PingConcurrent.PerSecond:N0} | 1.00 | {Cpu(PingConcurrent.Cpu)} |");
        r.Line($"| `IDispatcherGrain.Place`, one dispatcher | {PlaceConcurrent.Count:N0} | {Us(PlaceConcurrent.Percentile(50))} | {Us(PlaceConcurrent.Percentile(99))} | {PlaceConcurrent.PerSecond:N0} | {PingConcurrent.PerSecond / PlaceConcurrent.PerSecond:F2} | {Cpu(PlaceConcurrent.Cpu)} |");
        r.Text();
        r.Line($"Decisions that placed nobody: {PlaceUnassigned}; tickets the dispatcher still held after the last withdrawal: {PlaceLeftOver}.");
        r.Text();
    }

    private void RenderTickets(Writer r)
    {
        r.Text("## 2. Tickets opened and assigned through the HTTP API on PostgreSQL");
        r.Text();
        r.Text("**Baseline — PostgreSQL's own single-row insert rate**, same database, same run: N concurrent Npgsql connections in this process, each looping a prepared one-row `INSERT` (autocommit: one commit per row) into a table shaped like `servicedesk.tickets`, for a fixed time after a 1 s warm-up, right before the closed loop of the tickets with as many clients (after their warm-up), so that both meet the machine in the same state. pgbench (PostgreSQL's own client, `-M prepared -j 2`, the same statement with `gen_random_uuid()`) repeats it outside .NET as a cross-check; its own CPU counts as \"other\".");
        r.Text();
        r.Text("| baseline | connections | rows | seconds | rows per second | p50 ms | p95 ms | p99 ms | CPU |");
        r.Text("|---|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var insert in Inserts)
        {
            r.Line($"| Npgsql single-row INSERT | {insert.Concurrency} | {insert.Count:N0} | {insert.Elapsed.TotalSeconds:F1} | {insert.PerSecond:N0} | {insert.Percentile(50):F2} | {insert.Percentile(95):F2} | {insert.Percentile(99):F2} | {Cpu(insert.Cpu)} |");
            if (Pgbench.TryGetValue(insert.Concurrency, out var pg))
            {
                r.Line($"| pgbench, same INSERT | {insert.Concurrency} |  | {Settings.BaselineDuration.TotalSeconds:F0} | {pg.Tps:N0} | mean {pg.MeanLatencyMs:F2} |  |  | {Cpu(pg.Cpu)} |");
            }
        }

        r.Text();
        r.Text(F($"**Tickets**: `POST /api/tickets` on 127.0.0.1 as a user's request makes it — validation, the client's grain (`IClientGrain.Get`), the new ticket's grain activated without reading its state (the request minted its key and marks its call as one to a new grain, `NewGrain`), `ITicketGrain.Open`, which asks the queue's dispatcher (`Place`, in memory) and stores the ticket opened and assigned in one state write whose transaction also writes its row of `servicedesk.tickets`; then it tells the specialist from its stored outbox (`ISpecialistGrain.RecordWork`: the specialist's state write, whose transaction also writes the specialist's list row); the answer is `Open`'s result as JSON. Grain-state writes and projections go through the product's group commit, which sends the statements of writes that arrive together in one batch, itself one transaction: one round trip, commit included. A ticket counts when the answer is 201 with `assigneeId` set; latency is the client's, from sending the request to having read the answer. The client is the benchmark's own minimal HTTP/1.1 one (`LoopbackHttp`: keep-alive sockets, each request's bytes built once, the answer's status read and its `id` and `assigneeId` picked out of the JSON), as wrk is for web servers and pgbench for the baseline: it shares the cores with the product, and .NET's `HttpClient` spent about 4 % of all CPU samples at the peak, and 6 KB of allocation per ticket, that were charged to the product. Before the runs, a warm-up of {Settings.Concurrency.Max()} clients (the most any run has: busier runs take code paths quieter ones never reach, which the JIT would otherwise optimize during the peak's run) went on until a second of tickets compiled no method ({TicketWarmUp.TotalSeconds:F0} s), and its tickets were cancelled (untimed), so the runs measure optimized code on the loads the seeding left; after each untimed cancelling the benchmark waits (up to 10 s) for half a second in which nothing was compiled, so the cancel path's methods are not optimized during the next run. Closed loop: N clients, each sending its next request when the last one answered, bounded by count and time (1 client: the latency without queueing); those compared with the insert rate open up to {ServiceDeskSettings.MaxTicketsPerPeakRun:N0} tickets (a few seconds, against the baseline's {Settings.BaselineDuration.TotalSeconds:F0} s) and cancel them afterwards (untimed); the best is the peak. Open loop: requests paced at half the peak rate whatever the answers (at most 200 outstanding), latency counted from the moment a request was due, so a backlog shows instead of hiding; it follows two untimed seconds of the same pacing, whose tickets are cancelled (paced requests take paths the closed loops do not: without them the measured run compiled about 130 methods)."));
        r.Text();
        r.Text("| run | clients / rate | tickets | seconds | tickets per second | p50 ms | p95 ms | p99 ms | / Npgsql inserts (same connections) | / pgbench | goal | | CPU |");
        r.Text("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|");
        r.Line($"| closed loop, unloaded | 1 client | {Unloaded.Count:N0} | {Unloaded.Elapsed.TotalSeconds:F1} | {Unloaded.PerSecond:N1} | {Unloaded.Percentile(50):F1} | {Unloaded.Percentile(95):F1} | {Unloaded.Percentile(99):F1} |  |  |  |  | {CpuAndGc(Unloaded.Cpu)} |");
        var peak = Peak;
        foreach (var closed in Closed)
        {
            var insert = Inserts.FirstOrDefault(i => i.Concurrency == closed.Concurrency);
            var share = insert is null ? double.NaN : closed.PerSecond / insert.PerSecond;
            var isPeak = ReferenceEquals(closed, peak);
            var pgbench = Pgbench.TryGetValue(closed.Concurrency, out var pg) ? (closed.PerSecond / pg.Tps).ToString("P1", CultureInfo.InvariantCulture) : "";
            r.Line($"| closed loop{(isPeak ? " (peak)" : "")} | {closed.Concurrency} clients | {closed.Count:N0} | {closed.Elapsed.TotalSeconds:F1} | {closed.PerSecond:N1} | {closed.Percentile(50):F1} | {closed.Percentile(95):F1} | {closed.Percentile(99):F1} | {share:P1} | {pgbench} | {(isPeak ? $"≥ {IntakeTarget:P0}" : "")} | {(isPeak ? Verdict(share >= IntakeTarget) : "")} | {CpuAndGc(closed.Cpu)} |");
        }

        r.Line($"| open loop at half the peak | {OpenRate:F1}/s | {Open.Count:N0} | {Open.Elapsed.TotalSeconds:F1} | {Open.PerSecond:N1} | {Open.Percentile(50):F1} | {Open.Percentile(95):F1} | {Open.Percentile(99):F1} |  |  | p99 < {P99Target:0} ms | {Verdict(LatencyMet)} | {CpuAndGc(Open.Cpu)} |");
        r.Text();
        r.Line($"Requests refused or failed: {HttpFailed}; created but not assigned: {HttpUnassigned}; open-loop requests not sent because 200 were outstanding: {OpenLate}; group-commit batches written again one by one (a refused or failing write; expected none here): {BatchesRetried}.{(HttpFirstFailure is { } f ? $" First failure: `{f.ReplaceLineEndings(" ")[..Math.Min(f.Length, 300)]}`." : "")}");
        r.Text();
        RenderHttpBreakdown(r);
    }

    private void RenderHttpBreakdown(Writer r)
    {
        var b = HttpBreakdown;
        var n = (double)b.Operations;
        r.Line($"**Where a ticket's time goes**: the peak's closed loop once more ({b.Http!.Concurrency} clients, {b.Operations} tickets, {b.Http.PerSecond:N1} tickets/s, p50 {b.Http.Percentile(50):F1} ms, mean {b.Http.MeanLatencyMs:F1} ms, CPU {Cpu(b.Http.Cpu)}), with every grain call timed inside its grain (waiting in front of a busy grain is not included; a call includes the calls it makes), each SQL statement from Npgsql's traces, and PostgreSQL's own counters for the database around the pass.");
        r.Text();
        r.Text("| grain method | calls per ticket | mean ms | time in calls / run time (activations summed) |");
        r.Text("|---|---:|---:|---:|");
        foreach (var (method, (calls, mean)) in b.Grains.OrderByDescending(g => g.Value.Calls * g.Value.MeanMs))
        {
            r.Line($"| `{method}` | {calls / n:F2} | {mean:F3} | {calls * mean / b.Elapsed.TotalMilliseconds:P1} |");
        }

        r.Text();
        r.Text("| PostgreSQL work | per ticket | mean ms |");
        r.Text("|---|---:|---:|");
        foreach (var (instrument, (count, mean)) in b.Database ?? new Dictionary<string, (long, double)>())
        {
            var label = instrument switch
            {
                "db.client.operation.duration" => "Npgsql statements (all: grain state, projections, reads)",
                "orleans-storage-write-latency" => "grain state writes (as the grain waits for them: its group commit included)",
                "orleans-storage-read-latency" => "grain state reads (activations; a new ticket's starts empty without the database)",
                _ => instrument,
            };
            r.Line($"| {label} | {count / n:F2} | {mean:F2} |");
        }

        if (b.Counters is { } c && b.Requests > 0)
        {
            r.Line($"| transactions committed, PostgreSQL's count (`pg_stat_database.xact_commit` over the pass per request sent: every transaction and every statement outside one, read-only ones and Orleans' cluster upkeep included) | {(double)c.Commits / b.Requests:F2} |  |");
            r.Line($"| rows written, PostgreSQL's count (inserted {(double)c.RowsInserted / b.Requests:F1} + updated {(double)c.RowsUpdated / b.Requests:F1} + deleted {(double)c.RowsDeleted / b.Requests:F1}) | {(double)c.RowsWritten / b.Requests:F2} |  |");
        }

        r.Text();
        if (b.Statements.Count > 0)
        {
            r.Text("| SQL statement (from Npgsql's traces; transactions' BEGIN and COMMIT are not traced) | per ticket | mean ms | ms per ticket |");
            r.Text("|---|---:|---:|---:|");
            foreach (var (statement, (count, mean)) in b.Statements.OrderByDescending(s => s.Value.Count * s.Value.MeanMs))
            {
                r.Line($"| {statement} | {count / n:F2} | {mean:F2} | {count * mean / n:F2} |");
            }

            r.Text();
        }
    }

    private void RenderCommitWait(Writer r)
    {
        if (NoWaitInsert is null || NoWaitClosed is null)
        {
            return;
        }

        r.Text("## Diagnostic: the same without waiting for the disk (not the product's configuration)");
        r.Text();
        r.Text("Right after the runs above the benchmark's database was set to `synchronous_commit=off` (a commit returns before its WAL reaches the disk; a crash may lose the last moments of work, nothing is corrupted), the connection pools emptied, and the insert baseline and the peak's closed loop measured again; then the setting was reset. It separates waiting for the disk from the rest of the work. It ran last, with the most tickets open (the specialists' states at their largest), so a number slower here than above comes from that growth (or noise), not from the setting.");
        r.Text();
        r.Text("| measurement | synchronous_commit=on (above) | off | CPU (off) |");
        r.Text("|---|---:|---:|---|");
        var peak = Peak;
        var insertOn = Inserts.First(i => i.Concurrency == NoWaitInsert.Concurrency);
        r.Line($"| single-row INSERTs per second, {NoWaitInsert.Concurrency} connections | {insertOn.PerSecond:N0} | {NoWaitInsert.PerSecond:N0} | {Cpu(NoWaitInsert.Cpu)} |");
        r.Line($"| tickets per second through the API, {NoWaitClosed.Concurrency} clients, closed loop | {peak.PerSecond:N1} | {NoWaitClosed.PerSecond:N1} | {Cpu(NoWaitClosed.Cpu)} |");
        r.Line($"| … p50 / p99 ms | {peak.Percentile(50):F1} / {peak.Percentile(99):F1} | {NoWaitClosed.Percentile(50):F1} / {NoWaitClosed.Percentile(99):F1} |  |");
        r.Line($"| tickets per second / insert rate | {peak.PerSecond / insertOn.PerSecond:P1} | {NoWaitClosed.PerSecond / NoWaitInsert.PerSecond:P1} |  |");
        r.Text();
    }

    /// <summary>Markdown lines, numbers in the invariant culture.</summary>
    private sealed class Writer
    {
        private readonly StringBuilder _text = new();

        public void Line(FormattableString line) => _text.AppendLine(line.ToString(CultureInfo.InvariantCulture));

        public void Text(string line = "") => _text.AppendLine(line);

        public override string ToString() => _text.ToString();
    }
}
