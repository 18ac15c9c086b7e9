namespace OrleansCrm.Identity;

/// <summary>Bound from <c>Crm:Security</c>.</summary>
public sealed class CrmSecurityOptions
{
    public const string Section = "Crm:Security";

    /// <summary>
    /// The HMAC key bearer tokens are signed with, at least 32 characters. When absent, one is generated on first start
    /// and kept in the database, so every host of a cluster and every restart accepts the same tokens.
    /// </summary>
    public string? TokenSigningKey { get; set; }

    /// <summary>Server mode: the password of the <c>admin</c> user created on first start (nothing is created without it).</summary>
    public string? AdminPassword { get; set; }

    /// <summary>How long a bearer token and an idle sign-in cookie last.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>
    /// Failed sign-ins for one user from one address that stop further attempts from that address (429), and for how
    /// long; the same user from another address is not held up. Also the window of <see cref="SignInFailuresPerAddress"/>.
    /// </summary>
    public int MaxFailedSignIns { get; set; } = 5;

    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Sign-in attempts per source address and minute, right or wrong, per host.</summary>
    public int SignInAttemptsPerAddress { get; set; } = 100;

    /// <summary>Failed sign-ins per source address, whatever the user, per <see cref="LockoutDuration"/>.</summary>
    public int SignInFailuresPerAddress { get; set; } = 20;

    /// <summary>Sign-in attempts per user name and minute from addresses the user has not signed in from lately.</summary>
    public int SignInAttemptsPerUser { get; set; } = 10;
}

/// <summary>Which users the host seeds at start-up; set by the host from its demo mode.</summary>
public sealed class UserSeedOptions
{
    /// <summary>Demo mode: one user per role, each with <see cref="DemoUsers.Password"/>.</summary>
    public bool DemoUsers { get; set; }

    /// <summary>The demo specialist the <c>specialist</c> demo user works as.</summary>
    public Guid? DemoSpecialistId { get; set; }

    /// <summary>Fixed ids for demo users other modules' demo data refers to (the demo clients' responsible managers).</summary>
    public Dictionary<string, Guid> DemoUserIds { get; set; } = [];
}
