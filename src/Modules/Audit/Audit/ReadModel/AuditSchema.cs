using OrleansCrm.BuildingBlocks.Audit;
using OrleansCrm.BuildingBlocks.Persistence;

namespace OrleansCrm.Audit.ReadModel;

internal sealed class AuditSchema : IModuleSchema
{
    public string Module => AuditLog.Module;

    public IReadOnlyList<SqlMigration> Migrations(DatabaseProvider provider) => EmbeddedMigrations.Load(typeof(AuditSchema).Assembly, provider);
}
