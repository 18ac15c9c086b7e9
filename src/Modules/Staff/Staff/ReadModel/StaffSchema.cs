using OrleansCrm.BuildingBlocks.Persistence;

namespace OrleansCrm.Staff.ReadModel;

internal sealed class StaffSchema : IModuleSchema
{
    public string Module => StaffDbContext.Module;

    public IReadOnlyList<SqlMigration> Migrations(DatabaseProvider provider) => EmbeddedMigrations.Load(typeof(StaffSchema).Assembly, provider);
}
