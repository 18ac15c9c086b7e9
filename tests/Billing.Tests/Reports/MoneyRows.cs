using System.Globalization;
using OrleansCrm.BuildingBlocks.Persistence;

namespace OrleansCrm.Billing.Tests.Reports;

/// <summary>
/// Writes documents, payments and allocations straight into Billing's tables (0001_create_money), as the document and
/// payment writers would, so the reports are tested on real rows of both databases.
/// </summary>
internal sealed class MoneyRows(DatabaseOptions database)
{
    public const int Invoice = 0;
    public const int Act = 1;

    public const int Draft = 0;
    public const int Issued = 1;
    public const int Sent = 2;
    public const int PartlyPaid = 3;
    public const int Paid = 4;
    public const int Cancelled = 5;

    private static int _seq = 100_000;
    private readonly ModuleTables _tables = new(database.Provider, "billing");
    private Guid? _import;

    /// <summary>A document; an issued one (anything but a draft) gets the next number of its kind and year.</summary>
    public async Task<Guid> DocumentAsync(Guid client, decimal total, DateOnly issuedOn, DateOnly? dueOn, int status = Issued, int kind = Invoice)
    {
        var id = Guid.NewGuid();
        var numbered = status != Draft;
        var seq = numbered ? Interlocked.Increment(ref _seq) : (int?)null;
        await ExecuteAsync(
            $"""
            INSERT INTO {_tables.Sql("documents")} (id, kind, status, year, seq, number, client_id, contract_id, period, issued_on, due_on, net, vat, total, paid, body, version, created_at, updated_at)
            VALUES (@id, @kind, @status, @year, @seq, @number, @client, NULL, NULL, @issued, @due, @net, @vat, @total, 0, 'test', 1, @at, @at)
            """,
            ("@id", database.DbId(id)), ("@kind", kind), ("@status", status), ("@year", numbered ? issuedOn.Year : null),
            ("@seq", seq), ("@number", numbered ? $"T-{seq}" : null), ("@client", database.DbId(client)),
            ("@issued", numbered ? Date(issuedOn) : null), ("@due", dueOn is { } due ? Date(due) : null),
            ("@net", Kopiykas(total)), ("@vat", 0L), ("@total", Kopiykas(total)), ("@at", Moment(DateTimeOffset.UtcNow)));
        return id;
    }

    /// <summary>An incoming payment (unmatched until <see cref="AllocateAsync"/>).</summary>
    public async Task<Guid> PaymentAsync(decimal amount, DateOnly paidOn, DateOnly? receivedOn)
    {
        var id = Guid.NewGuid();
        await ExecuteAsync(
            $"""
            INSERT INTO {_tables.Sql("payments")} (id, payment_key, import_id, account, doc_number, paid_on, received_on, amount, status)
            VALUES (@id, @key, @import, 'UA733220010000026201234567890', @number, @paid, @received, @amount, 0)
            """,
            ("@id", database.DbId(id)), ("@key", id.ToString("N")), ("@import", database.DbId(await ImportAsync())),
            ("@number", id.ToString("N")[..8]), ("@paid", Date(paidOn)), ("@received", receivedOn is { } received ? Date(received) : null),
            ("@amount", Kopiykas(amount)));
        return id;
    }

    /// <summary>Matches the payment to the document's client (once) and allocates this much of it to the document.</summary>
    public async Task AllocateAsync(Guid payment, Guid document, Guid client, decimal amount)
    {
        await ExecuteAsync(
            $"""
            INSERT INTO {_tables.Sql("payment_matches")} (payment_id, client_id, reason, automatic, matched_at, matched_by)
            VALUES (@payment, @client, 'Test', @automatic, @at, 'test') ON CONFLICT (payment_id) DO NOTHING
            """,
            ("@payment", database.DbId(payment)), ("@client", database.DbId(client)),
            ("@automatic", database.Provider == DatabaseProvider.PostgreSql ? true : 1), ("@at", Moment(DateTimeOffset.UtcNow)));
        await ExecuteAsync($"UPDATE {_tables.Sql("payments")} SET status = 1, client_id = @client WHERE id = @payment",
            ("@payment", database.DbId(payment)), ("@client", database.DbId(client)));
        await ExecuteAsync(
            $"INSERT INTO {_tables.Sql("payment_allocations")} (payment_id, document_id, amount) VALUES (@payment, @document, @amount)",
            ("@payment", database.DbId(payment)), ("@document", database.DbId(document)), ("@amount", Kopiykas(amount)));
    }

    private async Task<Guid> ImportAsync()
    {
        if (_import is { } import)
        {
            return import;
        }

        var id = Guid.NewGuid();
        await ExecuteAsync(
            $"""
            INSERT INTO {_tables.Sql("statement_imports")} (id, file_name, format, imported_at, imported_by, imported, duplicates, matched)
            VALUES (@id, 'test.txt', '1c', @at, 'test', 0, 0, 0)
            """,
            ("@id", database.DbId(id)), ("@at", Moment(DateTimeOffset.UtcNow)));
        _import = id;
        return id;
    }

    private async Task ExecuteAsync(string sql, params (string Name, object? Value)[] parameters)
    {
        await using var connection = DatabaseConnections.Create(database);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.AddParameter(name, value);
        }

        await command.ExecuteNonQueryAsync();
    }

    private static long Kopiykas(decimal hryvnias) => (long)(hryvnias * 100);

    private object Date(DateOnly day) =>
        database.Provider == DatabaseProvider.PostgreSql ? day : day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private object Moment(DateTimeOffset at) =>
        database.Provider == DatabaseProvider.PostgreSql ? at.ToUniversalTime() : at.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);
}
