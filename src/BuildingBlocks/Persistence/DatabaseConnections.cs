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
