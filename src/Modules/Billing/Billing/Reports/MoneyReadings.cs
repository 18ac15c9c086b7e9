using System.Data.Common;
using System.Globalization;
using OrleansCrm.Billing.Storage;
using OrleansCrm.BuildingBlocks.Persistence;

namespace OrleansCrm.Billing.Reports;

/// <summary>An invoice with something left to pay on a day: its total and what payments received by then allocated to it.</summary>
internal sealed record Receivable(Guid Id, Guid ClientId, string? Number, DateOnly IssuedOn, DateOnly DueOn, long Total, long Paid)
{
    public long Outstanding => Total - Paid;
}

/// <summary>This month's cash and invoicing, in kopiykas.</summary>
internal sealed record MonthToDate(long CashToday, long CashMonth, long InvoicedMonth, long PaidMonth);

/// <summary>One month's invoicing, what has been paid of it, and the cash received in it, in kopiykas.</summary>
internal sealed record MonthTotals(string Month, long Invoiced, long Paid, long Received);

/// <summary>
/// The SQL behind the money reports, on the tables the documents and payments are written to (0001_create_money).
/// Amounts stay kopiykas here. Rules shared by every report:
/// <list type="bullet">
/// <item>an invoice counts once issued (Issued, Sent, PartlyPaid, Paid), never as a draft or once cancelled;</item>
/// <item>a payment counts on the day the money arrived: <c>received_on</c> (ДатаПоступило), else the document's
/// <c>paid_on</c>; every incoming payment is cash, matched or not;</item>
/// <item>what is paid of an invoice is the sum of its allocations (by payments received by the day asked about), so a
/// report for a past day sees the invoices open then.</item>
/// </list>
/// Dates are compared as parameters (no date arithmetic in SQL), so both providers run the same statements.
/// </summary>
internal sealed class MoneyReadings(DatabaseOptions database)
{
    private const int Invoice = 0;

    /// <summary>Issued, Sent, PartlyPaid, Paid.</summary>
    private const string Issued = "1, 2, 3, 4";

    /// <summary>Issued, Sent, PartlyPaid: what can still be owed today.</summary>
    private const string Open = "1, 2, 3";

    private readonly ModuleTables _tables = new(database.Provider, BillingSchema.Name);

    private string Documents => _tables.Sql("documents");

    private string Payments => _tables.Sql("payments");

    private string Allocations => _tables.Sql("payment_allocations");

    private const string Arrived = "COALESCE(p.received_on, p.paid_on)";

    public async Task<MonthToDate> MonthToDateAsync(DateOnly today, CancellationToken cancellationToken)
    {
        var sql = $"""
            SELECT
              (SELECT COALESCE(SUM(p.amount), 0) FROM {Payments} p WHERE {Arrived} = @today),
              (SELECT COALESCE(SUM(p.amount), 0) FROM {Payments} p WHERE {Arrived} >= @first AND {Arrived} <= @today),
              (SELECT COALESCE(SUM(d.total), 0) FROM {Documents} d
                WHERE d.kind = {Invoice} AND d.status IN ({Issued}) AND d.issued_on >= @first AND d.issued_on <= @today),
              (SELECT COALESCE(SUM(a.amount), 0) FROM {Allocations} a JOIN {Documents} d ON d.id = a.document_id
                WHERE d.kind = {Invoice} AND d.status IN ({Issued}) AND d.issued_on >= @first AND d.issued_on <= @today)
            """;
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.AddParameter("@today", Date(today));
        command.AddParameter("@first", Date(new DateOnly(today.Year, today.Month, 1)));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new MonthToDate(Kopiykas(reader[0]), Kopiykas(reader[1]), Kopiykas(reader[2]), Kopiykas(reader[3]));
    }

