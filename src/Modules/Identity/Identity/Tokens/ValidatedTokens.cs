using System.Security.Claims;
using Microsoft.Extensions.Caching.Memory;

namespace OrleansCrm.Identity.Tokens;

/// <summary>
/// Bearer tokens this process has already validated, by their exact text (or their request's exact Authorization header),
/// until they expire. A token's signature,
/// issuer, audience and claims check out the same way on every request (the signing key is fixed for the process's
/// life), so a client that sends its token with each call gets it parsed and verified once instead of per request —
/// a noticeable share of a small API call's CPU. What can change — the user's security stamp — is still checked on
/// every request (<see cref="TokenRevocation"/>). Each request gets its own copy of the principal.
/// </summary>
public sealed class ValidatedTokens(TimeProvider time) : IDisposable
{
    /// <summary>At most this many tokens are kept (about a kilobyte each); past it the cache compacts.</summary>
    public const int Capacity = 10_000;

    private readonly MemoryCache _tokens = new(new MemoryCacheOptions { SizeLimit = Capacity });

    public bool TryGet(string key, out ClaimsPrincipal principal)
    {
        if (_tokens.TryGetValue(key, out Entry? entry) && entry!.Expires > time.GetUtcNow())
        {
            principal = entry.Principal.Clone();
            return true;
        }

        principal = null!;
        return false;
    }

    public void Remember(string key, ClaimsPrincipal principal, DateTimeOffset expires)
    {
        if (expires > time.GetUtcNow())
        {
            _tokens.Set(key, new Entry(principal.Clone(), expires), new MemoryCacheEntryOptions { Size = 1, AbsoluteExpiration = expires });
        }
    }

    public void Dispose() => _tokens.Dispose();

    private sealed record Entry(ClaimsPrincipal Principal, DateTimeOffset Expires);
}
