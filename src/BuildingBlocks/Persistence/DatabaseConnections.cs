using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace OrleansCrm.BuildingBlocks.Persistence;

public static class DatabaseConnections
{
    /// <summary>A new, closed ADO.NET connection to the product's database.</summary>
    public static DbConnection Create(DatabaseOptions database) => database.Provider switch
    {
        DatabaseProvider.PostgreSql => new NpgsqlConnection(database.ConnectionString),
        _ => new SqliteConnection(database.ConnectionString),
    };

    /// <summary>
    /// The product sends the same few statements all day (grain state, projections): let Npgsql prepare them on the
    /// server after a couple of uses, and skip resetting session state on every return to the pool (nothing here sets
    /// any). Both cut PostgreSQL's CPU per statement. Connecting gives up after 5 s. Whatever the connection string sets
    /// itself wins.
    /// </summary>
    public static string TunePostgres(string connectionString)
    {
        // NpgsqlConnectionStringBuilder.ContainsKey is true for every keyword it knows, set or not: ask a plain builder
        // what the string itself says.
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        bool Given(params string[] keywords) => keywords.Any(given.ContainsKey);
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!Given("Max Auto Prepare", "MaxAutoPrepare"))
        {
            builder.MaxAutoPrepare = 64;
            if (!Given("Auto Prepare Min Usages", "AutoPrepareMinUsages"))
            {
                builder.AutoPrepareMinUsages = 2;
            }
        }

        if (!Given("No Reset On Close", "NoResetOnClose"))
        {
            builder.NoResetOnClose = true;
        }

        // A server that does not answer at all (down behind a load balancer, a dropped route) is given up on after 5 s
        // instead of Npgsql's 15: callers get a 503 while they still wait for it.
        if (!Given("Timeout"))
        {
            builder.Timeout = 5;
        }

        // Npgsql arms the command's timeout timer each time it refills its read buffer (8 KB by default), and the timers
        // share one lock with the rest of the process: a funnel report reads 5 MB on two connections at once, and that
        // lock's contention took 12 % of the host's CPU (benchmarks/results/sales.md). 64 KB per connection is 8× fewer.
        if (!Given("Read Buffer Size", "ReadBufferSize"))
        {
            builder.ReadBufferSize = 64 * 1024;
        }

        return builder.ConnectionString;
    }

    /// <summary>
    /// A connection for the product's writes, open. Failing to open means nothing was sent, so it is reported as
    /// <see cref="DatabaseUnavailableException"/> (known: nothing written), not as a commit with an unknown outcome.
    /// SQLite: <c>synchronous = FULL</c> on purpose (a change the product acknowledged survives a power cut, not only a
    /// crash of the process; the group commit spreads the WAL's fsync over the writes that share a commit).
    /// </summary>
    public static async Task<DbConnection> OpenForWritingAsync(DatabaseOptions database)
    {
        var connection = Create(database);
        try
        {
            await connection.OpenAsync();
            if (database.Provider == DatabaseProvider.Sqlite)
            {
                await using var pragma = connection.CreateCommand();
                pragma.CommandText = "PRAGMA synchronous = FULL";
                await pragma.ExecuteNonQueryAsync();
            }

            return connection;
        }
        catch (Exception exception) when (CommitOutcome.IsUnavailable(exception))
        {
            await connection.DisposeAsync();
            throw new DatabaseUnavailableException("The database cannot be reached; nothing was written.", exception);
        }
    }

    /// <summary>
    /// SQLite waits for a busy database (another process holding the write lock) up to the command timeout, 30 s by
    /// default: longer than any caller waits. Five seconds, unless the connection string says otherwise.
    /// </summary>
    public static string TuneSqlite(string connectionString)
    {
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        if (given.ContainsKey("Default Timeout") || given.ContainsKey("DefaultTimeout") || given.ContainsKey("Command Timeout"))
        {
            return connectionString;
        }

        return new SqliteConnectionStringBuilder(connectionString) { DefaultTimeout = 5 }.ConnectionString;
    }

    /// <summary>SQLite creates the file but not its folder; make sure ./data exists before anything opens it.</summary>
    public static void EnsureSqliteFolder(DatabaseOptions database)
    {
        if (database.Provider != DatabaseProvider.Sqlite)
        {
            return;
        }

        var path = new SqliteConnectionStringBuilder(database.ConnectionString).DataSource;
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }
    }
}
