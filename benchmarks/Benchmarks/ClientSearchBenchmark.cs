using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.Clients.Cards;
using OrleansCrm.Clients.Contracts;
using OrleansCrm.Clients.Demo;
using OrleansCrm.Clients.Domain;
using OrleansCrm.Clients.LookupByPhone;
using OrleansCrm.Clients.ReadModel;
using OrleansCrm.Clients.SearchClients;

namespace OrleansCrm.Benchmarks;

/// <summary>
/// Client search over N clients on PostgreSQL, through the module's own query handlers (the code the API runs),
/// per query kind, against a primary-key lookup measured in the same run as the floor of what a query can cost.
/// The read tables are filled through the real projection; grains are not involved in search.
/// </summary>
public static class ClientSearchBenchmark
{
    private static readonly (string Kind, double TargetP95)[] Targets =
    [
        ("tax id", 20), ("phone (E.164)", 20), ("phone (national format)", 20), ("phone lookup", 20), ("e-mail", 20),
        ("name (distinctive part)", 50), ("name (common word)", 50),
    ];

    private static readonly string[] CommonWords = ["агро", "буд", "сервіс", "трейд", "ліцей"];
    private static readonly string[] FilterSegments = ["VIP", "Агро", "Київ", "Львів"];

    public static async Task RunAsync(BenchmarkOptions options)
    {
        var name = $"crm_bench_{options.Clients}";
        var reuse = options.Keep && await PostgresDatabase.ExistsAsync(options.ConnectionString, name);
        var database = reuse
            ? new DatabaseOptions { Provider = DatabaseProvider.PostgreSql, ConnectionString = PostgresDatabase.ConnectionString(options.ConnectionString, name) }
            : await CreateDatabaseAsync(options.ConnectionString, name);
        var phones = new PhoneNumberNormalizer("UA");
        var cards = new ClientCardFactory(phones);

        Console.WriteLine($"{(reuse ? "Reusing" : "Loading")} {options.Clients:N0} clients in {name}…");
        var loading = Stopwatch.StartNew();
        var clients = await LoadAsync(database, cards, options.Clients, project: !reuse);
        Console.WriteLine($"Ready in {loading.Elapsed.TotalSeconds:F0} s");

        var contexts = new PooledDbContextFactory<ClientsDbContext>(Context(database));
        var search = new SearchClientsHandler(contexts, phones);
        var lookup = new LookupClientsByPhoneHandler(contexts, phones);
        var random = new Random(7);
        ClientDetails Any() => clients[random.Next(clients.Count)];

        (string Kind, Func<Task> Query) Q(string kind, Func<Task> query) => (kind, query);
        var kinds = new List<(string Kind, Func<Task> Query)>
        {
            Q("primary-key lookup (floor)", async () =>
            {
                var id = Any().Id;
                await using var db = await contexts.CreateDbContextAsync();
                await db.Clients.AsNoTracking().FirstAsync(c => c.Id == id);
            }),
            Q("tax id", () => Search(search, Any().TaxId!)),
            Q("phone (E.164)", () => Search(search, Any().Contacts[0].Phones[0])),
            Q("phone (national format)", () => Search(search, "0" + Any().Contacts[0].Phones[0][4..])),
            Q("phone lookup", async () => await lookup.Handle(new LookupClientsByPhone(Any().Contacts[0].Phones[0]), CancellationToken.None)),
            Q("e-mail", () => Search(search, Any().Contacts[0].Emails[0].ToUpperInvariant())),
            Q("name (distinctive part)", () => Search(search, DistinctivePart(Any().ShortName))),
            Q("name (common word)", () => Search(search, CommonWords[random.Next(CommonWords.Length)])),
            Q("filters: segment + status, page 5", async () =>
                await search.Handle(new SearchClients(null, FilterSegments[random.Next(FilterSegments.Length)], null, SupportStatus.Active, 5, 20), CancellationToken.None)),
        };

        var results = new List<Latencies>();
        foreach (var (kind, query) in kinds)
        {
            for (var i = 0; i < 30; i++)
            {
                await query(); // warm-up: plans, pool, caches
            }

            var latencies = new Latencies(kind);
            for (var i = 0; i < options.Samples; i++)
            {
                await latencies.MeasureAsync(query);
            }

            results.Add(latencies);
            Console.WriteLine($"{kind,-40} p50 {latencies.Percentile(50),7:F2} ms   p95 {latencies.Percentile(95),7:F2} ms");
        }

        await WriteReportAsync(options, results, reuse ? null : loading.Elapsed);
        if (!options.Keep)
        {
            await PostgresDatabase.DropAsync(options.ConnectionString, database.ConnectionString);
        }
    }

    private static async Task Search(SearchClientsHandler search, string term)
    {
        var page = await search.Handle(new SearchClients(term, null, null, null), CancellationToken.None);
        if (page.Total == 0)
        {
            throw new InvalidOperationException($"The benchmark searched for '{term}' and found nothing: the query is not measuring a hit.");
        }
    }

