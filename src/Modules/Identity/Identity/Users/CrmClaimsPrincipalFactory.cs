using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using OrleansCrm.BuildingBlocks.Security;
using OrleansCrm.Identity.Store;

namespace OrleansCrm.Identity.Users;

/// <summary>Identity's claims (id, name, roles, security stamp) plus the specialist a user works as.</summary>
internal sealed class CrmClaimsPrincipalFactory(UserManager<CrmUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<CrmUser, IdentityRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(CrmUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        if (user.SpecialistId is { } specialistId)
        {
            identity.AddClaim(new Claim(CrmClaims.SpecialistId, specialistId.ToString()));
        }

        return identity;
    }
}
