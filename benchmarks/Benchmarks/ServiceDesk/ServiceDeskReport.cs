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

    public (long Calls, double MeanMs) Grain(string method) => Grains.GetValueOrDefault(method);

    /// <summary>Share of the pass's wall-clock time a method was running (summed over its calls): 1 means always busy.</summary>
    public double Busy(string method) => Grain(method).Calls * Grain(method).MeanMs / Elapsed.TotalMilliseconds;
}

/// <summary>Everything one run measured, written as benchmarks/results/service-desk.md.</summary>
internal sealed class ServiceDeskReport
{
    private const double DecisionTarget = 2.0;
    private const double IntakeTarget = 0.25;
    private const double P99Target = 50;

    public int DispatchUnassigned;

    public required ServiceDeskSettings Settings { get; init; }
    public required ServerFacts Server { get; init; }
    public TimeSpan Seeding { get; set; }
    public CpuUse? Before { get; set; }
    public TimeSpan WaitedForQuiet { get; set; }
    public TimeSpan Total { get; set; }

    public Samples Ping { get; set; } = null!;
    public Samples PingConcurrent { get; set; } = null!;
    public Samples PingManyGrains { get; set; } = null!;

    /// <summary>Prebuilt, as the dispatcher makes it, sketch, inside a grain, Dispatch end to end.</summary>
    public List<Samples> Decisions { get; } = [];

    /// <summary>Inside a grain, Dispatch end to end; 16 callers on one grain.</summary>
    public List<Samples> DecisionsConcurrent { get; } = [];

    public Breakdown DispatchBreakdown { get; set; } = null!;

    public List<Samples> Inserts { get; } = [];
    public Dictionary<int, (double Tps, double MeanLatencyMs, CpuUse? Cpu)> Pgbench { get; } = [];
    public List<Samples> Closed { get; } = [];
    public Samples Open { get; set; } = null!;
    public int OpenLate { get; set; }
    public double OpenRate { get; set; }
    public Breakdown HttpBreakdown { get; set; } = null!;
    public int HttpFailed { get; set; }
    public int HttpUnassigned { get; set; }
    public string? HttpFirstFailure { get; set; }
    public Samples? NoWaitDispatch { get; set; }
    public Samples? NoWaitInsert { get; set; }
    public Samples? NoWaitClosed { get; set; }
    public (int Load, int Capacity, int OverCapacity) FinalLoad { get; set; }
    public int TicketsOpened { get; set; }

    private Samples Peak => Closed.MaxBy(c => c.PerSecond)!;

