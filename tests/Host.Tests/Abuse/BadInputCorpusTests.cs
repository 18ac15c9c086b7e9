using System.Data.Common;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.BuildingBlocks.Security;
using OrleansCrm.Testing;
using Xunit.Abstractions;

namespace OrleansCrm.Host.Tests.Abuse;

/// <summary>A host of its own for the corpus: nothing else writes to its database while the corpus compares it.</summary>
public abstract class CorpusHostFixture(DatabaseProvider provider) : HostFixture(provider);

public sealed class SqliteCorpusHostFixture() : CorpusHostFixture(DatabaseProvider.Sqlite);

public sealed class PostgresCorpusHostFixture() : CorpusHostFixture(DatabaseProvider.PostgreSql);

/// <summary>
/// Every operation of the OpenAPI document meets the bad-input corpus (<see cref="BadRequests"/>) as a signed-in user
/// holding every role but Specialist (Admin included): no request is answered with a 500, and a refused request
/// (any 4xx) leaves every table of the database as it was (row counts and a checksum of every row).
/// </summary>
public abstract partial class BadInputCorpusTests(CorpusHostFixture fixture, ITestOutputHelper output)
{
    private readonly HttpClient _http = fixture.Http;

    [Fact]
    public async Task No_bad_request_gets_a_500_and_no_refused_request_writes_anything()
    {
        var ids = await SeedAsync();
        var document = JsonNode.Parse(await _http.GetStringAsync("/openapi/v1.json"))!;
        var corpus = new BadRequests(document, (path, name) => IdFor(ids, path, name)).All().ToList();
        Assert.True(corpus.Count > 1000, $"only {corpus.Count} requests generated");

        var failures = new List<string>();
        var counts = new Dictionary<int, int>();
        var before = await SettledSnapshotAsync();
        var refusedSince = new List<BadRequest>();
        foreach (var operation in corpus.GroupBy(r => r.Operation))
        {
            foreach (var request in operation)
            {
                var status = await SendAsync(request);
                counts[status] = counts.GetValueOrDefault(status) + 1;
                if (status >= 500)
                {
                    failures.Add($"{status} {request}");
                }

                if (status is >= 200 and < 300 && request.Method != HttpMethod.Get)
                {
                    // Accepted: it may write, now and a moment later (a grain's follow-up saves). Compared from when it is done.
                    before = await SettledSnapshotAsync();
                    refusedSince.Clear();
                }
                else if (status >= 400)
                {
                    refusedSince.Add(request);
                }
            }

            var after = await SnapshotAsync();
            var changed = after.Where(t => !before.TryGetValue(t.Key, out var was) || was != t.Value).Select(t => t.Key).ToList();
            if (changed.Count > 0)
            {
                failures.Add($"{operation.Key}: refused requests changed {string.Join(", ", changed)} (since: {string.Join("; ", refusedSince.Select(r => r.Case).Take(5))}…)");
                before = after;
            }

            refusedSince.Clear();
        }

        output.WriteLine($"{corpus.Count} requests over {corpus.Select(r => r.Operation).Distinct().Count()} operations: "
            + string.Join(", ", counts.OrderBy(c => c.Key).Select(c => $"{c.Value} × {c.Key}")));
        Assert.True(failures.Count == 0, $"{failures.Count} failures:\n{string.Join("\n", failures.Take(200))}");
    }

    private async Task<int> SendAsync(BadRequest request)
    {
        using var message = new HttpRequestMessage(request.Method, request.Url) { Content = BadRequests.Content(request) };
        foreach (var (name, value) in request.Headers)
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }

