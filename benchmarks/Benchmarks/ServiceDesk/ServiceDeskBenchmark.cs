using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Npgsql;
using OrleansCrm.ServiceDesk.Contracts;
using OrleansCrm.ServiceDesk.Dispatching;
using OrleansCrm.Staff.Contracts;

namespace OrleansCrm.Benchmarks.ServiceDesk;

/// <summary>
/// The service desk, in one run on one machine: (1) dispatch decisions — the pure policy, the policy inside a grain
/// call, and the product's full <see cref="IDispatcherGrain.Dispatch"/> — against a raw grain call on the same silo;
/// (2) tickets opened and assigned through the HTTP API on PostgreSQL, closed loop for the peak rate and open loop at
/// half of it, against PostgreSQL's own single-row insert rate at the same concurrency. The product runs as itself:
/// its Program on Kestrel, in server mode on a fresh PostgreSQL database, no demo data.
/// </summary>
public static class ServiceDeskBenchmark
{
    public const string DatabaseName = "crm_bench_servicedesk";

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
            var seeding = Stopwatch.StartNew();
            var clients = await SeedClientsAsync(http);
            var specialists = await SeedSpecialistsAsync(http, new DispatchScenario(seed: 23));
            await WaitForRosterAsync(host.Grains, specialists.Count);
            report.Seeding = seeding.Elapsed;
            Console.WriteLine($"Seeded {clients.Count} clients and {specialists.Count} specialists in {seeding.Elapsed.TotalSeconds:F1} s");

            // Keep the benchmark's tickets well inside the specialists' capacity so that every one is assigned.
            var budget = new TicketBudget((int)(CapacityBudget * DispatchScenario.SpecialistCount * DispatchScenario.Capacity / MeanWeight()));

            await MeasureDecisionsAsync(host, clients, budget, metrics, report);
            await MeasureTicketsAsync(host, api, clients, connectionString, settings, budget, metrics, report);
            await MeasureWithoutCommitWaitAsync(host, api, clients, connectionString, settings, budget, report);
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

    private static async Task MeasureDecisionsAsync(ProductHost host, IReadOnlyList<Guid> clients, TicketBudget budget, DatabaseMetrics metrics, ServiceDeskReport report)
    {
        Console.WriteLine("Part 1: dispatch decisions");
        var scenario = new DispatchScenario(seed: 11);
        var prebuilt = Enumerable.Range(0, DispatchScenario.Clients).Select(c => scenario.Candidates(c).ToList()).ToArray();
        CheckSketchAgrees(scenario, prebuilt);
        var grains = host.Grains;
        var ping = grains.GetGrain<IPingGrain>(0);
        var decide = grains.GetGrain<IDecisionGrain>(0);

        Choice Prebuilt(int i)
        {
            var (need, client) = scenario.Requirement(i);
            return DispatchPolicy.Choose(need, prebuilt[client]);
        }

        Choice Built(int i)
        {
            var (need, client) = scenario.Requirement(i);
            return DispatchPolicy.Choose(need, scenario.Candidates(client));
        }

        Choice Sketch(int i)
        {
            var (need, client) = scenario.Requirement(i);
            var (id, reason) = SinglePassSketch.Choose(need, prebuilt[client]);
            return new Choice(id, false, reason);
        }

        var pingRow = new Samples("raw grain call: IPingGrain.Ping");
        var rows = new[]
        {
            new Samples("DispatchPolicy.Choose, 200 prebuilt candidates"),
            new Samples("DispatchPolicy.Choose, building the 200 candidates as DispatcherGrain does"),
            new Samples("single-pass sketch, 200 prebuilt candidates (benchmark-only reference)"),
            new Samples("IDecisionGrain.Decide: the policy inside a grain call, no persistence"),
        };
        Func<int, Choice>[] pure = [Prebuilt, Built, Sketch];

        // Warm-up (JIT tiers, caches), then rounds that interleave the rows, so that whatever else the machine does
        // (GC, the silo's own timers, PostgreSQL's background work) falls on all of them alike.
        await Repeat(5_000, i => ping.Ping(i));
        await Repeat(5_000, i => decide.Decide(i));
        foreach (var choose in pure)
        {
            Pure(new Samples("warm-up"), 20_000, choose);
        }

        var cpu = CpuUse.Take();
        for (var round = 0; round < 5; round++)
        {
            await Sequential(pingRow, 6_000, i => ping.Ping(i));
            for (var row = 0; row < pure.Length; row++)
            {
                Pure(rows[row], 10_000, pure[row]);
            }

            await Sequential(rows[3], 6_000, i => decide.Decide(i));
        }

        pingRow.Cpu = CpuUse.Since(cpu);
        foreach (var row in rows)
        {
            row.Cpu = pingRow.Cpu;
        }

        report.Ping = pingRow;
        report.Decisions.AddRange(rows);

        // Concurrent callers on ONE grain, as every ticket of a queue meets one dispatcher.
        const int callers = 16;
        var pingOne = grains.GetGrain<IPingGrain>(1);
        var decideOne = grains.GetGrain<IDecisionGrain>(1);
        await Repeat(2_000, i => pingOne.Ping(i));
        await Repeat(2_000, i => decideOne.Decide(i));
        report.PingConcurrent = await Samples.ConcurrentAsync("raw grain call: IPingGrain.Ping, one grain", callers, 64_000, (_, i) => pingOne.Ping(i));
        report.PingManyGrains = await Samples.ConcurrentAsync("raw grain call: IPingGrain.Ping, 16 grains (one per caller)", callers, 64_000,
            (caller, i) => grains.GetGrain<IPingGrain>(100 + caller).Ping(i));
        report.DecisionsConcurrent.Add(await Samples.ConcurrentAsync("IDecisionGrain.Decide, one grain", callers, 64_000, (_, i) => decideOne.Decide(i)));

        // The product's dispatch: tickets opened on their grains (not dispatched), then IDispatcherGrain.Dispatch each.
        const int warmUp = 30, sequential = 400, concurrent = 800, breakdown = 200;
        var tickets = await OpenUndispatchedAsync(grains, clients, budget.Take(warmUp + sequential + concurrent + breakdown), seed: 5);
        var dispatch = Dispatcher(grains, report);
        await Repeat(warmUp, i => dispatch(tickets[i]));
        report.Decisions.Add(await Samples.SequentialAsync("IDispatcherGrain.Dispatch: the product's decision, with persistence", sequential, i => dispatch(tickets[warmUp + i])));
        report.DecisionsConcurrent.Add(await Samples.ConcurrentAsync("IDispatcherGrain.Dispatch, one dispatcher (the queue's)", callers, concurrent,
            (_, i) => dispatch(tickets[warmUp + sequential + i])));

        host.Timings.Reset();
        metrics.Reset();
        host.Timings.Enabled = metrics.Enabled = true;
        var timed = Stopwatch.StartNew();
        await Repeat(breakdown, i => dispatch(tickets[warmUp + sequential + concurrent + i]));
        host.Timings.Enabled = metrics.Enabled = false;
        report.DispatchBreakdown = new Breakdown(breakdown, timed.Elapsed, host.Timings.Snapshot(), metrics.Snapshot()) { Statements = metrics.Statements() };
        foreach (var samples in report.Decisions.Concat(report.DecisionsConcurrent).Append(report.Ping).Append(report.PingConcurrent))
        {
            Console.WriteLine($"  {samples.Name,-90} p50 {samples.Percentile(50) * 1000,9:F1} µs  mean {samples.MeanMs * 1000,9:F1} µs  {samples.PerSecond,10:N0}/s");
        }
    }