    /// <summary>"Полтава-Зерно-57" → "зерно-57": a part of a name a user would type.</summary>
    private static string DistinctivePart(string name)
    {
        var clean = name.Replace("«", "").Replace("»", "");
        var dash = clean.IndexOf('-');
        return dash > 0 && dash < clean.Length - 3 ? clean[(dash + 1)..] : clean[^Math.Min(clean.Length, 10)..];
    }

    private static async Task<List<ClientDetails>> LoadAsync(DatabaseOptions database, ClientCardFactory cards, int count, bool project)
    {
        await using var writer = new GroupCommitWriter(database, Microsoft.Extensions.Logging.Abstractions.NullLogger<GroupCommitWriter>.Instance);
        var projection = new ClientProjection(database, writer);
        var now = DateTimeOffset.UtcNow;
        var clients = DemoClients.Generate(count, seed: 100).Select((input, i) =>
        {
            var id = OrleansCrm.BuildingBlocks.Ids.DeterministicGuid.Create("benchmark", i.ToString(CultureInfo.InvariantCulture));
            return ClientDetails.From(id, 1, cards.Create(input, id, "create"), now, now);
        }).ToList();

        if (!project)
        {
            return clients;
        }

        var done = 0;
        await Parallel.ForEachAsync(clients, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (client, token) =>
        {
            await projection.ProjectAsync(client, token);
            if (Interlocked.Increment(ref done) % 20_000 == 0)
            {
                Console.WriteLine($"  {done:N0}");
            }
        });

        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var analyze = new NpgsqlCommand("ANALYZE", connection);
        await analyze.ExecuteNonQueryAsync();
        return clients;
    }

    private static async Task<DatabaseOptions> CreateDatabaseAsync(string serverConnectionString, string name)
    {
        var connectionString = await PostgresDatabase.CreateAsync(serverConnectionString, name);
        var database = new DatabaseOptions { Provider = DatabaseProvider.PostgreSql, ConnectionString = connectionString };
        await new SchemaMigrator(database, [new ClientsSchema()], NullLogger<SchemaMigrator>.Instance).MigrateAsync(CancellationToken.None);
        return database;
    }

    private static DbContextOptions<ClientsDbContext> Context(DatabaseOptions database)
    {
        var builder = new DbContextOptionsBuilder<ClientsDbContext>();
        ModuleTables.UseProvider(builder, database);
        return builder.Options;
    }

    private static async Task WriteReportAsync(BenchmarkOptions options, List<Latencies> results, TimeSpan? loading)
    {
        var floor = results[0];
        string version;
        await using (var connection = new NpgsqlConnection(options.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SHOW server_version", connection);
            version = (string)(await command.ExecuteScalarAsync())!;
        }

        var report = new StringBuilder();
        report.AppendLine("# Client search over PostgreSQL");
        report.AppendLine();
        var now = DateTimeOffset.UtcNow;
        report.AppendLine(FormattableString.Invariant(
            $"Run {now:yyyy-MM-dd HH:mm} UTC by `benchmarks/run.sh clients-search` on {Environment.ProcessorCount} cores, PostgreSQL {version}, .NET {Environment.Version}. {options.Clients:N0} clients (generated like the demo data, 1–3 contacts each), {(loading is { } load ? $"loaded through the module's projection in {load.TotalSeconds:F0} s" : "loaded through the module's projection by an earlier run (--keep)")}. {options.Samples} sequential queries per kind after 30 warm-up queries, through the module's query handlers (EF Core + Npgsql): the database work an API call does, without HTTP."));
        report.AppendLine();
        report.AppendLine("The floor is a primary-key read through the same stack in the same run; the ratio says how many such reads a query costs.");
        report.AppendLine();
        report.AppendLine("| query | p50 ms | p95 ms | p99 ms | p95 / floor p95 | target p95 | |");
        report.AppendLine("|---|---:|---:|---:|---:|---:|---|");
        foreach (var latencies in results)
        {
            var target = Targets.FirstOrDefault(t => t.Kind == latencies.Kind).TargetP95;
            var verdict = target == 0 ? "" : latencies.Percentile(95) <= target ? "met" : "**missed**";
            report.AppendLine(CultureInfo.InvariantCulture,
                $"| {latencies.Kind} | {latencies.Percentile(50):F2} | {latencies.Percentile(95):F2} | {latencies.Percentile(99):F2} | {latencies.Percentile(95) / floor.Percentile(95):F1} | {(target == 0 ? "" : $"≤ {target} ms")} | {verdict} |");
        }

        Directory.CreateDirectory(options.ResultsFolder);
        var path = Path.Combine(options.ResultsFolder, "clients-search.md");
        await File.WriteAllTextAsync(path, report.ToString());
        Console.WriteLine($"Wrote {path}");
    }
}