        try
        {
            using var response = await _http.SendAsync(message);
            return (int)response.StatusCode;
        }
        catch (HttpRequestException exception)
        {
            output.WriteLine($"{request}: {exception.Message}");
            return 599;
        }
    }

    /// <summary>A client, a specialist, a waiting ticket and a user of their own, so ids in paths reach the handlers.</summary>
    private async Task<Dictionary<string, string>> SeedAsync()
    {
        var client = JsonNode.Parse(await (await _http.PostAsJsonAsync("/api/clients", new { legalName = "ТОВ «Корпус»" })).Content.ReadAsStringAsync())!["id"]!.ToString();
        var specialist = JsonNode.Parse(await (await _http.PostAsJsonAsync("/api/specialists", new { name = "Корпус Олена", skills = new[] { new { code = "medoc", level = 2 } } })).Content.ReadAsStringAsync())!["id"]!.ToString();
        var ticket = JsonNode.Parse(await (await _http.PostAsJsonAsync("/api/tickets", new { clientId = client, subject = "Корпус", priority = "Normal", requiredSkill = "nobody-has-it" })).Content.ReadAsStringAsync())!["id"]!.ToString();
        await fixture.Host.TokenAsync("corpus-victim", [CrmRoles.Manager]);
        var users = JsonNode.Parse(await _http.GetStringAsync("/api/users"))!.AsArray();
        var user = users.First(u => (string?)u!["userName"] == "corpus-victim")!["id"]!.ToString();
        return new Dictionary<string, string> { ["clients"] = client, ["specialists"] = specialist, ["tickets"] = ticket, ["users"] = user };
    }

    private static string IdFor(Dictionary<string, string> ids, string path, string name)
    {
        if (name == "action")
        {
            return "pause";
        }

        var resource = path.Split('/', StringSplitOptions.RemoveEmptyEntries).ElementAtOrDefault(1) ?? "";
        return ids.GetValueOrDefault(resource) ?? Guid.NewGuid().ToString();
    }

    /// <summary>The tables once two readings 500 ms apart agree: what accepted requests set off has been written.</summary>
    private async Task<Dictionary<string, string>> SettledSnapshotAsync()
    {
        var last = await SnapshotAsync();
        for (var i = 0; i < 20; i++)
        {
            await Task.Delay(500);
            var now = await SnapshotAsync();
            if (now.Count == last.Count && now.All(t => last.TryGetValue(t.Key, out var was) && was == t.Value))
            {
                return now;
            }

            last = now;
        }

        return last;
    }

    /// <summary>Every table but the ones that change on their own (membership, reminders, jobs): its row count and a checksum.</summary>
    private async Task<Dictionary<string, string>> SnapshotAsync()
    {
        await using var connection = DatabaseConnections.Create(fixture.Database.Options);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = fixture.Provider == DatabaseProvider.Sqlite
                ? "SELECT '\"' || name || '\"' FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
                : "SELECT '\"' || table_schema || '\".\"' || table_name || '\"' FROM information_schema.tables WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema', 'hangfire')";
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        var snapshot = new Dictionary<string, string>();
        foreach (var table in tables.Where(t => !Volatile().IsMatch(t)))
        {
            snapshot[table] = await ChecksumAsync(connection, table);
        }

        return snapshot;
    }

    private static async Task<string> ChecksumAsync(DbConnection connection, string table)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT * FROM {table}";
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            var row = new StringBuilder();
            for (var i = 0; i < reader.FieldCount; i++)
            {
                var value = reader.GetValue(i);
                row.Append(value is byte[] bytes ? Convert.ToBase64String(bytes) : Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)).Append('\u001f');
            }

            rows.Add(row.ToString());
        }

        rows.Sort(StringComparer.Ordinal);
        return $"{rows.Count} rows {Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\u001e', rows))))[..16]}";
    }

    [GeneratedRegex("membership|reminder|hangfire|queries|query", RegexOptions.IgnoreCase)]
    private static partial Regex Volatile();
}

public sealed class SqliteBadInputCorpusTests(SqliteCorpusHostFixture fixture, ITestOutputHelper output) : BadInputCorpusTests(fixture, output), IClassFixture<SqliteCorpusHostFixture>;

public sealed class PostgresBadInputCorpusTests(PostgresCorpusHostFixture fixture, ITestOutputHelper output) : BadInputCorpusTests(fixture, output), IClassFixture<PostgresCorpusHostFixture>;
