using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;

namespace OrleansCrm.Benchmarks.ServiceDesk;

/// <summary>
/// PostgreSQL's own single-row insert rate on this machine: N concurrent Npgsql connections, each inserting one row
/// per statement and committing it (autocommit), into a table shaped like the ticket list, in the benchmark's database
/// (same server settings as the product's writes). pgbench, when installed, repeats it as a cross-check outside .NET.
/// </summary>
internal static partial class InsertBaseline
{
    private const string Columns = "(id, queue, client_id, subject, priority, status, required_skill, created_at)";

    public static async Task CreateTableAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand(
            """
            CREATE TABLE IF NOT EXISTS bench_single_row_inserts (
                id uuid PRIMARY KEY, queue varchar(50) NOT NULL, client_id uuid NOT NULL, subject varchar(300) NOT NULL,
                priority varchar(16) NOT NULL, status varchar(16) NOT NULL, required_skill varchar(50) NOT NULL, created_at bigint NOT NULL)
            """, connection);
        await create.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// Empties the table, so that autovacuum, which a hundred thousand new rows call in, does not run on it during the
    /// tickets' runs that follow each baseline.
    /// </summary>
    public static async Task EmptyTableAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var truncate = new NpgsqlCommand("TRUNCATE bench_single_row_inserts", connection);
        await truncate.ExecuteNonQueryAsync();
    }

    public static async Task<Samples> RunAsync(string connectionString, int connections, TimeSpan duration, int maxRows)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = connections, MinPoolSize = 0 };
        await using var source = NpgsqlDataSource.Create(builder.ConnectionString);
        var samples = new Samples($"single-row INSERT, {connections} connections") { Concurrency = connections };
        var rows = 0;
        var cpu = CpuUse.Take();
        var run = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, connections).Select(_ => Task.Run(async () =>
        {
            await using var connection = await source.OpenConnectionAsync();
            await using var insert = new NpgsqlCommand(
                $"INSERT INTO bench_single_row_inserts {Columns} VALUES ($1, 'support', $2, 'Не формується звіт', 'Normal', 'New', 'medoc', $3)", connection);
            insert.Parameters.Add(new NpgsqlParameter<Guid>());
            insert.Parameters.Add(new NpgsqlParameter<Guid>());
            insert.Parameters.Add(new NpgsqlParameter<long>());
            await insert.PrepareAsync();
            while (run.Elapsed < duration && Interlocked.Increment(ref rows) <= maxRows)
            {
                var start = Stopwatch.GetTimestamp();
                ((NpgsqlParameter<Guid>)insert.Parameters[0]).TypedValue = Guid.CreateVersion7();
                ((NpgsqlParameter<Guid>)insert.Parameters[1]).TypedValue = Guid.CreateVersion7();
                ((NpgsqlParameter<long>)insert.Parameters[2]).TypedValue = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
                await insert.ExecuteNonQueryAsync();
                samples.Add(start);
            }
        })));
        samples.Elapsed = run.Elapsed;
        samples.Cpu = CpuUse.Since(cpu);
        return samples;
    }

    /// <summary>pgbench's tps for the same insert on <paramref name="connections"/> connections, or null when pgbench is missing or fails.</summary>
    public static async Task<(double Tps, double MeanLatencyMs, CpuUse? Cpu)?> PgbenchAsync(string connectionString, int connections, TimeSpan duration)
    {
        var pgbench = new[] { "/usr/bin/pgbench", "/usr/local/bin/pgbench" }.FirstOrDefault(File.Exists);
        if (pgbench is null)
        {
            return null;
        }

        var settings = new NpgsqlConnectionStringBuilder(connectionString);
        if (settings.Host is not ("127.0.0.1" or "localhost"))
        {
            return null; // the benchmark only talks to this machine
        }

        var script = Path.GetTempFileName();
        await File.WriteAllTextAsync(script,
            $"INSERT INTO bench_single_row_inserts {Columns} VALUES (gen_random_uuid(), 'support', gen_random_uuid(), 'Не формується звіт', 'Normal', 'New', 'medoc', 0);\n");
        try
        {
            var start = new ProcessStartInfo(pgbench)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                ArgumentList =
                {
                    "-n", "-M", "prepared", "-c", connections.ToString(CultureInfo.InvariantCulture), "-j", "2",
                    "-T", ((int)duration.TotalSeconds).ToString(CultureInfo.InvariantCulture), "-f", script,
                    "-h", "127.0.0.1", "-p", settings.Port.ToString(CultureInfo.InvariantCulture), "-U", settings.Username!, settings.Database!,
                },
            };
            start.Environment["PGPASSWORD"] = settings.Password;
            // The same transport as the Npgsql connections: TLS only when their connection string asks for it.
            start.Environment["PGSSLMODE"] = settings.SslMode == Npgsql.SslMode.Disable ? "disable" : "prefer";
            var cpu = CpuUse.Take();
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(duration + TimeSpan.FromSeconds(30));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                Console.WriteLine("pgbench did not finish in time; left out.");
                return null;
            }

            var text = await output;
            var tps = Tps().Match(text);
            var latency = Latency().Match(text);
            if (process.ExitCode != 0 || !tps.Success)
            {
                Console.WriteLine($"pgbench failed: {await error}");
                return null;
            }

            return (double.Parse(tps.Groups[1].Value, CultureInfo.InvariantCulture),
                latency.Success ? double.Parse(latency.Groups[1].Value, CultureInfo.InvariantCulture) : double.NaN, CpuUse.Since(cpu));
        }
        finally
        {
            File.Delete(script);
        }
    }

    [GeneratedRegex(@"tps = ([0-9.]+) \(without initial connection time\)")]
    private static partial Regex Tps();

    [GeneratedRegex(@"latency average = ([0-9.]+) ms")]
    private static partial Regex Latency();
}
