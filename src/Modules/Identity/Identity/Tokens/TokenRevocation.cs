using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OrleansCrm.Identity.Store;

namespace OrleansCrm.Identity.Tokens;

/// <summary>
/// A bearer token stays valid only while its user's security stamp is the one it was issued with: changing roles,
/// the specialist link, the password or locking the user renews the stamp, and older tokens stop working within
/// <see cref="CacheFor"/> (cookies are re-checked the same way by Identity's security stamp validator).
/// </summary>
public sealed class TokenRevocation(IServiceScopeFactory scopes, IMemoryCache cache, IOptions<IdentityOptions> identity)
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);

    private readonly Lock _gate = new();

    public async Task<bool> IsCurrentAsync(ClaimsPrincipal principal)
    {
        var userId = principal.FindFirstValue(identity.Value.ClaimsIdentity.UserIdClaimType);
        var stamp = principal.FindFirstValue(identity.Value.ClaimsIdentity.SecurityStampClaimType);
        if (userId is null || stamp is null)
        {
            return false;
        }

        var key = $"crm:stamp:{userId}";
        Lazy<Task<string?>> loading;
        lock (_gate)
        {
            // One load per user at a time: when the entry expires under load, every request in flight would otherwise
            // query the database at once (seen in benchmarks/results/service-desk.md as a burst of slow requests).
            loading = cache.GetOrCreate(key, entry =>
            {
                entry.AbsoluteExpirationRelativeToNow = CacheFor;
                return new Lazy<Task<string?>>(() => LoadAsync(userId));
            })!;
        }

        string? current;
        try
        {
            current = await loading.Value;
        }
        catch
        {
            cache.Remove(key); // not a failure to remember: the next request tries again
            throw;
        }

        return current is not null && string.Equals(current, stamp, StringComparison.Ordinal);
    }

    private async Task<string?> LoadAsync(string userId)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<CrmUser>>();
        var user = await users.FindByIdAsync(userId);
        return user?.SecurityStamp;
    }

    /// <summary>After a change made on this host, its next request sees it at once.</summary>
    public void Forget(string userId) => cache.Remove($"crm:stamp:{userId}");
}