    /// <summary>IDispatcherGrain.Dispatch for one ticket, counting decisions that assigned nobody.</summary>
    private static Func<Guid, Task> Dispatcher(IGrainFactory grains, ServiceDeskReport report)
    {
        var dispatcher = grains.GetGrain<IDispatcherGrain>(SupportQueues.Support);
        return async ticket =>
        {
            if ((await dispatcher.Dispatch(ticket, null)).SpecialistId is null)
            {
                Interlocked.Increment(ref report.DispatchUnassigned);
            }
        };
    }

    /// <summary>The sketch is only a fair reference if it picks whom the policy picks.</summary>
    private static void CheckSketchAgrees(DispatchScenario scenario, List<Candidate>[] prebuilt)
    {
        for (var i = 0; i < 4096; i++)
        {
            var (need, client) = scenario.Requirement(i);
            var policy = DispatchPolicy.Choose(need, prebuilt[client]);
            var (sketch, reason) = SinglePassSketch.Choose(need, prebuilt[client]);
            if (!policy.OverCapacity && (policy.SpecialistId != sketch || (sketch is not null && !policy.Reason.StartsWith(reason, StringComparison.Ordinal))))
            {
                throw new InvalidOperationException($"The single-pass sketch chose {sketch} ({reason}), the policy {policy.SpecialistId} ({policy.Reason}).");
            }
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

    private static async Task Sequential(Samples samples, int count, Func<int, Task> operation)
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

    private static async Task Repeat(int count, Func<int, Task> operation)
    {
        for (var i = 0; i < count; i++)
        {
            await operation(i);
        }
    }

    private static async Task<Guid[]> OpenUndispatchedAsync(IGrainFactory grains, IReadOnlyList<Guid> clients, int count, int seed)
    {
        var random = new Random(seed);
        var tickets = Enumerable.Range(0, count).Select(_ =>
        {
            var need = DispatchScenario.Ticket(random);
            return (Id: Guid.CreateVersion7(), Ticket: new NewTicket(
                clients[random.Next(clients.Count)], null, "Не формується податкова накладна", null, TicketChannel.Phone, need.Priority,
                need.Skill, need.MinLevel, null, false, null, SupportQueues.Support));
        }).ToArray();
        await Parallel.ForEachAsync(tickets, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (t, _) =>
            await grains.GetGrain<ITicketGrain>(t.Id).Open(t.Ticket, false, "benchmark"));
        return [.. tickets.Select(t => t.Id)];
    }

    // ---------------------------------------------------------------------------------------------- part 2

    private static async Task MeasureTicketsAsync(
        ProductHost host, Uri api, IReadOnlyList<Guid> clients, string connectionString, ServiceDeskSettings settings, TicketBudget budget,
        DatabaseMetrics metrics, ServiceDeskReport report)
    {
        Console.WriteLine("Part 2: PostgreSQL's single-row insert rate");
        await InsertBaseline.CreateTableAsync(connectionString);
        foreach (var connections in settings.Concurrency)
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
        }

        Console.WriteLine("Part 2: tickets through the HTTP API");
        using var load = new TicketLoad(api, clients, seed: 9);
        async Task<Samples> Closed(string name, int concurrency, int tickets, TimeSpan duration)
        {
            var granted = budget.Take(tickets);
            var sent = load.Sent;
            var samples = await load.ClosedLoopAsync(name, concurrency, granted, duration);
            budget.GiveBack(granted, load.Sent - sent);
            return samples;
        }

        await Closed("warm-up", 16, 300, TimeSpan.FromSeconds(20));
        foreach (var concurrency in settings.Concurrency)
        {
            var closed = await Closed($"closed loop, {concurrency} clients", concurrency, ServiceDeskSettings.MaxTicketsPerClosedRun, settings.PeakDuration);
            report.Closed.Add(closed);
            Console.WriteLine($"  {closed.Name,-40} {closed.PerSecond,8:N1}/s  p50 {closed.Percentile(50):F1} ms  p99 {closed.Percentile(99):F1} ms");
        }

        var peak = report.Closed.MaxBy(c => c.PerSecond)!;
        var rate = peak.PerSecond / 2;
        var count = budget.Take((int)Math.Min(rate * settings.OpenDuration.TotalSeconds, ServiceDeskSettings.MaxTicketsOpenRun));
        (report.Open, report.OpenLate) = await load.OpenLoopAsync($"open loop at {rate:F0}/s", rate, count, maxInFlight: 200);
        report.OpenRate = rate;
        Console.WriteLine($"  {report.Open.Name,-40} {report.Open.PerSecond,8:N1}/s  p50 {report.Open.Percentile(50):F1} ms  p99 {report.Open.Percentile(99):F1} ms  late {report.OpenLate}");

        // Where the time goes: the same closed loop again with the grain-call timer and the database counters on.
        var concurrencyOfPeak = peak.Concurrency;
        host.Timings.Reset();
        metrics.Reset();
        host.Timings.Enabled = metrics.Enabled = true;
        var diagnosed = await Closed("breakdown", concurrencyOfPeak, 600, TimeSpan.FromSeconds(10));
        host.Timings.Enabled = metrics.Enabled = false;
        report.HttpBreakdown = new Breakdown(diagnosed.Count, diagnosed.Elapsed, host.Timings.Snapshot(), metrics.Snapshot())
        {
            Http = diagnosed,
            Statements = metrics.Statements(),
        };
        report.HttpFailed = load.Failed;
        report.HttpUnassigned = load.Unassigned;
        report.HttpFirstFailure = load.FirstFailure;
    }

    /// <summary>
    /// Diagnostic, not the product's configuration: the same dispatch, inserts and peak with synchronous_commit=off
    /// for the benchmark's database (commits no longer wait for the WAL to reach the disk), to show how much of the
    /// time above is waiting for commits. Restored afterwards.
    /// </summary>
    private static async Task MeasureWithoutCommitWaitAsync(
        ProductHost host, Uri api, IReadOnlyList<Guid> clients, string connectionString, ServiceDeskSettings settings, TicketBudget budget, ServiceDeskReport report)
    {
        Console.WriteLine("Diagnostic: synchronous_commit=off");
        await SetSynchronousCommitAsync(connectionString, "off");
        try
        {
            var dispatch = Dispatcher(host.Grains, report);
            var tickets = await OpenUndispatchedAsync(host.Grains, clients, budget.Take(230), seed: 6);
            await Repeat(Math.Min(30, tickets.Length), i => dispatch(tickets[i]));
            report.NoWaitDispatch = await Samples.SequentialAsync("IDispatcherGrain.Dispatch, synchronous_commit=off", Math.Max(0, tickets.Length - 30), i => dispatch(tickets[30 + i]));

            var concurrency = report.Closed.MaxBy(c => c.PerSecond)!.Concurrency;
            report.NoWaitInsert = await InsertBaseline.RunAsync(connectionString, concurrency, settings.BaselineDuration, 1_000_000);

            using var load = new TicketLoad(api, clients, seed: 10);
            var granted = budget.Take(ServiceDeskSettings.MaxTicketsPerClosedRun);
            report.NoWaitClosed = await load.ClosedLoopAsync($"closed loop, {concurrency} clients, synchronous_commit=off", concurrency, granted, settings.PeakDuration);
            budget.GiveBack(granted, load.Sent);
            report.HttpFailed += load.Failed;
            report.HttpUnassigned += load.Unassigned;
            Console.WriteLine($"  dispatch p50 {report.NoWaitDispatch.Percentile(50):F2} ms, inserts {report.NoWaitInsert.PerSecond:N0}/s, tickets {report.NoWaitClosed.PerSecond:N1}/s");
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
