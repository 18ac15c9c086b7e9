using OrleansCrm.BuildingBlocks.Persistence;

namespace OrleansCrm.Clients.ReadModel;

internal sealed class ClientsSchema : IModuleSchema
{
    public string Module => ClientsDbContext.Module;

    public IReadOnlyList<SqlMigration> Migrations(DatabaseProvider provider) => EmbeddedMigrations.Load(typeof(ClientsSchema).Assembly, provider);
}
