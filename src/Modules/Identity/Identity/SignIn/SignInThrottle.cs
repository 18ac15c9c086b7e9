using System.Threading.RateLimiting;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace OrleansCrm.Identity.SignIn;

/// <summary>
/// Who may try a password now, per host. Four counts, none of which locks an account for everyone:
/// <list type="bullet">
/// <item>attempts per source address (<see cref="CrmSecurityOptions.SignInAttemptsPerAddress"/> a minute), taken before any work, so a burst cannot get ahead of it;</item>
/// <item>failures per source address (<see cref="CrmSecurityOptions.SignInFailuresPerAddress"/> per <see cref="CrmSecurityOptions.LockoutDuration"/>): one password tried across many users;</item>
/// <item>attempts per user name from addresses this user has not signed in from (<see cref="CrmSecurityOptions.SignInAttemptsPerUser"/> a minute): many addresses guessing one user's password slow down, while the user's own address goes on;</item>
/// <item>failures per user name and address (<see cref="CrmSecurityOptions.MaxFailedSignIns"/> per <see cref="CrmSecurityOptions.LockoutDuration"/>): the old lockout, now for that address only, so nobody can lock the admin out by guessing.</item>
/// </list>
/// A refusal carries when to come back (429 with Retry-After). Names are counted whether or not such a user exists.
/// </summary>
public sealed class SignInThrottle : IDisposable
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    /// <summary>How long an address the user signed in from stays "theirs".</summary>
    private static readonly TimeSpan KnownFor = TimeSpan.FromDays(30);

    private readonly PartitionedRateLimiter<string> _addressAttempts;
    private readonly PartitionedRateLimiter<string> _addressFailures;
    private readonly PartitionedRateLimiter<string> _userAttempts;
    private readonly PartitionedRateLimiter<string> _userAddressFailures;
    private readonly MemoryCache _known = new(new MemoryCacheOptions { SizeLimit = 100_000 });

    public SignInThrottle(IOptions<CrmSecurityOptions> options)
    {
        var security = options.Value;
        _addressAttempts = Limiter(security.SignInAttemptsPerAddress, Minute);
        _addressFailures = Limiter(security.SignInFailuresPerAddress, security.LockoutDuration);
        _userAttempts = Limiter(security.SignInAttemptsPerUser, Minute);
        _userAddressFailures = Limiter(security.MaxFailedSignIns, security.LockoutDuration);
    }

    /// <summary>Takes this attempt's place, or says how long to wait (nothing further is to be done then).</summary>
    public TimeSpan? Enter(string userName, string address)
    {
        var user = Normalize(userName);
        if (Take(_addressAttempts, address, 1) is { } addressWait)
        {
            return addressWait;
        }

        if (!_known.TryGetValue(KnownKey(user, address), out _) && Take(_userAttempts, user, 1) is { } userWait)
        {
            return userWait;
        }

        // Failures are counted when they happen: here only whether any are left.
        return Take(_addressFailures, address, 0) ?? Take(_userAddressFailures, Pair(user, address), 0);
    }

    public void Failed(string userName, string address)
    {
        var user = Normalize(userName);
        Take(_addressFailures, address, 1);
        Take(_userAddressFailures, Pair(user, address), 1);
    }

    /// <summary>The user signed in from here: their later attempts from here skip the per-user count.</summary>
    public void Succeeded(string userName, string address) =>
        _known.Set(KnownKey(Normalize(userName), address), true, new MemoryCacheEntryOptions { SlidingExpiration = KnownFor, Size = 1 });

    public void Dispose()
    {
        _addressAttempts.Dispose();
        _addressFailures.Dispose();
        _userAttempts.Dispose();
        _userAddressFailures.Dispose();
        _known.Dispose();
    }

    private static TimeSpan? Take(PartitionedRateLimiter<string> limiter, string key, int permits)
    {
        using var lease = limiter.AttemptAcquire(key, permits);
        if (lease.IsAcquired)
        {
            return null;
        }

        return lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) && retryAfter > TimeSpan.Zero ? retryAfter : TimeSpan.FromSeconds(1);
    }

    private static PartitionedRateLimiter<string> Limiter(int permits, TimeSpan window) =>
        PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = Math.Max(1, permits),
            Window = window,
            QueueLimit = 0,
            AutoReplenishment = true,
        }));

    private static string Normalize(string userName) => userName.Trim().ToUpperInvariant();

    private static string Pair(string user, string address) => $"{user}\n{address}";

    private static string KnownKey(string user, string address) => Pair(user, address);
}
