namespace OrleansCrm.BuildingBlocks.Persistence;

/// <summary>Names of Orleans storage providers, in one place so grains and the host agree.</summary>
public static class CrmStorage
{
    /// <summary>Grain state of every module: ADO.NET storage on the product's database.</summary>
    public const string Grains = "crm";

    /// <summary>
    /// The strongly consistent grain directory (Orleans' distributed directory with versioned range locks): for grains
    /// that must never run twice, even briefly while the cluster's membership changes (a queue's dispatcher).
    /// </summary>
    public const string StrongDirectory = "strong";
}

/// <summary>A module's demo data, written on the first start of the embedded (demo) mode.</summary>
public interface IDemoDataSeeder
{
    /// <summary>
    /// When it runs among the others, lowest first (registration order among equals): a module's own records at 0, what
    /// builds on other modules' records after them (contracts and tickets on clients 10, money on contracts 20).
    /// </summary>
    int Order => 0;

    Task SeedAsync(CancellationToken cancellationToken);
}
