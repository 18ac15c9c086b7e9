using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OrleansCrm.BuildingBlocks.Security;
using OrleansCrm.ServiceDesk.Contracts;
using OrleansCrm.ServiceDesk.Dispatching;
using OrleansCrm.Staff.Contracts;

namespace OrleansCrm.Benchmarks.ServiceDesk;

/// <summary>
/// The service desk, in one run on one machine: (1) the product's dispatch decision — <see cref="IDispatcherGrain.Place"/>
/// on a real dispatcher that knows the 200 seeded specialists — against a raw grain call on the same silo, with the pure
/// policy as a CPU-only reference; (2) tickets opened and assigned through the HTTP API on PostgreSQL, closed loop for
/// the peak rate and open loop at half of it, against PostgreSQL's own single-row insert rate at the same concurrency,
/// with where a ticket's time goes. The product runs as itself: its Program on Kestrel, in server mode on a fresh
/// PostgreSQL database, no demo data.
/// </summary>
public static class ServiceDeskBenchmark
{
    /// <summary>The benchmark's own database; a build slot (CRM_BUILD_SLOT) gets its own, so that two checkouts can run side by side.</summary>
    public static readonly string DatabaseName = Environment.GetEnvironmentVariable("CRM_BUILD_SLOT") is { Length: > 0 } slot
        ? $"crm_bench_servicedesk_{slot.Replace('-', '_')}"
        : "crm_bench_servicedesk";

    /// <summary>Share of the specialists' total capacity the benchmark's tickets may fill: nobody must wait for capacity.</summary>
    private const double CapacityBudget = 0.8;

    public static async Task RunAsync(BenchmarkOptions options, string[] args)
    {
        var settings = ServiceDeskSettings.Parse(args);
        var total = Stopwatch.StartNew();
        var connectionString = await CreateDatabaseAsync(options.ConnectionString);
        var report = new ServiceDeskReport { Settings = settings, Server = await ServerFacts.ReadAsync(connectionString) };
        (report.Before, report.WaitedForQuiet) = await WaitForQuietAsync(settings.WaitQuiet);
        try
        {
            using var metrics = new DatabaseMetrics();
            await using var host = new ProductHost(connectionString);
            Console.WriteLine("Starting the product host (PostgreSQL server mode)…");
            var api = host.Start();
            Console.WriteLine($"API on {api}");

            using var http = new HttpClient { BaseAddress = api, Timeout = TimeSpan.FromSeconds(30) };
            // One operator does everything, as a dispatcher at the desk would: opens clients, specialists and tickets.
            var token = await BenchmarkUsers.TokenForNewUserAsync(http, "bench-operator", CrmRoles.Director, CrmRoles.Dispatcher);
            http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            var seeding = Stopwatch.StartNew();
            var clients = await SeedClientsAsync(http);
            var specialists = await SeedSpecialistsAsync(http, new DispatchScenario(seed: 23));
            await WaitForRosterAsync(host.Grains, specialists.Count);
            report.Seeding = seeding.Elapsed;
            Console.WriteLine($"Seeded {clients.Count} clients and {specialists.Count} specialists in {seeding.Elapsed.TotalSeconds:F1} s");

            // Keep the benchmark's tickets well inside the specialists' capacity so that every one is assigned.
            var budget = new TicketBudget((int)(CapacityBudget * DispatchScenario.SpecialistCount * DispatchScenario.Capacity / MeanWeight()));

            if (settings.Runs("decisions"))
            {
                await MeasureDecisionsAsync(host, clients, specialists, report);
            }

            if (settings.Runs("tickets"))
            {
                await MeasureTicketsAsync(host, api, token, clients, connectionString, settings, budget, metrics, report);
                if (settings.SoakRounds > 0)
                {
                    return; // profiling only: nothing to report
                }

                await MeasureWithoutCommitWaitAsync(api, token, clients, connectionString, settings, budget, report);
            }

            if (settings.Only is not null)
            {
                Console.WriteLine($"Only part '{settings.Only}' ran: {Path.Combine(options.ResultsFolder, "service-desk.md")} is left as it was.");
                return;
            }

            report.FinalLoad = await TotalLoadAsync(host.Grains, specialists);
            report.TicketsOpened = budget.Used;
        }
        finally
        {
            if (!settings.Keep)
            {
                await PostgresDatabase.DropAsync(options.ConnectionString, connectionString);
            }
        }

        report.Total = total.Elapsed;
        Directory.CreateDirectory(options.ResultsFolder);
        var path = Path.Combine(options.ResultsFolder, "service-desk.md");
        await File.WriteAllTextAsync(path, report.Render());
        Console.WriteLine($"Wrote {path} ({total.Elapsed.TotalSeconds:F0} s in all)");
    }

