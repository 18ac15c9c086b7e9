using System.Reflection;

namespace OrleansCrm.Host.Tests.Architecture;

public sealed class ModuleIsolationTests
{
    [Fact]
    public void Modules_reference_each_other_only_through_contracts()
    {
        var projects = ModuleIsolationRule.Load(RepositoryRoot());
        Assert.Contains(projects, p => p.Name == "Clients");
        Assert.Empty(ModuleIsolationRule.Violations(projects));
    }

    [Fact]
    public void Compiled_modules_load_no_other_module_internals()
    {
        var projects = ModuleIsolationRule.Load(RepositoryRoot());
        var internals = projects.Where(p => !p.Name.EndsWith(".Contracts", StringComparison.Ordinal)).ToDictionary(p => "OrleansCrm." + p.Name, p => p.Module);
        foreach (var (assemblyName, module) in internals)
        {
            var assembly = Assembly.Load(assemblyName);
            var foreign = assembly.GetReferencedAssemblies()
                .Where(r => internals.TryGetValue(r.Name!, out var other) && other != module)
                .Select(r => r.Name);
            Assert.Empty(foreign);
        }
    }

    [Fact]
    public void The_rule_catches_a_module_that_reaches_into_another()
    {
        ModuleIsolationRule.Project[] projects =
        [
            new("Clients", "Clients.Contracts", ["BuildingBlocks"]),
            new("Clients", "Clients", ["BuildingBlocks", "Clients.Contracts"]),
            new("ServiceDesk", "ServiceDesk.Contracts", ["Clients.Contracts"]),
            new("ServiceDesk", "ServiceDesk", ["ServiceDesk.Contracts", "Clients.Contracts", "Clients"]),
            new("Billing", "Billing.Contracts", ["Clients"]),
        ];

        var violations = ModuleIsolationRule.Violations(projects).ToList();
        Assert.Equal(2, violations.Count);
        Assert.Contains(violations, v => v.StartsWith("ServiceDesk references Clients,", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.StartsWith("Billing.Contracts references Clients,", StringComparison.Ordinal));
    }

    /// <summary>Found from this source file, not the build output, which may live outside the tree (CRM_BUILD_SLOT).</summary>
    internal static string RepositoryRoot([System.Runtime.CompilerServices.CallerFilePath] string source = "")
    {
        var folder = new DirectoryInfo(Path.GetDirectoryName(source)!);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "OrleansCrm.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException("OrleansCrm.sln not found above " + source);
    }
}
