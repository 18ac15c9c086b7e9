using OrleansCrm.BuildingBlocks.Persistence;

namespace OrleansCrm.Testing;

/// <summary>A module's schema as an older version of the product had it: its migrations up to <paramref name="version"/>.</summary>
public sealed class OlderSchema(IModuleSchema schema, int version) : IModuleSchema
{
    public string Module => schema.Module;

    public IReadOnlyList<SqlMigration> Migrations(DatabaseProvider provider) => [.. schema.Migrations(provider).Where(m => m.Version <= version)];
}
