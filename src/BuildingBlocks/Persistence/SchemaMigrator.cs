using System.Data.Common;
using System.Reflection;
using Microsoft.Extensions.Logging;

namespace OrleansCrm.BuildingBlocks.Persistence;

/// <summary>One versioned step of a module's schema, written for one provider.</summary>
public sealed record SqlMigration(int Version, string Name, string Sql);

/// <summary>A module's read tables: its name and its migrations for the running provider.</summary>
public interface IModuleSchema
{
    string Module { get; }

    IReadOnlyList<SqlMigration> Migrations(DatabaseProvider provider);
}

/// <summary>
/// Loads migrations embedded as <c>NNNN_name.sqlite.sql</c> / <c>NNNN_name.postgresql.sql</c>:
/// plain SQL per provider, because the two databases differ exactly where it matters (indexes, types).
/// </summary>
public static class EmbeddedMigrations
{
    public static IReadOnlyList<SqlMigration> Load(Assembly assembly, DatabaseProvider provider)
    {
        var suffix = provider == DatabaseProvider.PostgreSql ? ".postgresql.sql" : ".sqlite.sql";
        var migrations = new List<SqlMigration>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.EndsWith(suffix, StringComparison.Ordinal)))
        {
            // "<namespace>.Migrations.0001_create_clients.postgresql.sql" → version 1, name "create_clients"
            var file = resource[..^suffix.Length];
            file = file[(file.LastIndexOf('.') + 1)..];
            var separator = file.IndexOf('_');
            if (separator <= 0 || !int.TryParse(file[..separator], out var version))
            {
                throw new InvalidOperationException($"Migration resource '{resource}' must be named NNNN_name{suffix}.");
            }

            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            migrations.Add(new SqlMigration(version, file[(separator + 1)..], reader.ReadToEnd()));
        }

        return migrations.OrderBy(m => m.Version).ToList();
    }
}

/// <summary>
/// Applies every module's pending migrations at start-up in one transaction with their bookkeeping rows,
/// so a failed step leaves nothing behind and a second run (or a second host starting at once) changes nothing.
/// </summary>
public sealed class SchemaMigrator(DatabaseOptions database, IEnumerable<IModuleSchema> modules, ILogger<SchemaMigrator> logger)
{
    private const string HistoryTable = "crm_schema_migrations";

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        DatabaseConnections.EnsureSqliteFolder(database);
        await using var connection = DatabaseConnections.Create(database);
        await connection.OpenAsync(cancellationToken);

        // One transaction for the whole run, the lock taken first: hosts starting together queue here and the second
        // finds the work done (even CREATE TABLE IF NOT EXISTS collides in PostgreSQL's catalog when two run at once).
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (database.Provider == DatabaseProvider.PostgreSql)
        {
            await ExecuteAsync(connection, transaction, "SELECT pg_advisory_xact_lock(728349110)", cancellationToken);
        }

        await ExecuteAsync(connection, transaction, $"""
            CREATE TABLE IF NOT EXISTS {HistoryTable} (
                module VARCHAR(64) NOT NULL,
                version INTEGER NOT NULL,
                name VARCHAR(200) NOT NULL,
                applied_at VARCHAR(40) NOT NULL,
                PRIMARY KEY (module, version))
            """, cancellationToken);

        foreach (var module in modules)
        {
            var applied = await AppliedVersionsAsync(connection, transaction, module.Module, cancellationToken);
            var pending = module.Migrations(database.Provider).Where(m => !applied.Contains(m.Version)).ToList();
            if (pending.Count > 0 && database.Provider == DatabaseProvider.PostgreSql)
            {
                // Every module's tables live in a schema of its name (ModuleTables): made here, so a module's first
                // migration cannot forget it (Billing's 0001 did; migrations already applied are never edited).
                await ExecuteAsync(connection, transaction, $"CREATE SCHEMA IF NOT EXISTS {module.Module}", cancellationToken);
            }

            foreach (var migration in pending)
            {
                logger.LogInformation("Applying migration {Module} {Version} {Name}", module.Module, migration.Version, migration.Name);
                await ExecuteAsync(connection, transaction, migration.Sql, cancellationToken);
                await using var record = connection.CreateCommand();
                record.Transaction = transaction;
                record.CommandText = $"INSERT INTO {HistoryTable} (module, version, name, applied_at) VALUES (@module, @version, @name, @at)";
                record.AddParameter("@module", module.Module);
                record.AddParameter("@version", migration.Version);
                record.AddParameter("@name", migration.Name);
                record.AddParameter("@at", DateTimeOffset.UtcNow.ToString("O"));
                await record.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private static async Task<HashSet<int>> AppliedVersionsAsync(DbConnection connection, DbTransaction transaction, string module, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT version FROM {HistoryTable} WHERE module = @module";
        command.AddParameter("@module", module);
        var versions = new HashSet<int>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            versions.Add(reader.GetInt32(0));
        }

        return versions;
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.CommandTimeout = 0; // a migration that fills a column of a big table takes minutes, not the default 30 s
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
