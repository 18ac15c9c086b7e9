using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using OrleansCrm.BuildingBlocks.Persistence;

namespace OrleansCrm.Identity.Store;

/// <summary>
/// Identity's EF Core stores on the product's database. The tables come from our SQL migrations (Store/Migrations),
/// never from EF migrations; this maps Identity's entities onto them (schema <c>identity</c> / prefix <c>identity_</c>,
/// snake_case columns like every module).
/// </summary>
public sealed class UsersDbContext(DbContextOptions<UsersDbContext> options) : IdentityDbContext<CrmUser, IdentityRole, string>(options)
{
    public const string Module = "identity";

    public static ModuleTables Tables(DatabaseProvider provider) => new(provider, Module);

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        var provider = ReadModelConventions.ProviderOf(this);
        var tables = Tables(provider);

        builder.Entity<CrmUser>(e =>
        {
            tables.Map(e, "users");
            e.HasIndex(u => u.SpecialistId).IsUnique();
        });
        builder.Entity<IdentityRole>(e => tables.Map(e, "roles"));
        builder.Entity<IdentityUserRole<string>>(e => tables.Map(e, "user_roles"));
        builder.Entity<IdentityUserClaim<string>>(e => tables.Map(e, "user_claims"));
        builder.Entity<IdentityUserLogin<string>>(e => tables.Map(e, "user_logins"));
        builder.Entity<IdentityUserToken<string>>(e => tables.Map(e, "user_tokens"));
        builder.Entity<IdentityRoleClaim<string>>(e => tables.Map(e, "role_claims"));

        builder.ApplyCrmConventions(provider);
    }
}
