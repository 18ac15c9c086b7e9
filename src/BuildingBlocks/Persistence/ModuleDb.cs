using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace OrleansCrm.BuildingBlocks.Persistence;

/// <summary>
/// A module's hand-written SQL on both databases: table names (<see cref="ModuleTables"/>), and values as each stores
/// them. PostgreSQL has uuid, date and timestamptz; SQLite keeps ids as lower-case text, dates as yyyy-MM-dd and moments
/// as ISO 8601 text in UTC, so text order is time order in both.
/// </summary>
public class ModuleDb(DatabaseOptions database, string module)
{
    private readonly ModuleTables _tables = new(database.Provider, module);

    public DatabaseOptions Options => database;

    public bool IsPostgres => database.Provider == DatabaseProvider.PostgreSql;

    public string Table(string name) => _tables.Sql(name);

    public object Id(Guid id) => database.DbId(id);

    public object? Id(Guid? id) => id is { } value ? database.DbId(value) : null;

    public object? Date(DateOnly? date) => date is not { } value ? null : IsPostgres ? value : value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public object Moment(DateTimeOffset moment) => IsPostgres ? moment.ToUniversalTime() : moment.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public static long Kopiykas(decimal hryvnias) => (long)decimal.Round(hryvnias * 100, 0, MidpointRounding.AwayFromZero);

    public static decimal Hryvnias(long kopiykas) => kopiykas / 100m;

    public static Guid ReadId(DbDataReader reader, int ordinal) =>
        reader.GetFieldValue<object>(ordinal) is Guid id ? id : Guid.Parse(reader.GetString(ordinal));

    public static Guid? ReadNullableId(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : ReadId(reader, ordinal);

    public static DateOnly? ReadDate(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal)
        ? null
        : reader.GetFieldValue<object>(ordinal) switch
        {
            DateOnly date => date,
            DateTime time => DateOnly.FromDateTime(time),
            var text => DateOnly.ParseExact(Convert.ToString(text, CultureInfo.InvariantCulture)!, "yyyy-MM-dd", CultureInfo.InvariantCulture),
        };

    public static DateTimeOffset ReadMoment(DbDataReader reader, int ordinal) => reader.GetFieldValue<object>(ordinal) switch
    {
        DateTime time => new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc)),
        DateTimeOffset moment => moment,
        var text => DateTimeOffset.Parse(Convert.ToString(text, CultureInfo.InvariantCulture)!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
    };

    public static string? ReadText(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    /// <summary>An open connection for a write (SQLite: its transactions begin IMMEDIATE, so two writers queue instead of deadlocking).</summary>
    public Task<DbConnection> OpenAsync() => DatabaseConnections.OpenForWritingAsync(database);

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