    /// <summary>
    /// What the machine does without the benchmark (other jobs show here), sampled over 3 s; while more than 10% of the
    /// cores are busy, waits and samples again, up to <paramref name="patience"/>.
    /// </summary>
    internal static async Task<(CpuUse? Before, TimeSpan Waited)> WaitForQuietAsync(TimeSpan patience)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var start = CpuUse.Take();
            await Task.Delay(TimeSpan.FromSeconds(3));
            var before = CpuUse.Since(start);
            Console.WriteLine($"The cores are {before?.ToString() ?? "(unknown)"} busy (this process / PostgreSQL / other)");
            if (before is null || before.Busy <= 0.10 || waited.Elapsed >= patience)
            {
                return (before, waited.Elapsed);
            }
        }
    }

    private static double MeanWeight()
    {
        var random = new Random(1);
        return Enumerable.Range(0, 100_000).Average(_ => DispatchScenario.Ticket(random).Weight);
    }

    // ---------------------------------------------------------------------------------------------- part 1

    /// <summary>The queue whose dispatcher the decision rows use, so that the support queue's view is not disturbed.</summary>
    public const string DecisionQueue = "bench-decisions";

    /// <summary>Calls per timed block of the decision rows; between blocks the placed tickets are withdrawn, untimed.</summary>
    private const int Block = 100;

    private static readonly TimeSpan MaxJitWarmUp = TimeSpan.FromSeconds(120);

    private static async Task MeasureDecisionsAsync(ProductHost host, IReadOnlyList<Guid> clients, IReadOnlyList<Guid> specialists, ServiceDeskReport report)
    {
        Console.WriteLine("Part 1: dispatch decisions");
        var grains = host.Grains;
        var scenario = new DispatchScenario(seed: 11);
        // Per client and skill: all 200 candidates, and only those with the skill (as the dispatcher's index narrows them).
        var prebuilt = Enumerable.Range(0, DispatchScenario.Clients)
            .Select(c => DispatchScenario.SkillCodes.ToDictionary(k => k, k => scenario.Candidates(c, k).ToArray())).ToArray();
        var bySkill = prebuilt.Select(all => all.ToDictionary(k => k.Key, k => k.Value.Where(c => c.Level > 0).ToArray())).ToArray();
        var ping = grains.GetGrain<IPingGrain>(0);
        var dispatcher = grains.GetGrain<IDispatcherGrain>(DecisionQueue);
        await FillRosterAsync(dispatcher, specialists);
        var placer = new Placer(dispatcher, clients, scenario);

        Choice Prebuilt(int i)
        {
            var (need, client) = scenario.Requirement(i);
            return DispatchPolicy.Choose(need, prebuilt[client][need.Skill]);
        }

        Choice PrebuiltWithSkill(int i)
        {
            var (need, client) = scenario.Requirement(i);
            return DispatchPolicy.Choose(need, bySkill[client][need.Skill]);
        }

        var pingRow = new Samples("raw grain call: IPingGrain.Ping");
        var placeRow = new Samples("IDispatcherGrain.Place: the product's decision");
        var pureRows = new[]
        {
            new Samples("DispatchPolicy.Choose, 200 prebuilt candidates"),
            new Samples("DispatchPolicy.Choose, the prebuilt candidates with the ticket's skill"),
        };
        Func<int, Choice>[] pure = [Prebuilt, PrebuiltWithSkill];

        // Warm-up (JIT tiers, caches), then rounds that interleave the rows block by block, so that whatever else the
        // machine does (GC, the silo's own timers, PostgreSQL's background work) falls on all of them alike.
        for (var i = 0; i < 20; i++)
        {
            await TimedBlockAsync(new Samples("warm-up"), Block, j => ping.Ping(j));
            await placer.BlockAsync(new Samples("warm-up"), Block);
        }

        foreach (var choose in pure)
        {
            Pure(new Samples("warm-up"), 20_000, choose);
        }

        // Tiered compilation recompiles hot methods optimized in the background, behind everything the start and the
        // seeding ran (HTTP, EF Core, Npgsql, JWT…); on 2 cores that takes tens of seconds, and until then the decision's
        // and the grain call's code run unoptimized: the rows would measure the JIT's progress. So the warm-up goes on
        // until a second of calls compiled no method.
        var warming = Stopwatch.StartNew();
        while (warming.Elapsed < MaxJitWarmUp)
        {
            var compiled = JitInfo.GetCompiledMethodCount();
            var pass = Stopwatch.StartNew();
            while (pass.Elapsed < TimeSpan.FromSeconds(1))
            {
                await TimedBlockAsync(new Samples("warm-up"), Block, j => ping.Ping(j));
                await placer.BlockAsync(new Samples("warm-up"), Block);
                foreach (var choose in pure)
                {
                    Pure(new Samples("warm-up"), Block, choose);
                }
            }

            if (JitInfo.GetCompiledMethodCount() == compiled)
            {
                break;
            }
        }

        report.JitWarmUp = warming.Elapsed;
        Console.WriteLine($"  warm-up until the JIT was done: {warming.Elapsed.TotalSeconds:F0} s{(warming.Elapsed >= MaxJitWarmUp ? " (gave up waiting)" : "")}");

        var cpu = CpuUse.Take();
        for (var round = 0; round < 5; round++)
        {
            for (var block = 0; block < 6_000 / Block; block++)
            {
                await TimedBlockAsync(pingRow, Block, i => ping.Ping(i));
                await placer.BlockAsync(placeRow, Block);
            }

            for (var row = 0; row < pure.Length; row++)
            {
                Pure(pureRows[row], 10_000, pure[row]);
            }
        }

        pingRow.Cpu = placeRow.Cpu = CpuUse.Since(cpu);
        foreach (var row in pureRows)
        {
            row.Cpu = pingRow.Cpu;
        }

        report.Ping = pingRow;
        report.Place = placeRow;
        report.PureDecisions.AddRange(pureRows);

        // The same two calls timed inside their grains (the incoming call filter): what the grain's turn costs, the rest
        // of a call being the messaging both share. The filter adds its own cost to both.
        host.Timings.Reset();
        host.Timings.Enabled = true;
        for (var block = 0; block < 50; block++)
        {
            await TimedBlockAsync(new Samples("timed"), Block, i => ping.Ping(i));
            await placer.BlockAsync(new Samples("timed"), Block);
        }

        host.Timings.Enabled = false;
        report.InsideGrains = host.Timings.Snapshot();

        // Concurrent callers on ONE grain, as every ticket of a queue meets one dispatcher.
        const int callers = 16, perCaller = Block, blocks = 40;
        var pingOne = grains.GetGrain<IPingGrain>(1);
        await ConcurrentBlocksAsync(new Samples("warm-up"), callers, perCaller, 2, (_, i) => pingOne.Ping(i), null);
        await placer.ConcurrentBlocksAsync(new Samples("warm-up"), callers, perCaller, 2);
        report.PingConcurrent = await ConcurrentBlocksAsync(new Samples("raw grain call: IPingGrain.Ping, one grain") { Concurrency = callers }, callers, perCaller, blocks,
            (_, i) => pingOne.Ping(i), null);
        report.PlaceConcurrent = await placer.ConcurrentBlocksAsync(new Samples("IDispatcherGrain.Place, one dispatcher") { Concurrency = callers }, callers, perCaller, blocks);
        report.PingManyGrains = await ConcurrentBlocksAsync(new Samples("raw grain call: IPingGrain.Ping, 16 grains (one per caller)") { Concurrency = callers }, callers, perCaller, blocks,
            (caller, i) => grains.GetGrain<IPingGrain>(100 + caller).Ping(i), null);

        report.PlaceUnassigned = placer.Unassigned;
        report.PlaceLeftOver = await placer.LeftOverAsync();
        foreach (var samples in report.PureDecisions.Append(report.Ping).Append(report.Place).Append(report.PingConcurrent).Append(report.PlaceConcurrent).Append(report.PingManyGrains))
        {
            Console.WriteLine($"  {samples.Name,-75} p50 {samples.Percentile(50) * 1000,9:F1} µs  mean {samples.MeanMs * 1000,9:F1} µs  {samples.PerSecond,10:N0}/s");
        }

        foreach (var (grain, (calls, meanMs)) in report.InsideGrains.Where(g => g.Key is "IPingGrain.Ping" or "IDispatcherGrain.Place"))
        {
            Console.WriteLine($"  {"inside the grain: " + grain,-75} mean {meanMs * 1000,9:F1} µs over {calls:N0} calls");
        }
    }

    /// <summary>
    /// The decision queue's dispatcher learns the seeded specialists as the support queue's did (one-way
    /// <see cref="IDispatcherGrain.SpecialistChanged"/>, as Staff's notification makes it): wait until it knows all of them.
    /// </summary>
    private static async Task FillRosterAsync(IDispatcherGrain dispatcher, IReadOnlyList<Guid> specialists)
    {
        foreach (var id in specialists)
        {
            await dispatcher.SpecialistChanged(id);
        }

        var waited = Stopwatch.StartNew();
        while ((await dispatcher.Board()).Specialists.Count < specialists.Count)
        {
            if (waited.Elapsed > TimeSpan.FromSeconds(60))
            {
                throw new InvalidOperationException($"The {DecisionQueue} dispatcher did not learn of every specialist within 60 s.");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>
    /// Places tickets on the decision queue's dispatcher, timing each <see cref="IDispatcherGrain.Place"/>, and withdraws
    /// them after each block (one-way, untimed), then waits for the dispatcher to have processed the withdrawals (a
    /// <see cref="IDispatcherGrain.Board"/> call behind them) so that neither their cost nor the reservations reach the
    /// next block: the specialists' loads stay where they were, and every timed Place is a decision alone.
    /// </summary>
    private sealed class Placer(IDispatcherGrain dispatcher, IReadOnlyList<Guid> clients, DispatchScenario scenario)
    {
        private int _next;
        private int _unassigned;

        public int Unassigned => _unassigned;

        public async Task BlockAsync(Samples samples, int count)
        {
            var tickets = Tickets(count);
            var decisions = new Task<DispatchDecision>[count];
            await TimedBlockAsync(samples, count, i => decisions[i] = dispatcher.Place(tickets[i])); // the call's own task, as the raw call's row times it
            Count(decisions);
            await WithdrawAsync(tickets);
        }

        public async Task<Samples> ConcurrentBlocksAsync(Samples samples, int callers, int perCaller, int blocks)
        {
            var cpu = CpuUse.Take();
            for (var block = 0; block < blocks; block++)
            {
                var tickets = Tickets(callers * perCaller);
                var decisions = new Task<DispatchDecision>[tickets.Length];
                await ConcurrentBlockAsync(samples, callers, perCaller, (_, i) => decisions[i] = dispatcher.Place(tickets[i]));
                Count(decisions);
                await WithdrawAsync(tickets);
            }

            samples.Cpu = CpuUse.Since(cpu);
            return samples;
        }

        /// <summary>Tickets the dispatcher still shows after every withdrawal (waiting or assigned): 0 when the rows were clean.</summary>
        public async Task<int> LeftOverAsync()
        {
            var board = await dispatcher.Board();
            return board.Waiting.Count + board.Specialists.Sum(s => s.Tickets.Count);
        }

        private void Count(Task<DispatchDecision>[] decisions) => _unassigned += decisions.Count(d => d.Result.SpecialistId is null);

        private TicketToPlace[] Tickets(int count)
        {
            var now = DateTimeOffset.UtcNow;
            return [.. Enumerable.Range(0, count).Select(_ =>
            {
                var (need, client) = scenario.Requirement(_next++);
                return new TicketToPlace(Guid.CreateVersion7(), clients[client % clients.Count], "Не формується податкова накладна", need.Priority, need.Skill, need.MinLevel, now, now.AddDays(1));
            })];
        }

        private async Task WithdrawAsync(TicketToPlace[] tickets)
        {
            foreach (var ticket in tickets)
            {
                await dispatcher.Withdraw(ticket.Id, ticket.CreatedAt);
            }

            await dispatcher.Board();
        }
    }

    /// <summary>A synchronous operation timed call by call on this thread, added to <paramref name="samples"/>.</summary>
    private static void Pure(Samples samples, int count, Func<int, Choice> choose)
    {
        var chosen = 0;
        var run = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            var start = Stopwatch.GetTimestamp();
            chosen += choose(i).SpecialistId is null ? 0 : 1;
            samples.Add(start);
        }

        samples.Elapsed += run.Elapsed;
        if (chosen == 0)
        {
            throw new InvalidOperationException("The policy chose nobody: the scenario does not measure a decision.");
        }
    }

    /// <summary>Calls back to back on one caller, each timed; the block's wall-clock time is added to the row's.</summary>
    private static async Task TimedBlockAsync(Samples samples, int count, Func<int, Task> operation)
    {
        var run = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await operation(i);
            samples.Add(start);
        }

        samples.Elapsed += run.Elapsed;
    }

    /// <summary>Blocks of <paramref name="callers"/> × <paramref name="perCaller"/> calls; only the blocks are timed.</summary>
    private static async Task<Samples> ConcurrentBlocksAsync(Samples samples, int callers, int perCaller, int blocks, Func<int, int, Task> operation, Func<Task>? between)
    {
        var cpu = CpuUse.Take();
        for (var block = 0; block < blocks; block++)
        {
            await ConcurrentBlockAsync(samples, callers, perCaller, operation);
            if (between is not null)
            {
                await between();
            }
        }

        samples.Cpu = CpuUse.Since(cpu);
        return samples;
    }

    /// <summary>One block: each caller makes its <paramref name="perCaller"/> calls back to back; operation(caller, index in the block).</summary>
    private static async Task ConcurrentBlockAsync(Samples samples, int callers, int perCaller, Func<int, int, Task> operation)
    {
        var run = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, callers).Select(caller => Task.Run(async () =>
        {
            for (var j = 0; j < perCaller; j++)
            {
                var start = Stopwatch.GetTimestamp();
                await operation(caller, caller * perCaller + j);
                samples.Add(start);
            }
        })));
        samples.Elapsed += run.Elapsed;
    }

    // ---------------------------------------------------------------------------------------------- part 2

    private static async Task MeasureTicketsAsync(
        ProductHost host, Uri api, string token, IReadOnlyList<Guid> clients, string connectionString, ServiceDeskSettings settings, TicketBudget budget,
        DatabaseMetrics metrics, ServiceDeskReport report)
    {
        await InsertBaseline.CreateTableAsync(connectionString);
        Console.WriteLine("Part 2: tickets through the HTTP API, each closed loop right after PostgreSQL's single-row insert rate on as many connections");
        using var load = new TicketLoad(api, token, clients, seed: 9);
        async Task<Samples> Closed(string name, int concurrency, int tickets, TimeSpan duration, bool cancelAfter = false)
        {
            var granted = budget.Take(tickets);
            var sent = load.Sent;
            var samples = cancelAfter
                ? await load.ThenCancelAsync(concurrency, () => load.ClosedLoopAsync(name, concurrency, granted, duration))
                : await load.ClosedLoopAsync(name, concurrency, granted, duration);
            budget.GiveBack(granted, cancelAfter ? 0 : load.Sent - sent);
            return samples;
        }

        report.TicketWarmUp = await load.WarmUpAsync(settings.Concurrency.Max(), MaxJitWarmUp);
        Console.WriteLine($"  warm-up until the JIT was done: {report.TicketWarmUp.TotalSeconds:F0} s{(report.TicketWarmUp >= MaxJitWarmUp ? " (gave up waiting)" : "")}");
        if (settings.SoakRounds > 0)
        {
            await load.SoakAsync(settings.Concurrency.Max(), settings.SoakRounds, settings.Allocations);
            return;
        }

        report.Unloaded = await Closed("closed loop, 1 client", 1, 300, TimeSpan.FromSeconds(10));
        Console.WriteLine($"  {report.Unloaded.Name,-40} {report.Unloaded.PerSecond,8:N1}/s  p50 {report.Unloaded.Percentile(50):F1} ms  p99 {report.Unloaded.Percentile(99):F1} ms  {report.Unloaded.CpuPerSample}");
        foreach (var concurrency in settings.Concurrency)
        {
            // The baseline right before the tickets it is compared with: the machine's speed drifts over minutes.
            await MeasureInsertsAsync(connectionString, concurrency, settings, report);
            var closed = await Closed($"closed loop, {concurrency} clients", concurrency, ServiceDeskSettings.MaxTicketsPerPeakRun, settings.PeakDuration, cancelAfter: true);
            report.Closed.Add(closed);
            Console.WriteLine($"  {closed.Name,-40} {closed.PerSecond,8:N1}/s  p50 {closed.Percentile(50):F1} ms  p99 {closed.Percentile(99):F1} ms  {closed.CpuPerSample}");
        }

        var peak = report.Closed.MaxBy(c => c.PerSecond)!;
        var rate = peak.PerSecond / 2;
        // Paced requests take paths the closed loops do not (timers, idle workers woken): two untimed seconds of them
        // first, cancelled after, or the measured run compiled about 130 methods, some on a request's own thread.
        var warming = budget.Take((int)(rate * 2));
        await load.ThenCancelAsync(settings.Concurrency.Max(), () => load.OpenLoopAsync("open-loop warm-up", rate, warming, maxInFlight: 200));
        budget.GiveBack(warming, 0);
        var count = budget.Take((int)Math.Min(rate * settings.OpenDuration.TotalSeconds, ServiceDeskSettings.MaxTicketsOpenRun));
        var compiled = JitInfo.GetCompiledMethodCount();
        (report.Open, report.OpenLate) = await load.OpenLoopAsync($"open loop at {rate:F0}/s", rate, count, maxInFlight: 200);
        report.OpenRate = rate;
        Console.WriteLine($"  {report.Open.Name,-40} {report.Open.PerSecond,8:N1}/s  p50 {report.Open.Percentile(50):F1} ms  p99 {report.Open.Percentile(99):F1} ms  late {report.OpenLate}  {report.Open.CpuPerSample}; JIT compiled {JitInfo.GetCompiledMethodCount() - compiled} methods");

        // Where the time goes: the same closed loop again with the grain-call timer and the database counters on.
        // PostgreSQL's own counters (transactions committed, rows written) are read around it.
        var concurrencyOfPeak = peak.Concurrency;
        var before = await DatabaseCounters.ReadAsync(connectionString);
        var sentBefore = load.Sent;
        host.Timings.Reset();
        metrics.Reset();
        host.Timings.Enabled = metrics.Enabled = true;
        var diagnosed = await Closed("breakdown", concurrencyOfPeak, 600, TimeSpan.FromSeconds(10));
        host.Timings.Enabled = metrics.Enabled = false;
        var counted = await DatabaseCounters.ReadAsync(connectionString) - before;
        report.HttpBreakdown = new Breakdown(diagnosed.Count, diagnosed.Elapsed, host.Timings.Snapshot(), metrics.Snapshot())
        {
            Http = diagnosed,
            Statements = metrics.Statements(),
            Counters = counted,
            Requests = load.Sent - sentBefore,
        };
        report.HttpFailed = load.Failed;
        report.TicketsCancelled = load.Cancelled;
        report.BatchesRetried = host.Services.GetRequiredService<OrleansCrm.BuildingBlocks.Persistence.GroupCommitWriter>().BatchesRetried;
        report.HttpUnassigned = load.Unassigned;
        report.HttpFirstFailure = load.FirstFailure;
    }

    /// <summary>
    /// Diagnostic, not the product's configuration: the insert baseline and the peak's closed loop again with
    /// synchronous_commit=off for the benchmark's database (commits no longer wait for the WAL to reach the disk), to
    /// show how much of the time above is waiting for commits. Restored afterwards.
    /// </summary>
    /// <summary>PostgreSQL's single-row insert rate on <paramref name="connections"/> connections, and pgbench's.</summary>
    private static async Task MeasureInsertsAsync(string connectionString, int connections, ServiceDeskSettings settings, ServiceDeskReport report)
    {
        await InsertBaseline.RunAsync(connectionString, connections, TimeSpan.FromSeconds(1), 100_000); // warm-up
        var inserts = await InsertBaseline.RunAsync(connectionString, connections, settings.BaselineDuration, 1_000_000);
        report.Inserts.Add(inserts);
        Console.WriteLine($"  {inserts.Name,-40} {inserts.PerSecond,8:N0}/s  p50 {inserts.Percentile(50):F2} ms  p99 {inserts.Percentile(99):F2} ms");
        if (settings.Pgbench && await InsertBaseline.PgbenchAsync(connectionString, connections, settings.BaselineDuration) is { } pgbench)
        {
            report.Pgbench[connections] = pgbench;
            Console.WriteLine($"  pgbench, {connections} connections{"",20} {pgbench.Tps,8:N0}/s  mean {pgbench.MeanLatencyMs:F2} ms");
        }

        await InsertBaseline.EmptyTableAsync(connectionString);
    }

    private static async Task MeasureWithoutCommitWaitAsync(
        Uri api, string token, IReadOnlyList<Guid> clients, string connectionString, ServiceDeskSettings settings, TicketBudget budget, ServiceDeskReport report)
    {
        Console.WriteLine("Diagnostic: synchronous_commit=off");
        await SetSynchronousCommitAsync(connectionString, "off");
        try
        {
            var concurrency = report.Closed.MaxBy(c => c.PerSecond)!.Concurrency;
            report.NoWaitInsert = await InsertBaseline.RunAsync(connectionString, concurrency, settings.BaselineDuration, 1_000_000);

            using var load = new TicketLoad(api, token, clients, seed: 10);
            var granted = budget.Take(ServiceDeskSettings.MaxTicketsPerClosedRun);
            await load.ClosedLoopAsync("warm-up", concurrency, Math.Min(granted, 200), TimeSpan.FromSeconds(10)); // the pools' new connections
            report.NoWaitClosed = await load.ClosedLoopAsync($"closed loop, {concurrency} clients, synchronous_commit=off", concurrency, Math.Max(0, granted - load.Sent), settings.PeakDuration);
            budget.GiveBack(granted, load.Sent);
            report.HttpFailed += load.Failed;
            report.HttpUnassigned += load.Unassigned;
            Console.WriteLine($"  inserts {report.NoWaitInsert.PerSecond:N0}/s, tickets {report.NoWaitClosed.PerSecond:N1}/s");
        }
        finally
        {
            await SetSynchronousCommitAsync(connectionString, null);
        }
    }

    /// <summary>Sets (or with null resets) the database's synchronous_commit; new connections pick it up, so the pools are emptied.</summary>
    private static async Task SetSynchronousCommitAsync(string connectionString, string? value)
    {
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var alter = new NpgsqlCommand(
                value is null ? $"ALTER DATABASE \"{DatabaseName}\" RESET synchronous_commit" : $"ALTER DATABASE \"{DatabaseName}\" SET synchronous_commit = {value}", connection);
            await alter.ExecuteNonQueryAsync();
        }

        NpgsqlConnection.ClearAllPools();
    }

    // ---------------------------------------------------------------------------------------------- set-up

    /// <summary>A fresh database with the server's own settings (synchronous_commit as configured): the product's writes commit as in production.</summary>
    private static async Task<string> CreateDatabaseAsync(string serverConnectionString)
    {
        await using (var connection = new NpgsqlConnection(serverConnectionString))
        {
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{DatabaseName}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{DatabaseName}\"", connection);
            await create.ExecuteNonQueryAsync();
        }

        // The server allows 100 connections: 40 for the host, up to 40 for the insert baseline, the rest for admin.
        return new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = DatabaseName, MaxPoolSize = 40 }.ConnectionString;
    }

    private static async Task<List<Guid>> SeedClientsAsync(HttpClient http)
    {
        var clients = new List<Guid>();
        for (var i = 1; i <= DispatchScenario.Clients; i++)
        {
            var response = await http.PostAsJsonAsync("api/clients", new { legalName = $"ТОВ «Бенчмарк {i}»", supportStatus = "Active" });
            await Expect(response, HttpStatusCode.Created);
            clients.Add((await response.Content.ReadFromJsonAsync<Created>())!.Id);
        }

        return clients;
    }

    private static async Task<List<Guid>> SeedSpecialistsAsync(HttpClient http, DispatchScenario scenario)
    {
        var ids = new Guid[scenario.Specialists.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, ids.Length), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, token) =>
        {
            var s = scenario.Specialists[i];
            var response = await http.PostAsJsonAsync("api/specialists", new
            {
                name = s.Name,
                skills = s.Skills.Select(k => new { code = k.Key, level = k.Value }),
                qualificationGrade = s.QualificationGrade,
                capacity = DispatchScenario.Capacity,
            }, token);
            await Expect(response, HttpStatusCode.Created);
            ids[i] = (await response.Content.ReadFromJsonAsync<Created>(token))!.Id;
        });
        return [.. ids];
    }

    /// <summary>The dispatcher learns specialists from one-way SpecialistChanged calls: wait until it knows all of them.</summary>
    private static async Task WaitForRosterAsync(IGrainFactory grains, int specialists)
    {
        var dispatcher = grains.GetGrain<IDispatcherGrain>(SupportQueues.Support);
        var waited = Stopwatch.StartNew();
        while ((await dispatcher.Board()).Specialists.Count < specialists)
        {
            if (waited.Elapsed > TimeSpan.FromSeconds(30))
            {
                throw new InvalidOperationException("The dispatcher did not learn of every specialist within 30 s.");
            }

            await Task.Delay(100);
        }
    }

    private static async Task<(int Load, int Capacity, int OverCapacity)> TotalLoadAsync(IGrainFactory grains, IReadOnlyList<Guid> specialists)
    {
        var details = await Task.WhenAll(specialists.Select(id => grains.GetGrain<ISpecialistGrain>(id).Get()));
        return (details.Sum(d => d!.Load), details.Sum(d => d!.Capacity), details.Count(d => d!.Load > d.Capacity));
    }

    private static async Task Expect(HttpResponseMessage response, HttpStatusCode status)
    {
        if (response.StatusCode != status)
        {
            throw new InvalidOperationException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    private sealed record Created(Guid Id);

    /// <summary>How many more tickets the benchmark may open without filling the specialists (every phase takes its share).</summary>
    private sealed class TicketBudget(int limit)
    {
        public int Used { get; private set; }

        public int Take(int wanted)
        {
            var granted = Math.Max(0, Math.Min(wanted, limit - Used));
            if (granted < wanted)
            {
                Console.WriteLine($"  (capacity budget: {granted} of {wanted} tickets)");
            }

            Used += granted;
            return granted;
        }

        /// <summary>A run that stopped on time rather than on count gives back what it did not open.</summary>
        public void GiveBack(int granted, int opened) => Used -= Math.Max(0, granted - opened);
    }
}
