using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.Host.Persistence.OrleansSchema;

namespace OrleansCrm.Host.Hosting;

public static class DatabaseHosting
{
    /// <summary>Reads <c>Crm:Database:Provider</c> and <c>ConnectionStrings:Crm</c>; SQLite in ./data is the default.</summary>
    public static DatabaseOptions AddCrmDatabase(this WebApplicationBuilder builder)
    {
        var database = new DatabaseOptions();
        builder.Configuration.GetSection(DatabaseOptions.Section).Bind(database);
        var connectionString = builder.Configuration.GetConnectionString(DatabaseOptions.ConnectionStringName);
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            database.ConnectionString = connectionString;
        }
        else if (database.Provider == DatabaseProvider.PostgreSql)
        {
            throw new InvalidOperationException("Server mode (Crm__Database__Provider=PostgreSQL) needs ConnectionStrings__Crm.");
        }

        database.ConnectionString = database.Provider == DatabaseProvider.PostgreSql
            ? DatabaseConnections.TunePostgres(database.ConnectionString)
            : DatabaseConnections.TuneSqlite(database.ConnectionString);

        builder.Services.AddSingleton(database);
        builder.Services.AddSingleton<SchemaMigrator>();
        builder.Services.AddSingleton<GroupCommitWriter>();
        // Registered before Orleans so the tables and queries exist when the silo reads them.
        builder.Services.AddHostedService<DatabaseBootstrap>();
        return database;
    }
}

/// <summary>
/// Creates or upgrades every schema before anything else starts: Orleans' tables and queries, then each module's
/// migrations. Idempotent, and safe when several hosts start at once.
/// </summary>
internal sealed class DatabaseBootstrap(DatabaseOptions database, SchemaMigrator migrator) : IHostedLifecycleService
{
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        DatabaseConnections.EnsureSqliteFolder(database);
        await OrleansSchema.EnsureCreatedAsync(database.Provider, database.ConnectionString, cancellationToken);
        await migrator.MigrateAsync(cancellationToken);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