    private static string OrleansVersion =>
        (typeof(Grain).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false).FirstOrDefault()
            as System.Reflection.AssemblyInformationalVersionAttribute)?.InformationalVersion.Split('+', ' ')[0].TrimEnd('.') ?? "?";

    private static string Us(double milliseconds) => (milliseconds * 1000).ToString(milliseconds < 0.1 ? "F1" : "F0", CultureInfo.InvariantCulture);

    private static string Verdict(bool met) => met ? "met" : "**missed**";

    private static string Cpu(CpuUse? cpu) => cpu?.ToString() ?? "n/a";

    public string Render()
    {
        var r = new Writer();
        r.Text("# Service desk: dispatch decisions and ticket intake");
        r.Text();
        r.Line($"Run {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC by `benchmarks/run.sh service-desk` on {Environment.ProcessorCount} cores ({Server.Cpu}, {Server.Memory}), .NET {Environment.Version} (server GC, Release build), Orleans {OrleansVersion}, PostgreSQL {Server.Version} on the same machine (synchronous_commit={Server.SynchronousCommit}, fsync={Server.Fsync}, shared_buffers={Server.SharedBuffers}, max_connections={Server.MaxConnections}: the server as `scripts/postgres.sh` starts it, nothing tuned). Whole run {Total.TotalSeconds:F0} s.");
        r.Text();
        r.Line($"The product runs as itself inside the benchmark's process: its `Program` through `WebApplicationFactory`, on Kestrel at 127.0.0.1, one Orleans silo, server mode (`Crm:Database:Provider=PostgreSQL`) on a fresh database with `Maximum Pool Size=40`, `Crm:Demo:Seed=false`, log level Warning. Through the API it got 200 specialists (6 of 20 skill codes each at levels 1–5, capacity 100 — the most the API accepts, not 1,000) and 5 clients ({Seeding.TotalSeconds:F1} s). Tickets: any of the 20 skills, minimum level 1–3, Low 55% / Normal 35% / High 7% / Critical 3%; the run opened {TicketsOpened:N0} tickets, which left the specialists at {FinalLoad.Load:N0} of {FinalLoad.Capacity:N0} capacity ({FinalLoad.OverCapacity} over capacity): no ticket had to wait for room.");
        r.Text();
        r.Line($"The load generator, the host and PostgreSQL share the {Environment.ProcessorCount} cores. **CPU** columns give the share of all cores that was busy during a row, split as this process (host, silo, load generator) / PostgreSQL (its background processes and the connections to the benchmark's database) / anything else (other jobs, and their PostgreSQL connections). Before the run ({(WaitedForQuiet.TotalSeconds < 5 ? "at once" : $"after waiting {WaitedForQuiet.TotalSeconds:F0} s for other jobs to leave the cores idle, up to {Settings.WaitQuiet.TotalSeconds:F0} s")}), 3 s without the benchmark, the cores were {Cpu(Before)} busy; an \"other\" share well above zero during a row means another job on the machine took part of it.");
        r.Text();
        RenderSummary(r);
        RenderDecisions(r);
        RenderTickets(r);
        RenderCommitWait(r);
        return r.ToString();
    }

    private void RenderSummary(Writer r)
    {
        var decision = Decisions[1];
        var dispatch = Decisions[^1];
        var peak = Peak;
        var insert = Inserts.First(i => i.Concurrency == peak.Concurrency);
        var share = peak.PerSecond / insert.PerSecond;
        var breakdown = HttpBreakdown;
        r.Text("## Summary");
        r.Text();
        r.Text("| goal | measured in this run | |");
        r.Text("|---|---|---|");
        r.Line($"| a dispatch decision costs at most twice a raw grain call | the decision alone (`DispatchPolicy.Choose` over 200 candidates, built as the dispatcher builds them): {Us(decision.MeanMs)} µs mean = **{decision.MeanMs / Ping.MeanMs:F1}×** the raw grain call's {Us(Ping.MeanMs)} µs (p50: {decision.Percentile(50) / Ping.Percentile(50):F1}×) | {Verdict(decision.MeanMs / Ping.MeanMs <= DecisionTarget)} |");
        r.Line($"| (the same, end to end) | `IDispatcherGrain.Dispatch`, which persists the assignment inside the decision: {dispatch.MeanMs:F1} ms mean = **{dispatch.MeanMs / Ping.MeanMs:N0}×** a raw grain call; {dispatch.PerSecond:N0} decisions/s | {Verdict(dispatch.MeanMs / Ping.MeanMs <= DecisionTarget)} |");
        r.Line($"| tickets created and assigned through the API at ≥ 25% of PostgreSQL's single-row insert rate | peak {peak.PerSecond:N1} tickets/s ({peak.Concurrency} clients) = **{share:P1}** of {insert.PerSecond:N0} inserts/s on {insert.Concurrency} connections | {Verdict(share >= IntakeTarget)} |");
        r.Line($"| p99 under 50 ms at half the peak rate | **p99 {Open.Percentile(99):F0} ms** (p50 {Open.Percentile(50):F0} ms) at {OpenRate:F1} tickets/s | {Verdict(Open.Percentile(99) < P99Target && OpenLate == 0)} |");
        r.Text();
        r.Line($"Why: the decision itself is CPU work that builds 200 records, filters them into lists and sorts them (a single pass over the same candidates makes the same choice in {Us(Decisions[2].Percentile(50))} µs at the median, {Us(Decisions[2].MeanMs)} µs mean). End to end, {DispatchBreakdown.Grain("ITicketGrain.Assign").MeanMs / DispatchBreakdown.Grain("IDispatcherGrain.Dispatch").MeanMs:P0} of a dispatch is the ticket's and the specialist's persistence, awaited inside the queue's one dispatcher grain, which handles one call at a time: in the timed pass at the peak's concurrency it was busy {breakdown.Busy("IDispatcherGrain.Dispatch"):P0} of the time at {breakdown.Grain("IDispatcherGrain.Dispatch").MeanMs:F1} ms a ticket, so the API cannot take more than about {1000 / breakdown.Grain("IDispatcherGrain.Dispatch").MeanMs:N0} tickets/s however many connections PostgreSQL could use in parallel. And a ticket makes ten statements and six commits where the baseline makes one{CpuComparison(peak, insert) switch { { } c => $": {c}", null => "" }}.");
        r.Text();
    }

    /// <summary>
    /// CPU time per ticket against CPU time per inserted row, from the CPU shares of the peak run and of the insert
    /// baseline at the same concurrency (this process includes the load generator in both), and what the cores could
    /// carry at that cost with nothing serialised. An estimate from measurements; null without /proc.
    /// </summary>
    private static string? CpuComparison(Samples tickets, Samples inserts)
    {
        if (tickets.Cpu is not { } t || inserts.Cpu is not { } i)
        {
            return null;
        }

        double Ms(double share, Samples run) => share * Environment.ProcessorCount * 1000 / run.PerSecond;
        var ticket = Ms(t.Self, tickets) + Ms(t.Postgres, tickets);
        var row = Ms(i.Self, inserts) + Ms(i.Postgres, inserts);
        var ceiling = Environment.ProcessorCount * 1000 / ticket;
        return string.Create(CultureInfo.InvariantCulture,
            $"a ticket took {Ms(t.Self, tickets):F1} ms of CPU in this process and {Ms(t.Postgres, tickets):F1} ms in PostgreSQL, a row {Ms(i.Self, inserts):F2} + {Ms(i.Postgres, inserts):F2} ms, so even with nothing serialised the {Environment.ProcessorCount} cores could carry about {ceiling:N0} tickets/s ({ceiling / inserts.PerSecond:P0} of the insert rate; an estimate from the CPU shares)");
    }

    private void RenderDecisions(Writer r)
    {
        r.Text("## 1. Dispatch decisions with 200 specialists and 20 skills");
        r.Text();
        r.Text("One caller, calls back to back after a warm-up. The first five rows run in five interleaved rounds, so that whatever else the machine does falls on all of them alike; the end-to-end dispatch runs after them. \"mean\" is a row's wall-clock time divided by its calls — the cost per call, garbage collection included — and the ratios divide by the raw grain call measured in the same rounds.");
        r.Text();
        r.Text("- **raw grain call**: `IPingGrain.Ping(int)` (a benchmark-only grain that returns its argument plus one) on the product's silo, called through the host's `IGrainFactory`: the floor of any grain call here.");
        r.Text("- **policy, prebuilt candidates**: `DispatchPolicy.Choose` over a ready list of 200 `Candidate`s (on-duty, skill and level filter, room for the weight, full ranking, reason text). Pure CPU, no grain.");
        r.Text("- **policy as the dispatcher makes it**: the same plus building the 200 `Candidate` records with the client-affinity lookup, as `DispatcherGrain.AssignAsync` does for every decision. Pure CPU, no grain: **the decision itself, the row the goal is about**.");
        r.Text("- **single-pass sketch**: a benchmark-only reference, not the product (`SinglePassSketch`): the same choice — checked against the policy for 4,096 tickets before the run — in one pass over the prebuilt candidates, keeping the best so far, with the same reason text minus the tie-break clause. What the decision's own work costs.");
        r.Text("- **policy inside a grain call**: `IDecisionGrain.Decide` (benchmark-only) makes the decision as the dispatcher does inside a grain call: a decision as a grain call, without persistence.");
        r.Text("- **`IDispatcherGrain.Dispatch`, end to end**: the product's dispatcher, for a ticket already opened on its grain and not yet dispatched: it reads the ticket (`ITicketGrain.Get`), decides, and assigns — `ITicketGrain.Assign` writes the ticket's state and projects it to `servicedesk.tickets`, then `ISpecialistGrain.RecordWork` writes the specialist's state and projects it (a transaction that also deletes and re-inserts the specialist's skill rows). **Four PostgreSQL commits (seven statements plus the projection transaction's `COMMIT`) inside the decision**: a decision plus its persistence, not a decision alone.");
        r.Text();
        r.Text("| operation, one caller | calls | p50 µs | p95 µs | p99 µs | per second | mean µs | mean / raw call | p50 / raw call | goal (mean) | |");
        r.Text("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        var floor = Ping.MeanMs;
        var floorP50 = Ping.Percentile(50);
        r.Line($"| raw grain call (baseline) | {Ping.Count:N0} | {Us(Ping.Percentile(50))} | {Us(Ping.Percentile(95))} | {Us(Ping.Percentile(99))} | {Ping.PerSecond:N0} | {Us(Ping.MeanMs)} | 1.0 | 1.0 |  |  |");
        string[] labels =
        [
            "policy, prebuilt candidates (pure)",
            "**policy as the dispatcher makes it (the pure decision)**",
            "single-pass sketch (reference, not the product)",
            "policy inside a grain call (no persistence)",
            "**`IDispatcherGrain.Dispatch` end to end (decision + persistence)**",
        ];
        for (var i = 0; i < Decisions.Count; i++)
        {
            var d = Decisions[i];
            var ratio = d.MeanMs / floor;
            var judged = i is 1 or 3 or 4; // the prebuilt list and the sketch are not how the product decides
            r.Line($"| {labels[i]} | {d.Count:N0} | {Us(d.Percentile(50))} | {Us(d.Percentile(95))} | {Us(d.Percentile(99))} | {d.PerSecond:N0} | {Us(d.MeanMs)} | {ratio:F1} | {d.Percentile(50) / floorP50:F1} | {(judged ? $"≤ {DecisionTarget:0}×" : "")} | {(judged ? Verdict(ratio <= DecisionTarget) : "")} |");
        }

        r.Text();
        r.Line($"CPU during the interleaved rounds: {Cpu(Ping.Cpu)}; during the end-to-end dispatches: {Cpu(Decisions[^1].Cpu)}.");
        r.Text();
        r.Line($"With 16 concurrent callers on **one** grain — every ticket of a queue meets the same dispatcher, which handles one call at a time — calls counted over the run; the ratio is the raw grain call's rate on one grain divided by the row's. For scale, the raw call on 16 grains (one per caller) ran at {PingManyGrains.PerSecond:N0} calls/s.");
        r.Text();
        r.Text("| operation, 16 callers, one grain | calls | p50 µs | p99 µs | per second | cost / raw grain call | CPU |");
        r.Text("|---|---:|---:|---:|---:|---:|---|");
        r.Line($"| raw grain call (baseline) | {PingConcurrent.Count:N0} | {Us(PingConcurrent.Percentile(50))} | {Us(PingConcurrent.Percentile(99))} | {PingConcurrent.PerSecond:N0} | 1.0 | {Cpu(PingConcurrent.Cpu)} |");
        string[] concurrentLabels = ["policy inside a grain call", "`IDispatcherGrain.Dispatch` end to end, the queue's dispatcher"];
        for (var i = 0; i < DecisionsConcurrent.Count; i++)
        {
            var d = DecisionsConcurrent[i];
            r.Line($"| {concurrentLabels[i]} | {d.Count:N0} | {Us(d.Percentile(50))} | {Us(d.Percentile(99))} | {d.PerSecond:N0} | {PingConcurrent.PerSecond / d.PerSecond:F1} | {Cpu(d.Cpu)} |");
        }

        r.Text();
        var b = DispatchBreakdown;
        var dispatch = b.Grain("IDispatcherGrain.Dispatch");
        var get = b.Grain("ITicketGrain.Get");
        var assign = b.Grain("ITicketGrain.Assign");
        var work = b.Grain("ISpecialistGrain.RecordWork");
        var decision = Decisions[1].MeanMs;
        r.Line($"**Where a dispatch's time goes** ({b.Operations} more dispatches, one caller, each grain call timed inside its grain by an incoming call filter; {b.Operations / b.Elapsed.TotalSeconds:N0} dispatches/s timed): `Dispatch` {dispatch.MeanMs:F2} ms = ticket read {get.MeanMs:F2} ms + `ITicketGrain.Assign` {assign.MeanMs:F2} ms (of which the specialist's `RecordWork` {work.MeanMs:F2} ms) + the dispatcher's own work {dispatch.MeanMs - get.MeanMs - assign.MeanMs:F2} ms, of which the decision (row 2) is about {decision:F3} ms. Persistence is {assign.MeanMs / dispatch.MeanMs:P0} of a dispatch, the decision {decision / dispatch.MeanMs:P1}.");
        r.Text();
        RenderStatements(r, b, "dispatch");
        if (DispatchUnassigned > 0)
        {
            r.Line($"**{DispatchUnassigned} dispatches assigned nobody**: the numbers above include waiting decisions.");
        }

        r.Text();
    }

    private void RenderTickets(Writer r)
    {
        r.Text("## 2. Tickets opened and assigned through the HTTP API on PostgreSQL");
        r.Text();
        r.Text("**Baseline — PostgreSQL's own single-row insert rate**, same database, same run: N concurrent Npgsql connections in this process, each looping a prepared one-row `INSERT` (autocommit: one commit per row) into a table shaped like `servicedesk.tickets`, for a fixed time after a 1 s warm-up. pgbench (PostgreSQL's own client, `-M prepared -j 2`, the same statement with `gen_random_uuid()`) repeats it outside .NET as a cross-check; its own CPU counts as \"other\".");
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
        r.Text("**Tickets**: `POST /api/tickets` on 127.0.0.1 as a user's request makes it — validation, the client's grain (`IClientGrain.Get`), the ticket opened on its grain (state written and projected), the queue's dispatcher deciding and assigning (the ticket's state and projection, then the specialist's), the ticket read back and returned as JSON: per ticket one grain-state read (the new ticket's activation), three grain-state writes, two ticket projections and one specialist projection transaction — ten statements, six commits. A ticket counts when the answer is 201 with `assigneeId` set; latency is the client's, from sending the request to having read the answer. Closed loop: N clients, each sending its next request when the last one answered, bounded by count and time; the best is the peak. Open loop: requests paced at half the peak rate whatever the answers (at most 200 outstanding), latency counted from the moment a request was due, so a backlog shows instead of hiding.");
        r.Text();
        r.Text("| run | clients / rate | tickets | seconds | tickets per second | p50 ms | p95 ms | p99 ms | / Npgsql inserts (same connections) | / pgbench | goal | | CPU |");
        r.Text("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|");
        var peak = Peak;
        foreach (var closed in Closed)
        {
            var insert = Inserts.FirstOrDefault(i => i.Concurrency == closed.Concurrency);
            var share = insert is null ? double.NaN : closed.PerSecond / insert.PerSecond;
            var isPeak = ReferenceEquals(closed, peak);
            var pgbench = Pgbench.TryGetValue(closed.Concurrency, out var pg) ? (closed.PerSecond / pg.Tps).ToString("P1", CultureInfo.InvariantCulture) : "";
            r.Line($"| closed loop{(isPeak ? " (peak)" : "")} | {closed.Concurrency} clients | {closed.Count:N0} | {closed.Elapsed.TotalSeconds:F1} | {closed.PerSecond:N1} | {closed.Percentile(50):F1} | {closed.Percentile(95):F1} | {closed.Percentile(99):F1} | {share:P1} | {pgbench} | {(isPeak ? $"≥ {IntakeTarget:P0}" : "")} | {(isPeak ? Verdict(share >= IntakeTarget) : "")} | {Cpu(closed.Cpu)} |");
        }

        r.Line($"| open loop at half the peak | {OpenRate:F1}/s | {Open.Count:N0} | {Open.Elapsed.TotalSeconds:F1} | {Open.PerSecond:N1} | {Open.Percentile(50):F1} | {Open.Percentile(95):F1} | {Open.Percentile(99):F1} |  |  | p99 < {P99Target:0} ms | {Verdict(Open.Percentile(99) < P99Target && OpenLate == 0)} | {Cpu(Open.Cpu)} |");
        r.Text();
        r.Line($"Requests refused or failed: {HttpFailed}; created but not assigned: {HttpUnassigned}; open-loop requests not sent because 200 were outstanding: {OpenLate}.{(HttpFirstFailure is { } f ? $" First failure: `{f.ReplaceLineEndings(" ")[..Math.Min(f.Length, 300)]}`." : "")}");
        r.Text();
        RenderHttpBreakdown(r);
    }

    private void RenderHttpBreakdown(Writer r)
    {
        var b = HttpBreakdown;
        var n = (double)b.Operations;
        r.Line($"**Where a ticket's time goes**: the peak's closed loop once more ({b.Http!.Concurrency} clients, {b.Operations} tickets, {b.Http.PerSecond:N1} tickets/s, p50 {b.Http.Percentile(50):F1} ms, CPU {Cpu(b.Http.Cpu)}), with every grain call timed inside its grain (waiting in front of a busy grain is not included; a call includes the calls it makes) and PostgreSQL's work counted from Npgsql's and Orleans' own metrics.");
        r.Text();
        r.Text("| grain method | calls per ticket | mean ms | busy share of the run |");
        r.Text("|---|---:|---:|---:|");
        foreach (var (method, (calls, mean)) in b.Grains.OrderByDescending(g => g.Value.Calls * g.Value.MeanMs))
        {
            r.Line($"| `{method}` | {calls / n:F2} | {mean:F2} | {calls * mean / b.Elapsed.TotalMilliseconds:P0} |");
        }

        r.Text();
        r.Text("| PostgreSQL work | per ticket | mean ms |");
        r.Text("|---|---:|---:|");
        foreach (var (instrument, (count, mean)) in b.Database ?? new Dictionary<string, (long, double)>())
        {
            var label = instrument switch
            {
                "db.client.operation.duration" => "Npgsql statements (all: grain state, projections, reads)",
                "orleans-storage-write-latency" => "grain state writes (Orleans ADO.NET storage)",
                "orleans-storage-read-latency" => "grain state reads (activations)",
                _ => instrument,
            };
            r.Line($"| {label} | {count / n:F2} | {mean:F2} |");
        }

        r.Text();
        RenderStatements(r, b, "ticket");
        var dispatch = b.Grain("IDispatcherGrain.Dispatch");
        r.Line($"The queue's one dispatcher grain was running a `Dispatch` {b.Busy("IDispatcherGrain.Dispatch"):P0} of the time, {dispatch.MeanMs:F2} ms each. A grain handles one call at a time, so at that cost it admits at most {1000 / dispatch.MeanMs:N0} tickets/s whatever the rest of the machine could do, and every ticket's assignment waits for the ones in front of it.");
        r.Text();
    }

    /// <summary>The SQL statements of a breakdown pass, per operation, the costliest first.</summary>
    private static void RenderStatements(Writer r, Breakdown b, string per)
    {
        if (b.Statements.Count == 0)
        {
            return;
        }

        r.Line($"| SQL statement (from Npgsql's traces; the projection transaction's COMMIT is not traced) | per {per} | mean ms | ms per {per} |");
        r.Text("|---|---:|---:|---:|");
        foreach (var (statement, (count, mean)) in b.Statements.OrderByDescending(s => s.Value.Count * s.Value.MeanMs))
        {
            r.Line($"| {statement} | {count / (double)b.Operations:F2} | {mean:F2} | {count * mean / b.Operations:F2} |");
        }

        r.Text();
    }

    private void RenderCommitWait(Writer r)
    {
        if (NoWaitDispatch is null || NoWaitInsert is null || NoWaitClosed is null)
        {
            return;
        }

        r.Text("## Diagnostic: the same without waiting for the disk (not the product's configuration)");
        r.Text();
        r.Text("Right after the runs above the benchmark's database was set to `synchronous_commit=off` (a commit returns before its WAL reaches the disk; a crash may lose the last moments of work, nothing is corrupted), the connection pools emptied, and the end-to-end dispatch, the insert baseline and the peak's closed loop measured again; then the setting was reset. It separates waiting for the disk from the rest of the work. It ran last, with the most tickets open (the specialists' states at their largest), so a number slower here than above comes from that growth (or noise), not from the setting.");
        r.Text();
        r.Text("| measurement | synchronous_commit=on (above) | off | CPU (off) |");
        r.Text("|---|---:|---:|---|");
        var dispatchOn = Decisions[^1];
        var peak = Peak;
        var insertOn = Inserts.First(i => i.Concurrency == NoWaitInsert.Concurrency);
        r.Line($"| `IDispatcherGrain.Dispatch` end to end, one caller: p50 ms | {dispatchOn.Percentile(50):F2} | {NoWaitDispatch.Percentile(50):F2} | {Cpu(NoWaitDispatch.Cpu)} |");
        r.Line($"| … dispatches per second | {dispatchOn.PerSecond:N0} | {NoWaitDispatch.PerSecond:N0} |  |");
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
