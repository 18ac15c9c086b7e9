namespace OrleansCrm.BuildingBlocks.Persistence;

/// <summary>Names of Orleans storage providers, in one place so grains and the host agree.</summary>
public static class CrmStorage
{
    /// <summary>Grain state of every module: ADO.NET storage on the product's database.</summary>
    public const string Grains = "crm";
}

/// <summary>A module's demo data, written on the first start of the embedded (demo) mode.</summary>
public interface IDemoDataSeeder
{
    Task SeedAsync(CancellationToken cancellationToken);
}
