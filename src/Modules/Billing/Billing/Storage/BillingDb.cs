using OrleansCrm.BuildingBlocks.Persistence;

namespace OrleansCrm.Billing.Storage;

/// <summary>Billing's tables on the kit's <see cref="ModuleDb"/> (ids, dates, moments and kopiykas as each database stores them).</summary>
public sealed class BillingDb(DatabaseOptions database) : ModuleDb(database, BillingSchema.Name)
{
    public string Documents => Table("documents");

    public string Imports => Table("statement_imports");

    public string Payments => Table("payments");

    public string Matches => Table("payment_matches");

    public string Allocations => Table("payment_allocations");
}
