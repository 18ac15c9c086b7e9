using System.Security.Claims;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OrleansCrm.Identity.Contracts;

namespace OrleansCrm.Identity.Tokens;

/// <summary>
/// Bearer tokens: a signed JWT carrying the same claims as the sign-in cookie (user id, name, roles, specialist, security
/// stamp), written with ASP.NET Core's claim types so both kinds of sign-in give handlers the same principal.
/// </summary>
public sealed class AccessTokens(TokenSigningKey key, IOptions<CrmSecurityOptions> options, TimeProvider time)
{
    public const string Issuer = "orleans-crm";
    public const string Audience = "orleans-crm-api";

    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };

    public IssuedToken Issue(ClaimsPrincipal user)
    {
        var now = time.GetUtcNow();
        // JWT times are whole seconds: report the expiry the token really has.
        var expires = DateTimeOffset.FromUnixTimeSeconds((now + options.Value.TokenLifetime).ToUnixTimeSeconds());
        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            Subject = new ClaimsIdentity(user.Claims),
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            SigningCredentials = new SigningCredentials(key.Current, SecurityAlgorithms.HmacSha256),
        });
        return new IssuedToken(token, expires);
    }

    public TokenValidationParameters ValidationParameters() => new()
    {
        ValidIssuer = Issuer,
        ValidAudience = Audience,
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        // Resolved per token: the key is read from the database at start-up, after the options are built.
        IssuerSigningKeyResolver = (_, _, _, _) => [key.Current],
        NameClaimType = ClaimTypes.Name,
        RoleClaimType = ClaimTypes.Role,
        ClockSkew = TimeSpan.FromSeconds(30),
    };
}
