using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Hangfire.Storage.SQLite;
using Microsoft.Data.Sqlite;
using Npgsql;
using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.BuildingBlocks.Security;
using OrleansCrm.Host.Jobs;

namespace OrleansCrm.Host.Hosting;

/// <summary>
/// Recurring jobs on Hangfire: the modules' <c>IRecurringJob</c>s scheduled at start, run by a small server on every
/// host, with the dashboard at <see cref="DashboardPath"/> for admins. Embedded mode keeps the jobs in a SQLite file of
/// their own (persistent, so an occurrence that fell due while the host was down still runs); server mode in the
/// product's PostgreSQL database, schema <c>hangfire</c>.
/// </summary>
public static class JobsHosting
{
    public const string DashboardPath = "/hangfire";

    // Not the schema migrator's lock: Hangfire's installer runs on a connection of its own while this one waits.
    private const long SchemaLock = 728349111;

    public static void AddCrmJobs(this WebApplicationBuilder builder, DatabaseOptions database)
    {
        var options = builder.Configuration.GetSection(JobsOptions.Section).Get<JobsOptions>() ?? new JobsOptions();
        var services = builder.Services;
        services.AddSingleton(options);

        // The storage and the activator are this host's own services, registered before AddHangfire: its defaults read
        // them from Hangfire's static globals, which the last host built in a process would set for all (tests build many).
        services.AddSingleton<JobStorage>(sp => CreateStorage(database, options, sp.GetRequiredService<ILogger<JobStorage>>()));
        services.AddSingleton<JobActivator>(sp => new AspNetCoreJobActivator(sp.GetRequiredService<IServiceScopeFactory>()));
        services.AddHangfire((sp, configuration) => configuration
            .UseLogProvider(new HangfireLogs(sp.GetRequiredService<ILoggerFactory>()))
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings());
        services.AddTransient<RecurringJobRunner>();
        // Before the server, so the schedules are in place when it starts looking at them.
        services.AddHostedService<RecurringJobScheduling>();

        if (options.Server)
        {
            services.AddHangfireServer(server =>
            {
                server.WorkerCount = Math.Max(1, options.Workers);
                server.Queues = ["default"];
                server.SchedulePollingInterval = options.SchedulePollingInterval;
                server.ServerName = $"{Environment.MachineName}:{Environment.ProcessId}";
            });
        }
    }

    /// <summary>The dashboard, for the Admin role only; everyone else gets the product's usual 401/403/sign-in page.</summary>
    public static void MapCrmJobs(this WebApplication app) =>
        app.MapHangfireDashboard(DashboardPath, new DashboardOptions
            {
                // ASP.NET Core's authorization below decides; Hangfire's default filter would allow local requests only.
                Authorization = [],
                AsyncAuthorization = [],
                DashboardTitle = "OrleansCrm jobs",
                AppPath = "/",
                // The footer would show the connection string, password included.
                DisplayStorageConnectionString = false,
            })
            .RequireAuthorization(CrmPolicies.Admin);

    private static JobStorage CreateStorage(DatabaseOptions database, JobsOptions options, ILogger logger)
    {
        if (database.Provider == DatabaseProvider.PostgreSql)
        {
            return CreatePostgresStorage(database, options);
        }

        var file = SqliteFile(database, options);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        logger.LogDebug("Jobs are kept in {File}", file);
        return new SQLiteStorage(file, new SQLiteStorageOptions
        {
            QueuePollInterval = options.QueuePollInterval,
            // Without sliding invisibility here: a run still going after this long is handed to another worker (so
            // jobs are idempotent), and one cut off by a stop is run again after this long at the latest.
            InvisibilityTimeout = TimeSpan.FromMinutes(10),
        });
    }

    /// <summary>
    /// A file of its own beside the product's database: Hangfire polls it every few seconds, and the product's SQLite
    /// file has a single writer whose commits should not wait for that.
    /// </summary>
    public static string SqliteFile(DatabaseOptions database, JobsOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.SqliteFile))
        {
            return Path.GetFullPath(options.SqliteFile);
        }

        var product = Path.GetFullPath(new SqliteConnectionStringBuilder(database.ConnectionString).DataSource);
        return Path.Combine(Path.GetDirectoryName(product)!, "jobs.db");
    }

    private static PostgreSqlStorage CreatePostgresStorage(DatabaseOptions database, JobsOptions options)
    {
        // A small pool of its own: long polling holds a connection per worker, and its LISTEN must not ride on the
        // product's pooled connections (which skip the reset on return).
        var connectionString = new NpgsqlConnectionStringBuilder(database.ConnectionString)
        {
            MaxPoolSize = Math.Max(2, options.MaxConnections),
            NoResetOnClose = false,
            ApplicationName = "OrleansCrm jobs",
        }.ConnectionString;
        var storageOptions = new PostgreSqlStorageOptions
        {
            SchemaName = options.Schema,
            PrepareSchemaIfNecessary = true,
            // Fail the start like the rest of the product does when the database is away, rather than start degraded.
            StartupConnectionMaxRetries = 0,
            EnableLongPolling = true,
            QueuePollInterval = options.QueuePollInterval,
            // A running job keeps its claim by heartbeat, so a long run is never handed to a second worker, while the
            // job of a host that died comes back after the timeout.
            UseSlidingInvisibilityTimeout = true,
            InvisibilityTimeout = TimeSpan.FromMinutes(5),
            DistributedLockTimeout = TimeSpan.FromMinutes(1),
        };

        // Hangfire installs or upgrades its schema in the storage's constructor; hosts starting together take turns.
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using (var take = new NpgsqlCommand($"SELECT pg_advisory_lock({SchemaLock})", connection))
        {
            take.ExecuteNonQuery();
        }

        try
        {
            return new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, storageOptions, null), storageOptions);
        }
        finally
        {
            using var release = new NpgsqlCommand($"SELECT pg_advisory_unlock({SchemaLock})", connection);
            release.ExecuteNonQuery();
        }
    }
}
