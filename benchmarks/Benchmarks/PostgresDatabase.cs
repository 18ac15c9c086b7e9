using Npgsql;

namespace OrleansCrm.Benchmarks;

internal static class PostgresDatabase
{
    /// <summary>True when a database of that name exists: a kept data set is reused instead of loaded again.</summary>
    public static async Task<bool> ExistsAsync(string serverConnectionString, string name)
    {
        await using var connection = new NpgsqlConnection(serverConnectionString);
        await connection.OpenAsync();
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
        exists.Parameters.AddWithValue("name", name);
        return await exists.ExecuteScalarAsync() is not null;
    }

    public static string ConnectionString(string serverConnectionString, string name) =>
        new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = name, MaxPoolSize = 20 }.ConnectionString;

    public static async Task<string> CreateAsync(string serverConnectionString, string name)
    {
        await using var connection = new NpgsqlConnection(serverConnectionString);
        await connection.OpenAsync();
        await using (var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection))
        {
            await drop.ExecuteNonQueryAsync();
        }

        await using (var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection))
        {
            await create.ExecuteNonQueryAsync();
        }

        // Only the bulk load commits; losing it in a crash costs nothing, and fsync per row would make the load the benchmark.
        await using (var fast = new NpgsqlCommand($"ALTER DATABASE \"{name}\" SET synchronous_commit = off", connection))
        {
            await fast.ExecuteNonQueryAsync();
        }

        return ConnectionString(serverConnectionString, name);
    }

    public static async Task DropAsync(string serverConnectionString, string databaseConnectionString)
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(serverConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{new NpgsqlConnectionStringBuilder(databaseConnectionString).Database}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
