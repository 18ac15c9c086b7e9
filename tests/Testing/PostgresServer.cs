using Npgsql;

namespace OrleansCrm.Testing;

/// <summary>
/// The real PostgreSQL the test script starts (scripts/postgres.sh), or the one CRM_TEST_POSTGRES names.
/// Each fixture gets a database of its own, dropped when it is done.
/// </summary>
public static class PostgresServer
{
    public const string DefaultConnectionString = "Host=127.0.0.1;Port=5432;Username=crm;Password=crm;Database=crm;Maximum Pool Size=40";

    public static string BaseConnectionString =>
        Environment.GetEnvironmentVariable("CRM_TEST_POSTGRES") is { Length: > 0 } configured ? configured : DefaultConnectionString;

    public static async Task<string> CreateDatabaseAsync(string prefix = "crm_test")
    {
        var name = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 33, 63)];
        await using (var connection = new NpgsqlConnection(BaseConnectionString))
        {
            try
            {
                await connection.OpenAsync();
            }
            catch (Exception exception)
            {
                throw new InvalidOperationException(
                    "PostgreSQL is not reachable. Run the tests through scripts/test.sh (it installs and starts PostgreSQL), " +
                    $"or point CRM_TEST_POSTGRES at a server. Tried: {new NpgsqlConnectionStringBuilder(BaseConnectionString) { Password = "***" }}", exception);
            }

            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(BaseConnectionString) { Database = name }.ConnectionString;
    }

    /// <summary>Drops a test's database; one that cannot be dropped now is left behind rather than failing the test.</summary>
    public static async Task DropDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        NpgsqlConnection.ClearAllPools();
        try
        {
            await using var connection = new NpgsqlConnection(BaseConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
            await command.ExecuteNonQueryAsync();
        }
        catch (PostgresException exception)
        {
            Console.Error.WriteLine($"Test database {name} was left behind: {exception.MessageText}");
        }
    }
}
