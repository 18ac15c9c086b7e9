using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;
using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.Billing.Storage;

namespace OrleansCrm.Billing.Payments.Storage;

/// <summary>
/// Billing's tables as hand-written SQL sees them, on either provider: their names (schema or prefix), and values in
/// the form each stores them: ids uuid or text, dates <c>date</c> or <c>yyyy-MM-dd</c>, moments <c>timestamptz</c> or ISO
/// 8601 text, amounts whole kopiykas.
/// </summary>
public sealed class MoneyDb(DatabaseOptions database)
{
    private readonly ModuleTables tables = new(database.Provider, BillingSchema.Name);

    public DatabaseOptions Database => database;

    public bool IsPostgres => database.Provider == DatabaseProvider.PostgreSql;

    public string Documents => tables.Sql("documents");
    public string Imports => tables.Sql("statement_imports");
    public string Payments => tables.Sql("payments");
    public string Matches => tables.Sql("payment_matches");
    public string Allocations => tables.Sql("payment_allocations");

    public object Id(Guid id) => database.DbId(id);

    public object? Id(Guid? id) => id is { } value ? database.DbId(value) : null;

    public object Date(DateOnly date) => IsPostgres ? date : date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public object? Date(DateOnly? date) => date is { } value ? Date(value) : null;

    public object Moment(DateTimeOffset moment) => IsPostgres ? moment.ToUniversalTime() : moment.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    public static long Kopiykas(decimal hryvnias) => (long)decimal.Round(hryvnias * 100m, 0, MidpointRounding.AwayFromZero);

    public static decimal Hryvnias(long kopiykas) => kopiykas / 100m;

    public static Guid ReadId(DbDataReader reader, int ordinal) =>
        reader.GetValue(ordinal) is Guid id ? id : Guid.Parse(reader.GetString(ordinal));

    public static Guid? ReadOptionalId(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : ReadId(reader, ordinal);

    public static DateOnly ReadDate(DbDataReader reader, int ordinal) => reader.GetValue(ordinal) switch
    {
        DateOnly date => date,
        DateTime moment => DateOnly.FromDateTime(moment),
        var text => DateOnly.ParseExact(Convert.ToString(text, CultureInfo.InvariantCulture)![..10], "yyyy-MM-dd", CultureInfo.InvariantCulture),
    };

    public static DateOnly? ReadOptionalDate(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : ReadDate(reader, ordinal);

    public static DateTimeOffset ReadMoment(DbDataReader reader, int ordinal) => reader.GetValue(ordinal) switch
    {
        DateTimeOffset moment => moment,
        DateTime moment => new DateTimeOffset(DateTime.SpecifyKind(moment, DateTimeKind.Utc)),
        var text => DateTimeOffset.Parse(Convert.ToString(text, CultureInfo.InvariantCulture)!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
    };

    public static string? ReadText(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    /// <summary>A command on the connection, in the transaction, with named parameters (null is SQL NULL).</summary>
    public static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.AddParameter(name, value);
        }

        return command;
    }

    public static async Task<int> ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>A unique or primary key refused the row (PostgreSQL 23505; SQLite's constraint codes for them).</summary>
    public static bool IsUniqueViolation(Exception exception) => exception switch
    {
        PostgresException postgres => postgres.SqlState == PostgresErrorCodes.UniqueViolation,
        SqliteException sqlite => sqlite.SqliteErrorCode == 19 && sqlite.SqliteExtendedErrorCode is 1555 or 2067,
        _ => false,
    };
}
