using System.Reflection;

namespace OrleansCrm.Host.Tests.Architecture;

/// <summary>The product's own assemblies (Host, Web, BuildingBlocks and every module project), loaded by name.</summary>
internal static class ProductAssemblies
{
    public static IReadOnlyList<Assembly> All { get; } = Load();

    /// <summary>The module projects (not their Contracts), by module name.</summary>
    public static IReadOnlyDictionary<string, Assembly> ModuleInternals { get; } = ModuleIsolationRule.Load(ModuleIsolationTests.RepositoryRoot())
        .Where(p => !p.Name.EndsWith(".Contracts", StringComparison.Ordinal))
        .ToDictionary(p => p.Module, p => Assembly.Load("OrleansCrm." + p.Name));

    private static List<Assembly> Load()
    {
        var names = ModuleIsolationRule.Load(ModuleIsolationTests.RepositoryRoot()).Select(p => "OrleansCrm." + p.Name)
            .Concat(["OrleansCrm.Host", "OrleansCrm.Web", "OrleansCrm.BuildingBlocks"]);
        return names.Select(Assembly.Load).ToList();
    }
}
