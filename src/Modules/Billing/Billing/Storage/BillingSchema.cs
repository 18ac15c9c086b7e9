using OrleansCrm.BuildingBlocks.Persistence;

namespace OrleansCrm.Billing.Storage;

/// <summary>Billing's tables (schema <c>billing</c>, or the <c>billing_</c> prefix in SQLite): see Migrations.</summary>
internal sealed class BillingSchema : IModuleSchema
{
    public const string Name = "billing";

    public string Module => Name;

    public IReadOnlyList<SqlMigration> Migrations(DatabaseProvider provider) => EmbeddedMigrations.Load(typeof(BillingSchema).Assembly, provider);
}
