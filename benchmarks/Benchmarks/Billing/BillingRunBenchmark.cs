using System.Diagnostics;
using System.Globalization;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using OrleansCrm.Agreements.ChangeContract;
using OrleansCrm.Agreements.Contracts;
using OrleansCrm.Agreements.CreateContract;
using OrleansCrm.Benchmarks.ServiceDesk;
using OrleansCrm.Billing;
using OrleansCrm.Billing.MonthlyRun;
using OrleansCrm.BuildingBlocks.Calendar;
using OrleansCrm.Clients.CreateClient;
using OrleansCrm.Clients.Demo;

namespace OrleansCrm.Benchmarks.Billing;

/// <summary>
/// The monthly run for 5,000 active support contracts (10,000 documents: an invoice and an act each, issued and
/// numbered) on PostgreSQL, through the product's own run (the <see cref="RunMonth"/> command the API and the /billing
/// button send, in the real host: contracts read from Agreements, clients through their grains, one transaction per
/// contract), against PostgreSQL's single-row insert rate measured in the same run. Then the same month again, which
/// must create nothing. Target (issue 17): under 10 s.
/// </summary>
public static class BillingRunBenchmark
{
    public static async Task RunAsync(BenchmarkOptions options, string[] args)
    {
        var count = Value(args, "contracts", 5_000);
        var connectionString = await PostgresDatabase.CreateAsync(options.ConnectionString, "crm_bench_billing_run");
        try
        {
            var loadBefore = MachineLoad.Now();
            await InsertBaseline.CreateTableAsync(connectionString);
            var baseline = await InsertBaseline.RunAsync(connectionString, 1, TimeSpan.FromSeconds(5), 20_000);
            Console.WriteLine($"Single-row INSERT, 1 connection: {baseline.PerSecond:N0}/s");

            await using var host = new ProductHost(connectionString);
            host.Start();
            var mediator = host.Services.GetRequiredService<IMediator>();
            var today = host.Services.GetRequiredService<CompanyCalendar>().Today;
            var period = new DateOnly(today.Year, today.Month, 1);

            var seeding = Stopwatch.StartNew();
            await SeedAsync(mediator, count, period);
            Console.WriteLine($"{count:N0} clients and active contracts made through the product in {seeding.Elapsed.TotalSeconds:F0} s");
            await AnalyzeAsync(connectionString);

            var key = MonthlyRunService.PeriodKey(period);
            var clock = Stopwatch.StartNew();
            var preview = await mediator.Send(new PreviewRun(key));
            var previewTime = clock.Elapsed;
            Console.WriteLine($"Preview: {previewTime.TotalSeconds:F2} s ({preview.ToCreate.Count:N0} to create, {preview.Skipped.Count:N0} skipped)");

            clock.Restart();
            var first = await mediator.Send(new RunMonth(key));
            var firstTime = clock.Elapsed;
            Console.WriteLine($"Run: {firstTime.TotalSeconds:F2} s ({first.Created:N0} created, {first.Skipped:N0} skipped, {first.Failed.Count:N0} failed)");
            clock.Restart();
            var second = await mediator.Send(new RunMonth(key));
            var secondTime = clock.Elapsed;
            Console.WriteLine($"Again: {secondTime.TotalSeconds:F2} s ({second.Created:N0} created, {second.Skipped:N0} skipped)");
            if (first.Created != 2 * count || first.Failed.Count > 0 || second.Created != 0)
            {
                throw new InvalidOperationException($"The run did not bill every contract once: {first.Created} created, {first.Failed.Count} failed, then {second.Created}.");
            }

            var loadAfter = MachineLoad.Now();
            var met = firstTime < TimeSpan.FromSeconds(10);
            Directory.CreateDirectory(options.ResultsFolder);
            await File.WriteAllTextAsync(Path.Combine(options.ResultsFolder, "billing-run.md"), $"""
                # Billing: the monthly run (PostgreSQL)

                | goal | measured | met |
                |---|---|---|
                | the monthly run for {count:N0} active contracts ({2 * count:N0} documents) under 10 s | {firstTime.TotalSeconds:F2} s ({first.Created:N0} documents, {firstTime.TotalMilliseconds / count:F2} ms per contract) | {(met ? "yes" : "**no**")}{(loadBefore.Loaded || loadAfter.Loaded ? " (under load)" : "")} |

                | step | time | per contract |
                |---|---|---|
                | preview ({preview.ToCreate.Count:N0} documents to create) | {previewTime.TotalSeconds:F2} s | {previewTime.TotalMilliseconds / count:F2} ms |
                | run | {firstTime.TotalSeconds:F2} s | {firstTime.TotalMilliseconds / count:F2} ms |
                | the same month again ({second.Skipped:N0} documents already there, {second.Created} created) | {secondTime.TotalSeconds:F2} s | {secondTime.TotalMilliseconds / count:F2} ms |
                | PostgreSQL single-row INSERT, 1 connection (same run, same database) | {baseline.Count:N0} rows in {baseline.Elapsed.TotalSeconds:F2} s: {baseline.PerSecond:N0}/s | {baseline.MeanMs:F3} ms per row |

                Where the time goes: the preview (the same reads: contracts, clients, the period's documents, and the totals)
                takes {previewTime.TotalSeconds:F2} s, so the run's time is its writes. Contracts are billed
                {MonthlyRunService.ChunkSize} at a time, one transaction per chunk of three round trips (a block of numbers
                per kind in one statement; every row, already issued, with its Create and Issue audit entries in one batch;
                the commit): {(count + MonthlyRunService.ChunkSize - 1) / MonthlyRunService.ChunkSize:N0} transactions
                instead of {count:N0}, so the run pays PostgreSQL's statement time, not a round trip and a commit per
                contract ({2.0 * count / firstTime.TotalSeconds:N0} documents/s, each a row, its number and two audit rows,
                against {baseline.PerSecond:N0} single rows/s, each a round trip and a commit). Before (2026-12-05, one
                contract per transaction, seven writing statements in three round trips each) the same run took 13.21 s
                under load. Chunks still go one after another: each holds the counters' rows from its numbers to its commit
                (that keeps the numbers gapless), so chunks at once would only queue there. A chunk that fails as a whole
                (a document a parallel run made, a database error) is rolled back, giving its numbers back, and its
                contracts are billed one by one, so the guarantees are those of the one-by-one run.

                Method: `benchmarks/run.sh billing-run`. A fresh PostgreSQL database (synchronous_commit off, as for every
                benchmark's load) and the product's host (`ProductHost`: the real Program, Kestrel and its silo). {count:N0} clients
                (the demo generator's cards) and {count:N0} support contracts (fee, 20% VAT, services) are made through the
                product's own commands (`CreateClient`, `CreateContract`, `ActOnContract`), so the run reads real contract
                rows and real client grains. Then `RunMonth` for {key} is sent through Mediator, as the API and the /billing button
                do, and timed from the command to its answer: it lists the contracts in force from Agreements, reads each client
                through its grain (the preview, sent just before and timed apart, activated them), and bills the contracts in
                chunks, one transaction each, one after another. The same command again must create nothing. {MachineLoad.Note(loadBefore, loadAfter)} Written
                {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC.
                """);
        }
        finally
        {
            await PostgresDatabase.DropAsync(options.ConnectionString, connectionString);
        }
    }

