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

    public required ServiceDeskSettings Settings { get; init; }
    public required ServerFacts Server { get; init; }
    public TimeSpan Seeding { get; set; }
    public TimeSpan Total { get; set; }

    public Samples Ping { get; set; } = null!;
    public Samples PingConcurrent { get; set; } = null!;
    public Samples PingManyGrains { get; set; } = null!;
    public List<Samples> Decisions { get; } = [];
    public List<Samples> DecisionsConcurrent { get; } = [];
    public Breakdown DispatchBreakdown { get; set; } = null!;
    public int DispatchUnassigned { get; set; }

    public List<Samples> Inserts { get; } = [];
    public Dictionary<int, (double Tps, double MeanLatencyMs)> Pgbench { get; } = [];
    public List<Samples> Closed { get; } = [];
    public Samples Open { get; set; } = null!;
    public int OpenLate { get; set; }
    public double OpenRate { get; set; }
    public Breakdown HttpBreakdown { get; set; } = null!;
    public int HttpFailed { get; set; }
    public int HttpUnassigned { get; set; }
    public string? HttpFirstFailure { get; set; }
    public (int Load, int Capacity, int OverCapacity) FinalLoad { get; set; }
    public int TicketsOpened { get; set; }

    private static string Us(double milliseconds) => (milliseconds * 1000).ToString(milliseconds < 0.1 ? "F1" : "F0", CultureInfo.InvariantCulture);

    private static string Verdict(bool met) => met ? "met" : "**missed**";

    public string Render()
    {
        var r = new StringBuilder();
        void Line(FormattableString text) => r.AppendLine(text.ToString(CultureInfo.InvariantCulture));
        void Text(string text = "") => r.AppendLine(text);

        Text("# Service desk: dispatch decisions and ticket intake");
        Text();
        Line($"Run {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC by `benchmarks/run.sh service-desk` on {Environment.ProcessorCount} cores ({Server.Cpu}, {Server.Memory}), .NET {Environment.Version} (server GC, Release), Orleans 10.4.2, PostgreSQL {Server.Version} on the same machine (synchronous_commit={Server.SynchronousCommit}, fsync={Server.Fsync}, shared_buffers={Server.SharedBuffers}, max_connections={Server.MaxConnections}: the server as `scripts/postgres.sh` starts it, nothing tuned). Whole run {Total.TotalSeconds:F0} s.");
        Text();
        Line($"The product runs as itself inside the benchmark's process: its `Program` through `WebApplicationFactory`, on Kestrel at 127.0.0.1, one Orleans silo, server mode (`Crm:Database:Provider=PostgreSQL`) on a fresh database with `Maximum Pool Size=40`, `Crm:Demo:Seed=false`, log level Warning. Through the API it got 200 specialists (6 of 20 skill codes each at levels 1–5, capacity 100 — the most the API accepts, not 1,000) and 5 clients ({Seeding.TotalSeconds:F1} s). The load generator, the host and PostgreSQL share the {Environment.ProcessorCount} cores. Tickets: any of the 20 skills, minimum level 1–3, Low 55% / Normal 35% / High 7% / Critical 3%; the run opened {TicketsOpened:N0} tickets, which left the specialists at {FinalLoad.Load:N0} of {FinalLoad.Capacity:N0} capacity ({FinalLoad.OverCapacity} over capacity), so no ticket had to wait for room.");
        Text();
        RenderDecisions(r, Line, Text);
        RenderTickets(r, Line, Text);
        return r.ToString();
    }

    private void RenderDecisions(StringBuilder r, Action<FormattableString> Line, Action<string> Text)
    {
        Text("## 1. Dispatch decisions with 200 specialists and 20 skills");
        Text("");
        Text("Each row, one caller, calls back to back after a warm-up; \"mean\" is the run's wall-clock time divided by its calls (the cost when calls follow each other), and the ratio divides it by the raw grain call's mean measured a moment before in the same process.");
        Text("");
        Text("- **raw grain call**: `IPingGrain.Ping(int)` (a benchmark-only grain that returns its argument plus one) on the product's silo, called through the host's `IGrainFactory`: the floor of any grain call here.");
        Text("- **policy, prebuilt candidates**: `DispatchPolicy.Choose` over a ready list of 200 `Candidate`s (on-duty, skill and level filter, room for the weight, full ranking, reason text). Pure CPU, no grain.");
        Text("- **policy as the dispatcher makes it**: the same plus building the 200 `Candidate` records with the client-affinity lookup, as `DispatcherGrain.AssignAsync` does for every decision. Pure CPU, no grain: the decision itself.");
        Text("- **policy inside a grain call**: `IDecisionGrain.Decide` (benchmark-only) runs the previous row inside a grain call: a decision as a grain call, without persistence.");
        Text("- **`IDispatcherGrain.Dispatch`, end to end**: the product's dispatcher for a ticket already opened (on its grain, not dispatched): it reads the ticket (`ITicketGrain.Get`), decides, and assigns — `ITicketGrain.Assign` writes the ticket's state and projects it to `servicedesk.tickets`, then `ISpecialistGrain.RecordWork` writes the specialist's state and projects it: **four PostgreSQL commits** inside the decision. This is not a decision alone; it is a decision plus its persistence.");
        Text("");
        Text("| operation | calls | p50 µs | p95 µs | p99 µs | per second | mean µs | mean / raw grain call | target | |");
        Text("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        var floor = Ping.MeanMs;
        Line($"| raw grain call (baseline) | {Ping.Count:N0} | {Us(Ping.Percentile(50))} | {Us(Ping.Percentile(95))} | {Us(Ping.Percentile(99))} | {Ping.PerSecond:N0} | {Us(Ping.MeanMs)} | 1.0 |  |  |");
        string[] labels =
        [
            "policy, prebuilt candidates (pure)",
            "**policy as the dispatcher makes it (pure decision)**",
            "policy inside a grain call (no persistence)",
            "**`IDispatcherGrain.Dispatch` end to end (decision + 4 commits)**",
        ];
        for (var i = 0; i < Decisions.Count; i++)
        {
            var d = Decisions[i];
            var ratio = d.MeanMs / floor;
            Line($"| {labels[i]} | {d.Count:N0} | {Us(d.Percentile(50))} | {Us(d.Percentile(95))} | {Us(d.Percentile(99))} | {d.PerSecond:N0} | {Us(d.MeanMs)} | {ratio:F2} | ≤ {DecisionTarget:0}× | {Verdict(ratio <= DecisionTarget)} |");
        }

        Text("");
        Line($"With 16 concurrent callers on **one** grain (every ticket of a queue meets the same dispatcher, which handles one call at a time), calls counted over the run. The ratio is the raw grain call's rate on one grain divided by the row's rate. Ping on 16 grains (one per caller) shows the silo's raw call capacity here: {PingManyGrains.PerSecond:N0} calls/s.");
        Text("");
        Text("| operation, 16 callers | calls | p50 µs | p99 µs | per second | cost / raw grain call |");
        Text("|---|---:|---:|---:|---:|---:|");
        Line($"| raw grain call, one grain (baseline) | {PingConcurrent.Count:N0} | {Us(PingConcurrent.Percentile(50))} | {Us(PingConcurrent.Percentile(99))} | {PingConcurrent.PerSecond:N0} | 1.0 |");
        string[] concurrentLabels = ["policy inside a grain call, one grain", "`IDispatcherGrain.Dispatch` end to end, the queue's one dispatcher"];
        for (var i = 0; i < DecisionsConcurrent.Count; i++)
        {
            var d = DecisionsConcurrent[i];
            Line($"| {concurrentLabels[i]} | {d.Count:N0} | {Us(d.Percentile(50))} | {Us(d.Percentile(99))} | {d.PerSecond:N0} | {PingConcurrent.PerSecond / d.PerSecond:F1} |");
        }

        Text("");
        var b = DispatchBreakdown;
        var dispatch = b.Grain("IDispatcherGrain.Dispatch");
        var get = b.Grain("ITicketGrain.Get");
        var assign = b.Grain("ITicketGrain.Assign");
        var work = b.Grain("ISpecialistGrain.RecordWork");
        var pure = Decisions[1].MeanMs;
        Line($"Where a dispatch's time goes ({b.Operations} more dispatches, one caller, each grain call timed inside its grain by an incoming call filter): `Dispatch` {dispatch.MeanMs:F2} ms = ticket read {get.MeanMs:F2} ms + `ITicketGrain.Assign` {assign.MeanMs:F2} ms (of which `ISpecialistGrain.RecordWork` {work.MeanMs:F2} ms) + the rest {dispatch.MeanMs - get.MeanMs - assign.MeanMs:F2} ms, of which the decision itself (row 2) is about {pure:F3} ms. Persistence is {(assign.MeanMs / dispatch.MeanMs):P0} of a dispatch; the decision {(pure / dispatch.MeanMs):P1}.");
        if (DispatchUnassigned > 0)
        {
            Line($"**{DispatchUnassigned} dispatches assigned nobody**: the numbers above include waiting decisions.");
        }

        Text("");
    }

    private void RenderTickets(StringBuilder r, Action<FormattableString> Line, Action<string> Text)
    {
        Text("## 2. Tickets opened and assigned through the HTTP API on PostgreSQL");
        Text("");
        Text("**Baseline — PostgreSQL's own single-row insert rate**, same database, same run: N concurrent Npgsql connections in this process, each looping a prepared one-row `INSERT` (autocommit, so one commit per row) into a table shaped like `servicedesk.tickets`, for a fixed time after a 1 s warm-up. pgbench (PostgreSQL's own client, `-M prepared`, the same statement with `gen_random_uuid()`) repeats it outside .NET as a cross-check.");
        Text("");
        Text("| baseline | connections | rows | seconds | rows per second | p50 ms | p95 ms | p99 ms |");
        Text("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var insert in Inserts)
        {
            Line($"| Npgsql single-row INSERT | {insert.Concurrency} | {insert.Count:N0} | {insert.Elapsed.TotalSeconds:F1} | {insert.PerSecond:N0} | {insert.Percentile(50):F2} | {insert.Percentile(95):F2} | {insert.Percentile(99):F2} |");
            if (Pgbench.TryGetValue(insert.Concurrency, out var pg))
            {
                Line($"| pgbench, same INSERT | {insert.Concurrency} |  | {Settings.BaselineDuration.TotalSeconds:F0} | {pg.Tps:N0} | mean {pg.MeanLatencyMs:F2} |  |  |");
            }
        }

        Text("");
        Text("**Tickets**: `POST /api/tickets` on 127.0.0.1, as a user's request makes it: validation, the client's grain (`IClientGrain.Get`), the ticket opened on its grain (state written and projected), the queue's dispatcher deciding and assigning (state and projection of the ticket, then of the specialist), the ticket read back and returned as JSON. A ticket counts when the answer is 201 with `assigneeId` set; the latency is the client's, request sent to answer read. Closed loop: N clients, each sending its next request when the last one answered, bounded by count and time; the best of them is the peak. Open loop: requests paced at half the peak rate whatever the answers, latency counted from the moment a request was due (so a backlog shows instead of hiding).");
        Text("");
        Text("| run | clients / rate | tickets | seconds | tickets per second | p50 ms | p95 ms | p99 ms | / insert rate (same connections) | target | |");
        Text("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        var peak = Closed.MaxBy(c => c.PerSecond)!;
        foreach (var closed in Closed)
        {
            var insert = Inserts.FirstOrDefault(i => i.Concurrency == closed.Concurrency);
            var share = insert is null ? double.NaN : closed.PerSecond / insert.PerSecond;
            var isPeak = ReferenceEquals(closed, peak);
            Line($"| closed loop{(isPeak ? " (peak)" : "")} | {closed.Concurrency} clients | {closed.Count:N0} | {closed.Elapsed.TotalSeconds:F1} | {closed.PerSecond:N1} | {closed.Percentile(50):F1} | {closed.Percentile(95):F1} | {closed.Percentile(99):F1} | {share:P1} | {(isPeak ? $"≥ {IntakeTarget:P0}" : "")} | {(isPeak ? Verdict(share >= IntakeTarget) : "")} |");
        }

        Line($"| open loop at half the peak | {OpenRate:F1}/s | {Open.Count:N0} | {Open.Elapsed.TotalSeconds:F1} | {Open.PerSecond:N1} | {Open.Percentile(50):F1} | {Open.Percentile(95):F1} | {Open.Percentile(99):F1} |  | p99 < {P99Target:0} ms | {Verdict(Open.Percentile(99) < P99Target && OpenLate == 0)} |");
        Text("");
        Line($"Requests refused or failed: {HttpFailed}; created but not assigned: {HttpUnassigned}; open-loop requests not sent because 200 were already outstanding: {OpenLate}.{(HttpFirstFailure is { } f ? $" First failure: `{f.ReplaceLineEndings(" ")[..Math.Min(f.Length, 300)]}`." : "")}");
        Text("");
        RenderHttpBreakdown(Line, Text);
    }

    private void RenderHttpBreakdown(Action<FormattableString> Line, Action<string> Text)
    {
        var b = HttpBreakdown;
        var n = (double)b.Operations;
        Line($"**Where a ticket's time goes**: the peak's closed loop once more ({b.Http!.Concurrency} clients, {b.Operations} tickets, {b.Http.PerSecond:N1} tickets/s, p50 {b.Http.Percentile(50):F1} ms), with every grain call timed inside its grain (queueing in front of a busy grain is not included; a call includes the calls it makes) and PostgreSQL's work counted from Npgsql's and Orleans' metrics.");
        Text("");
        Text("| grain method | calls per ticket | mean ms | busy share of the run |");
        Text("|---|---:|---:|---:|");
        foreach (var (method, (calls, mean)) in b.Grains.OrderByDescending(g => g.Value.Calls * g.Value.MeanMs))
        {
            Line($"| `{method}` | {calls / n:F2} | {mean:F2} | {calls * mean / b.Elapsed.TotalMilliseconds:P0} |");
        }

        Text("");
        Text("| PostgreSQL work | per ticket | mean ms |");
        Text("|---|---:|---:|");
        foreach (var (instrument, (count, mean)) in b.Database ?? new Dictionary<string, (long, double)>())
        {
            var label = instrument switch
            {
                "db.client.operation.duration" => "Npgsql commands (all: grain state, projections, reads)",
                "orleans-storage-write-latency" => "grain state writes (Orleans ADO.NET storage)",
                "orleans-storage-read-latency" => "grain state reads (activations)",
                _ => instrument,
            };
            Line($"| {label} | {count / n:F2} | {mean:F2} |");
        }

        Text("");
        var dispatchBusy = b.Busy("IDispatcherGrain.Dispatch");
        var dispatch = b.Grain("IDispatcherGrain.Dispatch");
        Line($"The queue's one dispatcher grain was running a `Dispatch` {dispatchBusy:P0} of the time, {dispatch.MeanMs:F2} ms each; a grain handles one call at a time, so it admits at most {1000 / dispatch.MeanMs:N0} tickets/s whatever the hardware does beside it, and every ticket's assignment waits for the ones in front of it.");
    }
}
