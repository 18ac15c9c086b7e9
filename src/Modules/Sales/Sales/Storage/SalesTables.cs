using OrleansCrm.BuildingBlocks.Persistence;

namespace OrleansCrm.Sales.Storage;

/// <summary>Where the module's tables live (schema <c>sales</c>, or the <c>sales_</c> prefix in SQLite): see Storage/Migrations.</summary>
internal static class SalesTables
{
    public const string Module = "sales";

    public static ModuleTables Of(DatabaseOptions database) => new(database.Provider, Module);
}

internal sealed class SalesSchema : IModuleSchema
{
    public string Module => SalesTables.Module;

    public IReadOnlyList<SqlMigration> Migrations(DatabaseProvider provider) => EmbeddedMigrations.Load(typeof(SalesSchema).Assembly, provider);
}
