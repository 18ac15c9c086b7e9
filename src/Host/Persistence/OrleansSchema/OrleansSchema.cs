using Microsoft.Data.Sqlite;
using Npgsql;
using OrleansCrm.BuildingBlocks.Persistence;

namespace OrleansCrm.Host.Persistence.OrleansSchema;

/// <summary>
/// The tables and <c>OrleansQuery</c> rows that Orleans' ADO.NET providers need. The providers read the queries once,
/// at silo start, so this must run before the silo starts.
/// </summary>
internal static class OrleansSchema
{
    /// <summary>Orleans maps this invariant to Microsoft.Data.Sqlite; "Microsoft.Data.Sqlite" itself is rejected.</summary>
    public const string SqliteInvariant = "System.Data.SQLite";

    public const string PostgreSqlInvariant = "Npgsql";

    // Server mode uses all three providers; embedded mode uses localhost clustering and in-memory reminders.
    private static readonly string[] PostgreSqlScripts =
        ["postgresql-persistence.sql", "postgresql-clustering.sql", "postgresql-reminders.sql"];

    private static readonly string[] SqliteScripts = ["sqlite-persistence.sql"];

    /// <summary>Creates or upgrades Orleans' tables and queries; idempotent; safe when several hosts run it at once.</summary>
    public static Task EnsureCreatedAsync(DatabaseProvider provider, string connectionString, CancellationToken cancellationToken) =>
        provider switch
        {
            DatabaseProvider.PostgreSql => EnsurePostgreSqlAsync(connectionString, cancellationToken),
            DatabaseProvider.Sqlite => EnsureSqliteAsync(connectionString, cancellationToken),
            _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "Unknown database provider."),
        };

    private static string ReadScript(string fileName)
    {
        var assembly = typeof(OrleansSchema).Assembly;
        var resource = assembly.GetManifestResourceNames().SingleOrDefault(n => n.EndsWith("." + fileName, StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"Embedded Orleans schema script '{fileName}' is missing.");
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static async Task EnsurePostgreSqlAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);

        // One transaction: each script's pg_advisory_xact_lock then holds until every script has run.
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        foreach (var script in PostgreSqlScripts)
        {
            await using var command = new NpgsqlCommand(ReadScript(script), connection, transaction);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private static async Task EnsureSqliteAsync(string connectionString, CancellationToken cancellationToken)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        var inMemory = builder.Mode == SqliteOpenMode.Memory || builder.DataSource is "" or ":memory:";
        if (!inMemory)
        {
            // SQLite creates the file but not its folder.
            var folder = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
            if (!string.IsNullOrEmpty(folder))
            {
                Directory.CreateDirectory(folder);
            }
        }

        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);

        if (!inMemory)
        {
            // Persistent, so it applies to every later connection (EF Core's too); readers then don't block the writer.
            await using var wal = new SqliteCommand("PRAGMA journal_mode = WAL;", connection);
            await wal.ExecuteScalarAsync(cancellationToken);
        }

        // IMMEDIATE takes the write lock up front, so two processes starting together run the scripts one after the other.
        await using var transaction = connection.BeginTransaction(deferred: false);
        foreach (var script in SqliteScripts)
        {
            await using var command = new SqliteCommand(ReadScript(script), connection, transaction);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }
}
