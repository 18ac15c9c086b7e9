namespace OrleansCrm.Identity.Contracts;

/// <summary>A user as user management shows it. <see cref="Locked"/> is true while a lockout lasts (failures or an administrator).</summary>
public sealed record UserDetails(
    string Id,
    string UserName,
    IReadOnlyList<string> Roles,
    Guid? SpecialistId,
    bool Locked,
    DateTimeOffset? LockedUntil);

/// <summary>A bearer token for the API (<c>Authorization: Bearer …</c>) and the hub (<c>?access_token=…</c>).</summary>
public sealed record IssuedToken(string AccessToken, DateTimeOffset ExpiresAt);
