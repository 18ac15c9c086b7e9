using Microsoft.AspNetCore.Identity;

namespace OrleansCrm.Identity.Store;

/// <summary>A user of the product: Identity's user (name, password hash, lockout, security stamp) plus the specialist it may be.</summary>
public sealed class CrmUser : IdentityUser
{
    /// <summary>The Staff specialist record this user works as; signed-in users carry it as <c>crm:specialist</c>.</summary>
    public Guid? SpecialistId { get; set; }
}
