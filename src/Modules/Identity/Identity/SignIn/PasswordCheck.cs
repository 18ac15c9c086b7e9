using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using OrleansCrm.Identity.Store;

namespace OrleansCrm.Identity.SignIn;

/// <summary>Why a sign-in got no session.</summary>
public enum SignInRefusal
{
    /// <summary>No such user, or the wrong password: the two are not told apart, by the answer or by its time.</summary>
    InvalidCredentials,

    /// <summary>The right password of an account an administrator locked (said only to whoever knows the password).</summary>
    LockedOut,

    /// <summary>Too many attempts from this address or for this user: come back after <see cref="SignInVerdict.RetryAfter"/>.</summary>
    Throttled,
}

public sealed record SignInVerdict(CrmUser? User, SignInRefusal? Refusal, TimeSpan? RetryAfter = null, DateTimeOffset? LockedUntil = null);

/// <summary>
/// The one password check of both doors (the login form and <c>POST /api/auth/token</c>): the throttle first, then the
/// same work for a name that has no user as for one that has (a password hash is verified either way), and an
/// administrator's lock only after the right password, so neither a 423 nor the time taken tells who exists.
/// Wrong passwords never lock an account (see <see cref="SignInThrottle"/>).
/// </summary>
public sealed class PasswordCheck(SignInThrottle throttle)
{
    /// <summary>
    /// Password hashes checked at once: each costs tens of milliseconds of CPU and a database connection, so a burst the
    /// throttle let through waits its turn here instead of starving the rest of the host (and its connection pool).
    /// </summary>
    private readonly SemaphoreSlim _checking = new(Math.Max(2, Environment.ProcessorCount));

    /// <summary>A hash made by the same hasher as the users' (its iterations), of a password nobody knows.</summary>
    private string? _standInHash;

    public async Task<SignInVerdict> CheckAsync(UserManager<CrmUser> users, string userName, string password, string address)
    {
        if (throttle.Enter(userName, address) is { } wait)
        {
            return new SignInVerdict(null, SignInRefusal.Throttled, wait);
        }

        CrmUser? user;
        bool right;
        await _checking.WaitAsync();
        try
        {
            user = await users.FindByNameAsync(userName.Trim());
            if (user is null)
            {
                _standInHash ??= users.PasswordHasher.HashPassword(new CrmUser(), Guid.NewGuid().ToString());
                users.PasswordHasher.VerifyHashedPassword(new CrmUser(), _standInHash, password);
                right = false;
            }
            else
            {
                right = await users.CheckPasswordAsync(user, password);
            }
        }
        finally
        {
            _checking.Release();
        }

        if (!right)
        {
            throttle.Failed(userName, address);
            return new SignInVerdict(null, SignInRefusal.InvalidCredentials);
        }

        throttle.Succeeded(userName, address);
        if (await users.IsLockedOutAsync(user!))
        {
            return new SignInVerdict(null, SignInRefusal.LockedOut, LockedUntil: await users.GetLockoutEndDateAsync(user!));
        }

        return new SignInVerdict(user, null);
    }

    /// <summary>
    /// The source address as the throttle counts it: IPv4 as it is (an IPv4-mapped IPv6 address too), IPv6 by its /64,
    /// since one subscriber commonly holds a whole /64.
    /// </summary>
    public static string AddressOf(HttpContext context)
    {
        var address = context.Connection.RemoteIpAddress;
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6 && !IPAddress.IsLoopback(address))
        {
            var bytes = address.GetAddressBytes();
            Array.Clear(bytes, 8, 8);
            return new IPAddress(bytes) + "/64";
        }

        return address.ToString();
    }
}
