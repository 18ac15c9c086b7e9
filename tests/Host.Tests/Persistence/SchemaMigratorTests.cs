using System.Data.Common;
using Microsoft.Extensions.Logging.Abstractions;
using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.Testing;

namespace OrleansCrm.Host.Tests.Persistence;

/// <summary>Module migrations: concurrent hosts apply each step once; a failing step leaves nothing behind.</summary>
public abstract class SchemaMigratorTests(DatabaseProvider provider) : DatabaseTest(provider)
{

    [Fact]
    public async Task Hosts_starting_together_apply_each_migration_once()
    {
        var schema = new TestSchema(new SqlMigration(1, "create", "CREATE TABLE migrator_probe (id INTEGER PRIMARY KEY)"));
        var runs = Provider == DatabaseProvider.PostgreSql ? 4 : 1; // one embedded host per SQLite file
        await Task.WhenAll(Enumerable.Range(0, runs).Select(_ => Task.Run(() => Migrator(schema).MigrateAsync(CancellationToken.None))));
        await Migrator(schema).MigrateAsync(CancellationToken.None);

        Assert.Equal(1L, await ScalarAsync("SELECT count(*) FROM crm_schema_migrations WHERE module = 'probe'"));
    }

    [Fact]
    public async Task A_failing_migration_leaves_nothing_behind()
    {
        var schema = new TestSchema(
            new SqlMigration(1, "create", "CREATE TABLE migrator_half (id INTEGER PRIMARY KEY)"),
            new SqlMigration(2, "broken", "CREATE TABLE migrator_half (id INTEGER PRIMARY KEY)"));

        await Migrator(new TestSchema()).MigrateAsync(CancellationToken.None); // an earlier, successful start
        await Assert.ThrowsAnyAsync<DbException>(() => Migrator(schema).MigrateAsync(CancellationToken.None));

        Assert.Equal(0L, await ScalarAsync("SELECT count(*) FROM crm_schema_migrations WHERE module = 'probe'"));
        var table = Provider == DatabaseProvider.PostgreSql
            ? "SELECT count(*) FROM information_schema.tables WHERE table_name = 'migrator_half'"
            : "SELECT count(*) FROM sqlite_master WHERE name = 'migrator_half'";
        Assert.Equal(0L, await ScalarAsync(table));
    }

    private SchemaMigrator Migrator(IModuleSchema schema) => new(Database.Options, [schema], NullLogger<SchemaMigrator>.Instance);

    private sealed class TestSchema(params SqlMigration[] migrations) : IModuleSchema
    {
        public string Module => "probe";

        public IReadOnlyList<SqlMigration> Migrations(DatabaseProvider provider) => migrations;
    }
}

public sealed class SqliteSchemaMigratorTests() : SchemaMigratorTests(DatabaseProvider.Sqlite);

public sealed class PostgresSchemaMigratorTests() : SchemaMigratorTests(DatabaseProvider.PostgreSql);
