using System.Data.Common;
using OrleansCrm.BuildingBlocks.Persistence;

namespace OrleansCrm.Identity.Store;

/// <summary>
/// Secrets every host of the product must agree on, kept in the product's database. The first host to need one
/// writes it; a host racing it loses the insert and reads the winner's value, so all end up with the same one.
/// </summary>
public sealed class SharedSecrets(DatabaseOptions database)
{
    private readonly string _table = UsersDbContext.Tables(database.Provider).Sql("secrets");

    public async Task<string> GetOrAddAsync(string name, Func<string> create, CancellationToken cancellationToken)
    {
        await using var connection = DatabaseConnections.Create(database);
        await connection.OpenAsync(cancellationToken);
        await using (var insert = connection.CreateCommand())
        {
            insert.CommandText = $"INSERT INTO {_table} (name, value, created_at) VALUES (@name, @value, @at) ON CONFLICT (name) DO NOTHING";
            insert.AddParameter("@name", name);
            insert.AddParameter("@value", create());
            insert.AddParameter("@at", DateTimeOffset.UtcNow.ToString("O"));
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        return await ReadAsync(connection, name, cancellationToken)
            ?? throw new InvalidOperationException($"The shared secret '{name}' was neither written nor found.");
    }

    private async Task<string?> ReadAsync(DbConnection connection, string name, CancellationToken cancellationToken)
    {
        await using var select = connection.CreateCommand();
        select.CommandText = $"SELECT value FROM {_table} WHERE name = @name";
        select.AddParameter("@name", name);
        return await select.ExecuteScalarAsync(cancellationToken) as string;
    }
}
