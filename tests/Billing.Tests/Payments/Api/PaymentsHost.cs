using System.Data.Common;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.BuildingBlocks.Security;
using OrleansCrm.Clients.Domain;
using OrleansCrm.Testing;

namespace OrleansCrm.Billing.Tests.Payments.Api;

/// <summary>
/// One host per database kind for the payments API, with the company's account of the sample statements. Tests share the
/// database: each makes its own clients, invoices and payments (a tag in names, unique numbers, amounts and years).
/// </summary>
public abstract class PaymentsHostFixture(DatabaseProvider provider) : IAsyncLifetime
{
    /// <summary>The company's account in tests/Billing.Tests/Samples.</summary>
    public const string CompanyAccount = "UA213223130000026007233566001";

    public TestDatabase Database { get; private set; } = null!;

    public CrmHost Host { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public DatabaseProvider Provider => provider;

    public FlakyPublisher Publisher => (FlakyPublisher)Host.HostServices.GetRequiredService<IPublisher>();

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync(provider);
        // The publisher a test can make fail (PaidNoticeTests); it passes everything through otherwise.
        // Three attempts before a notice is marked failed (PaidNoticeTests), instead of the default ten.
        Host = Database.StartHost(new Dictionary<string, string?> { ["Company:Accounts:0"] = CompanyAccount, ["Billing:Payments:PaidNoticeMaxAttempts"] = "3" },
            services => services.AddSingleton<IPublisher>(sp => new FlakyPublisher(sp.GetRequiredService<IMediator>())));
        Http = Host.Http(CrmRoles.SalesHead);
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await Host.DisposeAsync();
        await Database.DisposeAsync();
    }
}

public sealed class SqlitePaymentsHost() : PaymentsHostFixture(DatabaseProvider.Sqlite);

public sealed class PostgresPaymentsHost() : PaymentsHostFixture(DatabaseProvider.PostgreSql);

[CollectionDefinition(Name)]
public sealed class SqlitePaymentsCollection : ICollectionFixture<SqlitePaymentsHost>
{
    public const string Name = "payments on sqlite";
}

[CollectionDefinition(Name)]
public sealed class PostgresPaymentsCollection : ICollectionFixture<PostgresPaymentsHost>
{
    public const string Name = "payments on postgresql";
}

/// <summary>What the payments tests make and read: clients through the API, invoices as rows, statements as files.</summary>
public sealed class PaymentsData(PaymentsHostFixture fixture)
{
    private static int _next = Random.Shared.Next(1_000, 9_000);
    private static int _year = 2100 + Random.Shared.Next(0, 50) * 100;

    public DatabaseOptions Options => fixture.Database.Options;

    private ModuleTables Tables => new(fixture.Provider, "billing");

    public string Table(string name) => Tables.Sql(name);

    /// <summary>A number unique in this run (several tests share a database).</summary>
    public static int Next() => Interlocked.Increment(ref _next);

    /// <summary>A year no other test's statement uses, so the same sample file makes new payment keys.</summary>
    public static int UniqueYear() => Interlocked.Increment(ref _year);

    /// <summary>An invoice number that ends in 13: swapping its last two digits never gives another test's number.</summary>
    public static string InvoiceNumber(string prefix = "РФ") => $"{prefix}-{Next()}13";

    public static string Edrpou()
    {
        var first = Random.Shared.Next(1_000_000, 9_999_999).ToString(CultureInfo.InvariantCulture);
        return first + TaxId.EdrpouCheckDigit(first);
    }

    public async Task<Guid> ClientAsync(string name, string taxId)
    {
        var response = await fixture.Host.Http().PostAsJsonAsync("/api/clients", new JsonObject { ["legalName"] = name, ["kind"] = "Company", ["taxId"] = taxId });
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.True(response.IsSuccessStatusCode, body.ToJsonString());
        return Guid.Parse(body["id"]!.GetValue<string>());
    }

