using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OrleansCrm.Benchmarks.Billing;
using OrleansCrm.Benchmarks.ServiceDesk;
using OrleansCrm.BuildingBlocks.Security;
using OrleansCrm.Sales.Activities.Report;
using OrleansCrm.Sales.Plans.Reports;
using OrleansCrm.Clients.Demo;

namespace OrleansCrm.Benchmarks.Sales;

/// <summary>
/// Issue 18's sales figures on PostgreSQL, in the product's host (<see cref="ProductHost"/>: the real Program, Kestrel,
/// its silo) with the demo data (pipelines, managers, clients) and <see cref="SalesDataSet"/> loaded beside it:
/// <list type="bullet">
/// <item>the funnel, plan and activity reports through the HTTP API: p95 ≤ 100 ms each;</item>
/// <item>a deal move whose stage's robot creates a task: p99 ≤ 50 ms at half its peak rate, the peak set against
/// PostgreSQL's single-row insert rate measured in the same run, on as many connections as the peak had clients.</item>
/// </list>
/// <c>--keep</c> keeps the loaded database (crm_bench_sales) and reuses it: a later run applies new migrations at start
/// and measures again without loading.
/// </summary>
public static class SalesBenchmark
{
    private const string Database = "crm_bench_sales";
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(5);

    public static async Task RunAsync(BenchmarkOptions options, string[] args)
    {
        var settings = SalesSettings.Parse(args);
        CpuUse.Database = Database;
        var whole = Stopwatch.StartNew();
        var kept = options.Keep && await PostgresDatabase.ExistsAsync(options.ConnectionString, Database);
        var connectionString = kept
            ? PostgresDatabase.ConnectionString(options.ConnectionString, Database)
            : await PostgresDatabase.CreateAsync(options.ConnectionString, Database);
        // The load runs with synchronous_commit off (CreateAsync); the measured writes run as the product's server does.
        connectionString = new NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = 40, Options = "-c synchronous_commit=on" }.ConnectionString;
        try
        {
            await using var host = new ProductHost(connectionString, new Dictionary<string, string?> { ["Crm:Demo:Seed"] = "true" });
            var api = host.Start();
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionLifetime = Timeout.InfiniteTimeSpan }) { BaseAddress = api, Timeout = TimeSpan.FromSeconds(60) };
            await WaitForDemoAsync(connectionString);
            var head = new AuthenticationHeaderValue("Bearer", await BenchmarkUsers.TokenForNewUserAsync(http, $"bench-saleshead-{Guid.NewGuid():N}", CrmRoles.SalesHead));
            var world = await WorldAsync(http, connectionString, settings, kept);
            string loaded;
            if (kept)
            {
                loaded = $"reused from an earlier run (`--keep`): {await CountAsync(connectionString, "sales.deals"):N0} deals, {await CountAsync(connectionString, "sales.deal_stages"):N0} stage-history rows, {await CountAsync(connectionString, "sales.interactions"):N0} interactions, {await CountAsync(connectionString, "sales.tasks"):N0} tasks";
            }
            else
            {
                Console.WriteLine("Loading the sales tables…");
                var load = await SalesDataSet.LoadAsync(connectionString, world, settings.Deals, settings.Stays, settings.Interactions, settings.Tasks);
                loaded = $"loaded in {load.Took.TotalSeconds:F0} s (binary COPY, secondary indexes made after, then VACUUM ANALYZE): {load.Deals:N0} deals, {load.Stays:N0} stage-history rows, {load.Interactions:N0} interactions, {load.Tasks:N0} tasks with {load.TaskHistory:N0} history rows";
                await SetPlansAsync(http, head, world);
            }

            // The activity report's months (sales.activity_months) in the company's zone: built at the host's start after
            // a migration, or here after a load; reports measured before that would read the history rows instead.
            var built = Stopwatch.StartNew();
            await host.Services.GetRequiredService<ActivityMonths>().EnsureBuiltAsync(CancellationToken.None);
            loaded += $"; the activity report's months ready {built.Elapsed.TotalSeconds:F0} s later (built at start after a migration, or after the load)";
            // The funnel's packs (sales.funnel_packs) and the forecast's months: the product keeps them each minute; here
            // they are brought up to date once before the reports, as the first minute after a load would.
            var upkeep = Stopwatch.StartNew();
            var folded = await host.Services.GetRequiredService<ForecastMonths>().FoldAsync(CancellationToken.None);
            var packed = await host.Services.GetRequiredService<FunnelPacker>().PackAsync(CancellationToken.None);
            loaded += $"; the funnel's days packed and the forecast's changes folded {upkeep.Elapsed.TotalSeconds:F0} s after that ({packed:N0} pipeline days, {folded:N0} changes)";
            Console.WriteLine(loaded);
            var loadBefore = MachineLoad.Now();
            var reports = await MeasureReportsAsync(http, head, world, settings);
            var moves = await MeasureMovesAsync(http, head, world, connectionString, settings);
            var loadAfter = MachineLoad.Now();
            var text = SalesReport.Write(reports, moves, world, loaded, loadBefore, loadAfter, whole.Elapsed, await ServerAsync(connectionString));
            Directory.CreateDirectory(options.ResultsFolder);
            await File.WriteAllTextAsync(Path.Combine(options.ResultsFolder, "sales.md"), text);
            Console.WriteLine(text);
        }
        finally
        {
            if (!options.Keep)
            {
                await PostgresDatabase.DropAsync(options.ConnectionString, connectionString);
            }
        }
    }

    /// <summary>The demo seeders run once the host has started; the activities' seeder is the last.</summary>
    private static async Task WaitForDemoAsync(string connectionString)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < Patience)
        {
            try
            {
                if (await ScalarAsync<long>(connectionString, "SELECT count(*) FROM sales.tasks WHERE idempotency_key LIKE 'demo/activities/task/%'") >= 8)
                {
                    Console.WriteLine($"Demo data in place after {clock.Elapsed.TotalSeconds:F0} s");
                    return;
                }
            }
            catch (PostgresException)
            {
                // the tables are not there yet
            }

            await Task.Delay(1000);
        }

        throw new InvalidOperationException("The demo data was not seeded in time.");
    }

    /// <summary>The demo pipelines and clients; the two demo managers and as many more Manager users as asked for.</summary>
    private static async Task<SalesWorld> WorldAsync(HttpClient http, string connectionString, SalesSettings settings, bool kept)
    {
        if (!kept)
        {
            for (var i = 0; i < settings.Managers - DemoClients.Managers.Length; i++)
            {
                await BenchmarkUsers.TokenForNewUserAsync(http, $"bench-manager-{i + 1:D2}", CrmRoles.Manager);
            }
        }

        var managers = DemoClients.Managers.ToList();
        await using var source = NpgsqlDataSource.Create(connectionString);
        await using (var users = source.CreateCommand("SELECT id FROM identity.users WHERE user_name LIKE 'bench-manager-%' ORDER BY user_name"))
        await using (var reader = await users.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                managers.Add(Guid.Parse(reader.GetString(0)));
            }
        }

        var clients = new List<Guid>();
        await using (var list = source.CreateCommand("SELECT id FROM clients.clients ORDER BY id"))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                clients.Add(reader.GetGuid(0));
            }
        }

        var pipelines = new Dictionary<string, Guid>();
        await using (var list = source.CreateCommand("SELECT name, id FROM sales.pipelines"))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                pipelines[reader.GetString(0)] = reader.GetGuid(1);
            }
        }

        // A kept data set was loaded relative to its own moment: the newest stay is its "now".
        var now = kept ? await ScalarAsync<DateTime>(connectionString, "SELECT max(entered_at) FROM sales.deal_stages") : DateTime.UtcNow;
        return new SalesWorld(pipelines["Продажі"], pipelines["Рекламації"], managers, clients, now);
    }

    /// <summary>Plans for each month of the data set and the next, through the API: every manager's and the department's line.</summary>
    private static async Task SetPlansAsync(HttpClient http, AuthenticationHeaderValue head, SalesWorld world)
    {
        var month = new DateOnly(world.Now.Year, world.Now.Month, 1);
        for (var m = -24; m <= 1; m++)
        {
            var items = world.Managers.Select((user, i) => new { userId = (Guid?)user, amount = 200_000m + i * 25_000m, count = 10 + i % 7 })
                .Append(new { userId = (Guid?)null, amount = 6_000_000m, count = 250 });
            using var request = new HttpRequestMessage(HttpMethod.Put, $"api/plans/{month.AddMonths(m):yyyy-MM}") { Content = JsonContent.Create(new { items }) };
            request.Headers.Authorization = head;
            using var answer = await http.SendAsync(request);
            await Ensure(answer, "setting plans");
        }
    }

    internal sealed record ReportRun(string Report, string Variant, string Path, Samples Samples, int Bytes);

    /// <summary>Each report and variant: warm-up requests, then <paramref name="samples"/> back to back, one at a time.</summary>
    private static async Task<List<ReportRun>> MeasureReportsAsync(HttpClient http, AuthenticationHeaderValue head, SalesWorld world, SalesSettings settings)
    {
        var thisMonth = new DateOnly(world.Now.Year, world.Now.Month, 1);
        var month = thisMonth.AddMonths(-1);
        var quarterStart = new DateOnly(thisMonth.Year, (thisMonth.Month - 1) / 3 * 3 + 1, 1).AddMonths(-3);
        var monthSpan = $"from={month:yyyy-MM-dd}&to={thisMonth.AddDays(-1):yyyy-MM-dd}";
        var quarterSpan = $"from={quarterStart:yyyy-MM-dd}&to={quarterStart.AddMonths(3).AddDays(-1):yyyy-MM-dd}";
        var owner = world.Managers[0];
        var variants = new List<(string Report, string Variant, string Path)>();
        foreach (var (pipeline, name) in new[] { (world.SalesPipeline, "sales"), (world.ClaimsPipeline, "claims") })
        {
            foreach (var (span, spanName) in new[] { (monthSpan, $"month {month:yyyy-MM}"), (quarterSpan, $"quarter from {quarterStart:yyyy-MM}") })
            {
                variants.Add(("funnel", $"{name} pipeline, {spanName}, all owners", $"api/reports/funnel?pipelineId={pipeline}&{span}"));
                variants.Add(("funnel", $"{name} pipeline, {spanName}, one owner", $"api/reports/funnel?pipelineId={pipeline}&{span}&ownerId={owner}"));
            }
        }

        variants.Add(("plan", $"month {month:yyyy-MM}", $"api/reports/plan?period={month:yyyy-MM}"));
        variants.Add(("plan", $"this month {thisMonth:yyyy-MM}", $"api/reports/plan?period={thisMonth:yyyy-MM}"));
        variants.Add(("activity", $"month {month:yyyy-MM}", $"api/reports/activity?{monthSpan}"));
        variants.Add(("activity", $"quarter from {quarterStart:yyyy-MM}", $"api/reports/activity?{quarterSpan}"));

        var runs = new List<ReportRun>();
        foreach (var (report, variant, path) in variants)
        {
            var bytes = 0;
            for (var i = 0; i < 2; i++)
            {
                bytes = (await GetAsync(http, head, path)).Length;
            }

            var run = new Samples($"{report}: {variant}");
            var cpu = CpuUse.Take();
            var clock = Stopwatch.StartNew();
            // At most the settings' seconds per variant (a slow one still gets its minimum), so a slow report cannot take the run.
            for (var i = 0; i < settings.Samples && (i < settings.MinimumSamples || clock.Elapsed < TimeSpan.FromSeconds(settings.ReportSeconds)); i++)
            {
                var start = Stopwatch.GetTimestamp();
                await GetAsync(http, head, path);
                run.Add(start);
            }

            run.Elapsed = clock.Elapsed;
            run.Cpu = CpuUse.Since(cpu);
            runs.Add(new ReportRun(report, variant, path, run, bytes));
            Console.WriteLine($"{report,-9} {variant,-50} p50 {run.Percentile(50),7:F1}  p95 {run.Percentile(95),7:F1}  p99 {run.Percentile(99),7:F1} ms  ({bytes:N0} bytes)");
        }

        return runs;
    }

    private static async Task<byte[]> GetAsync(HttpClient http, AuthenticationHeaderValue head, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = head;
        using var answer = await http.SendAsync(request);
        await Ensure(answer, path);
        return await answer.Content.ReadAsByteArrayAsync();
    }

    internal sealed record MoveResults(
        IReadOnlyList<(Samples Baseline, Samples Moves)> Closed,
        Samples Peak,
        Samples Baseline,
        Samples Open,
        Samples OpenToTask,
        double Rate,
        int TasksMissing,
        int Failed,
        Samples Unloaded);

    /// <summary>
    /// Deals opened through the API in the demo sales pipeline and moved (untimed) to "qualified"; the timed move takes
    /// each to "offer", whose robot creates the owner's task ("Надіслати КП", due in 4 working hours). Closed loops with
    /// 1, then the settings' client counts, each after the single-row insert baseline on as many connections; then an
    /// open loop at half the best rate.
    /// </summary>
    private static async Task<MoveResults> MeasureMovesAsync(HttpClient http, AuthenticationHeaderValue head, SalesWorld world, string connectionString, SalesSettings settings)
    {
        var needed = settings.MoveWarmUp + settings.MovesPerRun * (2 + settings.Concurrency.Count) + 300;
        Console.WriteLine($"Opening {needed:N0} deals through the API…");
        var deals = new ConcurrentQueue<Guid>(await OpenDealsAsync(http, head, world, needed));
        await InsertBaseline.CreateTableAsync(connectionString);
        var failed = 0;

        async Task<bool> MoveAsync(Guid deal)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"api/deals/{deal}/move") { Content = JsonContent.Create(new { toStage = "offer" }) };
            request.Headers.Authorization = head;
            using var answer = await http.SendAsync(request);
            if (answer.StatusCode != HttpStatusCode.OK)
            {
                Interlocked.Increment(ref failed);
                Console.WriteLine($"move {deal}: {answer.StatusCode} {await answer.Content.ReadAsStringAsync()}");
                return false;
            }

            return true;
        }

        async Task<Samples> ClosedLoopAsync(string name, int clients, int count)
        {
            var samples = new Samples(name) { Concurrency = clients };
            var left = count;
            var cpu = CpuUse.Take();
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
            {
                while (Interlocked.Decrement(ref left) >= 0 && clock.Elapsed < TimeSpan.FromSeconds(settings.RunSeconds) && deals.TryDequeue(out var deal))
                {
                    var start = Stopwatch.GetTimestamp();
                    if (await MoveAsync(deal))
                    {
                        samples.Add(start);
                    }
                }
            })));
            samples.Elapsed = clock.Elapsed;
            samples.Cpu = CpuUse.Since(cpu);
            Console.WriteLine($"{name}: {samples.PerSecond:F1}/s, p50 {samples.Percentile(50):F1} p95 {samples.Percentile(95):F1} p99 {samples.Percentile(99):F1} ms");
            return samples;
        }

        await ClosedLoopAsync("warm-up", settings.Concurrency.Max(), settings.MoveWarmUp);
        var unloaded = await ClosedLoopAsync("closed loop, 1 client", 1, Math.Min(300, settings.MovesPerRun));
        var closed = new List<(Samples, Samples)>();
        foreach (var clients in settings.Concurrency)
        {
            var baseline = await InsertBaseline.RunAsync(connectionString, clients, TimeSpan.FromSeconds(settings.BaselineSeconds), 200_000);
            await InsertBaseline.EmptyTableAsync(connectionString);
            Console.WriteLine($"single-row INSERT, {clients} connections: {baseline.PerSecond:N0}/s");
            closed.Add((baseline, await ClosedLoopAsync($"closed loop, {clients} clients", clients, settings.MovesPerRun)));
        }

        var (peakBaseline, peak) = closed.MaxBy(c => c.Item2.PerSecond);
        var rate = peak.PerSecond / 2;

        // Open loop: a move every 1/rate s whatever the answers; latency from the moment it was due, so a backlog shows.
        var open = new Samples($"open loop at {rate:F0}/s");
        var sent = new ConcurrentDictionary<Guid, DateTime>();
        var total = (int)(rate * settings.OpenSeconds);
        var running = new List<Task>();
        var openCpu = CpuUse.Take();
        var openClock = Stopwatch.StartNew();
        for (var i = 0; i < total && deals.TryDequeue(out var deal); i++)
        {
            var due = TimeSpan.FromSeconds(i / rate);
            var wait = due - openClock.Elapsed;
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait);
            }

            var dueStamp = Stopwatch.GetTimestamp() - (long)((openClock.Elapsed - due).TotalSeconds * Stopwatch.Frequency);
            var dueAt = DateTime.UtcNow - (openClock.Elapsed - due);
            running.Add(Task.Run(async () =>
            {
                sent[deal] = dueAt;
                if (await MoveAsync(deal))
                {
                    open.Add(dueStamp);
                }
            }));
        }

        await Task.WhenAll(running);
        open.Elapsed = openClock.Elapsed;
        open.Cpu = CpuUse.Since(openCpu);
        Console.WriteLine($"{open.Name}: {open.PerSecond:F1}/s, p50 {open.Percentile(50):F1} p95 {open.Percentile(95):F1} p99 {open.Percentile(99):F1} ms");

        // The robot's task for each open-loop move: its created_at (the product's clock, the same as this process's) from the due moment.
        var toTask = new Samples("open loop: move due → robot's task stored");
        var missing = sent.Count;
        for (var attempt = 0; attempt < 20 && missing > 0; attempt++)
        {
            await Task.Delay(attempt == 0 ? 0 : 500);
            var created = new Dictionary<Guid, DateTime>();
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var read = new NpgsqlCommand("SELECT deal_id, min(created_at) FROM sales.tasks WHERE deal_id = ANY(@deals) AND deal_stage = 'offer' GROUP BY deal_id", connection);
            read.Parameters.AddWithValue("deals", sent.Keys.ToArray());
            await using var reader = await read.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                created[reader.GetGuid(0)] = reader.GetDateTime(1);
            }

            missing = sent.Count - created.Count;
            if (missing == 0)
            {
                foreach (var (deal, at) in sent)
                {
                    toTask.Add((created[deal] - at).TotalMilliseconds);
                }
            }
        }

        Console.WriteLine(missing == 0 ? $"{toTask.Name}: p50 {toTask.Percentile(50):F1} p95 {toTask.Percentile(95):F1} p99 {toTask.Percentile(99):F1} ms" : $"{missing} robot tasks missing");
        return new MoveResults(closed, peak, peakBaseline, open, toTask, rate, missing, failed, unloaded);
    }

    /// <summary>Deals of the demo clients for the managers, opened and moved to "qualified" eight at a time (untimed).</summary>
    private static async Task<List<Guid>> OpenDealsAsync(HttpClient http, AuthenticationHeaderValue head, SalesWorld world, int count)
    {
        var ids = new ConcurrentBag<Guid>();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
        {
            using var create = new HttpRequestMessage(HttpMethod.Post, "api/deals")
            {
                Content = JsonContent.Create(new
                {
                    clientId = world.Clients[i % world.Clients.Count],
                    pipelineId = world.SalesPipeline,
                    title = $"Бенчмарк {i}: перехід на BAS",
                    amount = 12_000m + i % 50 * 1_000m,
                    channel = "Телефон",
                    source = "Реклама",
                    ownerId = world.Managers[i % world.Managers.Count],
                    expectedCloseOn = DateOnly.FromDateTime(world.Now.AddDays(30)),
                }),
            };
            create.Headers.Authorization = head;
            create.Headers.Add("Idempotency-Key", $"bench/move/{Guid.NewGuid():N}");
            using var created = await http.SendAsync(create);
            await Ensure(created, "opening a deal");
            var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
            using var move = new HttpRequestMessage(HttpMethod.Post, $"api/deals/{id}/move") { Content = JsonContent.Create(new { toStage = "qualified" }) };
            move.Headers.Authorization = head;
            using var moved = await http.SendAsync(move);
            await Ensure(moved, "moving a deal to qualified");
            ids.Add(id);
        });
        return [.. ids];
    }

    private static async Task Ensure(HttpResponseMessage answer, string what)
    {
        if (!answer.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{what}: {(int)answer.StatusCode} {await answer.Content.ReadAsStringAsync()}");
        }
    }

    private static async Task<long> CountAsync(string connectionString, string table) => await ScalarAsync<long>(connectionString, $"SELECT count(*) FROM {table}");

    private static async Task<T> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<string> ServerAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var facts = new StringBuilder(connection.PostgreSqlVersion.ToString());
        foreach (var setting in new[] { "shared_buffers", "work_mem", "synchronous_commit" })
        {
            await using var show = new NpgsqlCommand($"SHOW {setting}", connection);
            facts.Append(CultureInfo.InvariantCulture, $", {setting}={await show.ExecuteScalarAsync()}");
        }

        return facts.ToString();
    }
}

internal sealed record SalesSettings(int Deals, int Stays, int Interactions, int Tasks, int Managers, int Samples, IReadOnlyList<int> Concurrency,
    int MovesPerRun, int MoveWarmUp, double RunSeconds, double OpenSeconds, double BaselineSeconds, double ReportSeconds, int MinimumSamples)
{
    public static SalesSettings Parse(string[] args)
    {
        string Value(string name, string fallback)
        {
            var index = Array.IndexOf(args, "--" + name);
            return index >= 0 && index + 1 < args.Length ? args[index + 1] : fallback;
        }

        int Int(string name, int fallback) => int.Parse(Value(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
        return new SalesSettings(Int("deals", 200_000), Int("stays", 2_000_000), Int("interactions", 2_000_000), Int("tasks", 400_000), Int("managers", 20),
            Int("samples", 100), Value("concurrency", "8,16").Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture)).ToList(),
            Int("moves", 800), Int("move-warm-up", 300), Int("run-seconds", 8), Int("open-seconds", 10), Int("baseline-seconds", 5),
            Int("report-seconds", 30), Int("min-samples", 20));
    }
}
