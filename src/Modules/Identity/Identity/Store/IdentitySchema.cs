using OrleansCrm.BuildingBlocks.Persistence;

namespace OrleansCrm.Identity.Store;

internal sealed class IdentitySchema : IModuleSchema
{
    public string Module => UsersDbContext.Module;

    public IReadOnlyList<SqlMigration> Migrations(DatabaseProvider provider) => EmbeddedMigrations.Load(typeof(IdentitySchema).Assembly, provider);
}
