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
    /// any). Both cut PostgreSQL's CPU per statement. Whatever the connection string sets itself wins.
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

        return builder.ConnectionString;
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