    /// <summary>An issued invoice of the client, as the documents' part would store it.</summary>
    public async Task<Guid> InvoiceAsync(Guid clientId, string number, decimal total, decimal paid = 0, int status = 1)
    {
        var id = Guid.NewGuid();
        var now = DateTimeOffset.UtcNow;
        var postgres = fixture.Provider == DatabaseProvider.PostgreSql;
        await ExecuteAsync($"""
            INSERT INTO {Table("documents")} (id, kind, status, year, seq, number, client_id, issued_on, due_on, net, vat, total, paid, body, version, created_at, updated_at)
            VALUES (@id, 0, @status, 2026, @seq, @number, @client, @issued, @due, @total, 0, @total, @paid, '{"{}"}', 1, @now, @now)
            """,
            ("@id", Options.DbId(id)), ("@status", status), ("@seq", Next() * 10 + 7), ("@number", number), ("@client", Options.DbId(clientId)),
            ("@issued", postgres ? new DateOnly(2026, 11, 30) : "2026-11-30"), ("@due", postgres ? new DateOnly(2026, 12, 7) : "2026-12-07"),
            ("@total", (long)(total * 100)), ("@paid", (long)(paid * 100)),
            ("@now", postgres ? now : now.ToString("O", CultureInfo.InvariantCulture)));
        return id;
    }

    public async Task<(long Paid, int Status)> InvoiceStateAsync(Guid id)
    {
        await using var connection = DatabaseConnections.Create(Options);
        await connection.OpenAsync();
        await using var command = Command(connection, $"SELECT paid, status FROM {Table("documents")} WHERE id = @id", ("@id", Options.DbId(id)));
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return (reader.GetInt64(0), Convert.ToInt32(reader.GetValue(1), CultureInfo.InvariantCulture));
    }

    public async Task<long> ScalarAsync(string sql, params (string Name, object? Value)[] parameters)
    {
        await using var connection = DatabaseConnections.Create(Options);
        await connection.OpenAsync();
        await using var command = Command(connection, sql, parameters);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    public async Task ExecuteAsync(string sql, params (string Name, object? Value)[] parameters)
    {
        await using var connection = DatabaseConnections.Create(Options);
        await connection.OpenAsync();
        await using var command = Command(connection, sql, parameters);
        await command.ExecuteNonQueryAsync();
    }

    private static DbCommand Command(DbConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.AddParameter(name, value);
        }

        return command;
    }

    /// <summary>A sample statement with its year replaced (ASCII in both encodings), so its payment keys are new.</summary>
    public static byte[] Sample(string file, int year)
    {
        var bytes = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Samples", file));
        var from = Encoding.ASCII.GetBytes("2026");
        var to = Encoding.ASCII.GetBytes(year.ToString(CultureInfo.InvariantCulture));
        var result = new List<byte>(bytes.Length);
        for (var i = 0; i < bytes.Length; i++)
        {
            if (i + 4 <= bytes.Length && bytes.AsSpan(i, 4).SequenceEqual(from))
            {
                result.AddRange(to);
                i += 3;
            }
            else
            {
                result.Add(bytes[i]);
            }
        }

        return [.. result];
    }

    /// <summary>A CSV statement in the default mapping's columns (UTF-8, ';', decimal comma).</summary>
    public static byte[] Csv(IEnumerable<CsvPayment> payments)
    {
        var text = new StringBuilder("Date;Number;Amount;PayerName;PayerTaxId;PayerIban;Purpose\n");
        foreach (var payment in payments)
        {
            text.Append(CultureInfo.InvariantCulture, $"{payment.Date};{payment.Number};{payment.Amount.ToString("0.00", CultureInfo.InvariantCulture).Replace('.', ',')};")
                .Append(CultureInfo.InvariantCulture, $"{payment.Payer};{payment.TaxId};{payment.Iban};\"{payment.Purpose.Replace("\"", "\"\"")}\"\n");
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    public static MultipartFormDataContent Form(byte[] file, string format, string fileName = "statement.txt", params (string Name, string Value)[] fields)
    {
        var form = new MultipartFormDataContent { { new ByteArrayContent(file), "file", fileName }, { new StringContent(format), "format" } };
        foreach (var (name, value) in fields)
        {
            form.Add(new StringContent(value), name);
        }

        return form;
    }
}

public sealed record CsvPayment(string Number, decimal Amount, string Payer, string? TaxId, string Purpose, string Date = "04.12.2026", string? Iban = null);
