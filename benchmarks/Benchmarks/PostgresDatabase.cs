using Npgsql;

namespace OrleansCrm.Benchmarks;

internal static class PostgresDatabase
{
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

        return new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = name, MaxPoolSize = 20 }.ConnectionString;
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