    /// <summary>
    /// Every invoice issued by <paramref name="asOf"/> with something left to pay on that day. For today (or later) only
    /// open statuses are read; a day in the past also reads Paid ones, which may have been paid after it.
    /// </summary>
    public async Task<IReadOnlyList<Receivable>> ReceivablesAsync(DateOnly asOf, DateOnly today, CancellationToken cancellationToken)
    {
        var sql = $"""
            SELECT d.id, d.client_id, d.number, d.issued_on, COALESCE(d.due_on, d.issued_on), d.total,
              COALESCE((SELECT SUM(a.amount) FROM {Allocations} a JOIN {Payments} p ON p.id = a.payment_id
                        WHERE a.document_id = d.id AND {Arrived} <= @asOf), 0)
            FROM {Documents} d
            WHERE d.kind = {Invoice} AND d.status IN ({(asOf >= today ? Open : Issued)}) AND d.issued_on <= @asOf
            """;
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.AddParameter("@asOf", Date(asOf));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var receivables = new List<Receivable>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var receivable = new Receivable(
                Id(reader[0]), Id(reader[1]), reader.IsDBNull(2) ? null : reader.GetString(2), Day(reader[3]), Day(reader[4]),
                Kopiykas(reader[5]), Kopiykas(reader[6]));
            if (receivable.Outstanding > 0)
            {
                receivables.Add(receivable);
            }
        }

        return receivables;
    }

    /// <summary>Per month from <paramref name="first"/> to <paramref name="last"/> (both the 1st of a month): see <see cref="MonthTotals"/>.</summary>
    public async Task<IReadOnlyList<MonthTotals>> MonthlyAsync(DateOnly first, DateOnly last, CancellationToken cancellationToken)
    {
        var issuedMonth = Month("d.issued_on");
        var arrivedMonth = Month(Arrived);
        var sql = $"""
            SELECT 'i', {issuedMonth}, SUM(d.total) FROM {Documents} d
              WHERE d.kind = {Invoice} AND d.status IN ({Issued}) AND d.issued_on >= @from AND d.issued_on < @to
              GROUP BY {issuedMonth}
            UNION ALL
            SELECT 'p', {issuedMonth}, SUM(a.amount) FROM {Allocations} a JOIN {Documents} d ON d.id = a.document_id
              WHERE d.kind = {Invoice} AND d.status IN ({Issued}) AND d.issued_on >= @from AND d.issued_on < @to
              GROUP BY {issuedMonth}
            UNION ALL
            SELECT 'r', {arrivedMonth}, SUM(p.amount) FROM {Payments} p
              WHERE {Arrived} >= @from AND {Arrived} < @to
              GROUP BY {arrivedMonth}
            """;
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.AddParameter("@from", Date(first));
        command.AddParameter("@to", Date(last.AddMonths(1)));
        var months = new SortedDictionary<string, (long Invoiced, long Paid, long Received)>(StringComparer.Ordinal);
        for (var month = first; month <= last; month = month.AddMonths(1))
        {
            months[MonthKey(month)] = default;
        }

        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var key = reader.GetString(1);
            var amount = Kopiykas(reader[2]);
            var totals = months.GetValueOrDefault(key);
            months[key] = reader.GetString(0) switch
            {
                "i" => totals with { Invoiced = amount },
                "p" => totals with { Paid = amount },
                _ => totals with { Received = amount },
            };
        }

        return months.Select(m => new MonthTotals(m.Key, m.Value.Invoiced, m.Value.Paid, m.Value.Received)).ToList();
    }

    public static string MonthKey(DateOnly day) => day.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    private string Month(string dateExpression) => database.Provider == DatabaseProvider.PostgreSql
        ? $"to_char({dateExpression}, 'YYYY-MM')"
        : $"substr({dateExpression}, 1, 7)";

    private async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = DatabaseConnections.Create(database);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    /// <summary>A date as the column holds it: <c>date</c> in PostgreSQL, ISO text (2026-12-05) in SQLite.</summary>
    private object Date(DateOnly day) =>
        database.Provider == DatabaseProvider.PostgreSql ? day : day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>A sum of bigints is numeric in PostgreSQL and an integer in SQLite.</summary>
    private static long Kopiykas(object value) => value is DBNull ? 0 : Convert.ToInt64(value, CultureInfo.InvariantCulture);

    private static Guid Id(object value) => value is Guid id ? id : Guid.Parse((string)value);

    private static DateOnly Day(object value) => value switch
    {
        DateOnly day => day,
        DateTime moment => DateOnly.FromDateTime(moment),
        string text => DateOnly.ParseExact(text.Length > 10 ? text[..10] : text, "yyyy-MM-dd", CultureInfo.InvariantCulture),
        _ => throw new InvalidOperationException($"A date column held {value.GetType().Name}."),
    };
}