    /// <summary>Clients and active support contracts in force in <paramref name="period"/>, eight at a time.</summary>
    private static async Task SeedAsync(IMediator mediator, int count, DateOnly period)
    {
        var cards = DemoClients.Generate(count, seed: 17).ToList();
        var done = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, token) =>
        {
            var client = await mediator.Send(new CreateClient(cards[i], $"bench/{i}"), token);
            var contract = await mediator.Send(new CreateContract
            {
                ClientId = client.Id,
                Kind = ContractKind.Support,
                SignedOn = period.AddMonths(-1).AddDays(-3),
                StartsOn = period.AddMonths(-1),
                EndsOn = period.AddYears(1).AddDays(-1),
                AutoRenew = true,
                MonthlyFee = 1_000m + i % 40 * 250m,
                IncludedHours = 4,
                VatRate = 20,
                Services = ["Консультації з 1С і BAS", "Оновлення конфігурацій"],
                IdempotencyKey = $"bench/{i}",
            }, token);
            await mediator.Send(new ActOnContract(contract.Id, ContractAction.Activate), token);
            if (Interlocked.Increment(ref done) % 500 == 0)
            {
                Console.WriteLine($"  {done:N0}");
            }
        });
    }

    private static async Task AnalyzeAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var analyze = new NpgsqlCommand("ANALYZE", connection);
        await analyze.ExecuteNonQueryAsync();
    }

    private static int Value(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, "--" + name);
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
