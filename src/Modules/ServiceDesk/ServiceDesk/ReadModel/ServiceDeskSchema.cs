using OrleansCrm.BuildingBlocks.Persistence;

namespace OrleansCrm.ServiceDesk.ReadModel;

internal sealed class ServiceDeskSchema : IModuleSchema
{
    public string Module => ServiceDeskDbContext.Module;

    public IReadOnlyList<SqlMigration> Migrations(DatabaseProvider provider) => EmbeddedMigrations.Load(typeof(ServiceDeskSchema).Assembly, provider);
}
