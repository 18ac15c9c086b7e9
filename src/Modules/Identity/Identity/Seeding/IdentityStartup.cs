using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Hosting;
using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.Identity.Tokens;

namespace OrleansCrm.Identity.Seeding;

/// <summary>
/// Before the host takes requests (the schema exists by then): the token signing key is read, the Data Protection key
/// ring is made or read, and the users the product needs are seeded.
/// </summary>
internal sealed class IdentityStartup(TokenSigningKey signingKey, IDataProtectionProvider dataProtection, DatabaseOptions database, UserSeeding seeding)
    : IHostedService
{
    private const long KeyRingLock = 728349111;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await signingKey.LoadAsync(cancellationToken);
        await EnsureKeyRingAsync(cancellationToken);
        await seeding.SeedAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Data Protection makes its first key when it first needs one. Hosts starting together would each make their own
    /// and not read each other's cookies until their next refresh, so the first use is taken here, one host at a time.
    /// </summary>
    private async Task EnsureKeyRingAsync(CancellationToken cancellationToken)
    {
        if (database.Provider != DatabaseProvider.PostgreSql)
        {
            dataProtection.CreateProtector("OrleansCrm.KeyRing").Protect([1]);
            return;
        }

        await using var connection = DatabaseConnections.Create(database);
        await connection.OpenAsync(cancellationToken);
        await using (var take = connection.CreateCommand())
        {
            take.CommandText = $"SELECT pg_advisory_lock({KeyRingLock})";
            await take.ExecuteNonQueryAsync(cancellationToken);
        }

        try
        {
            dataProtection.CreateProtector("OrleansCrm.KeyRing").Protect([1]);
        }
        finally
        {
            await using var release = connection.CreateCommand();
            release.CommandText = $"SELECT pg_advisory_unlock({KeyRingLock})";
            await release.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }
}
