using System.Xml.Linq;

namespace OrleansCrm.Host.Tests.Architecture;

/// <summary>
/// A module may use another module only through its <c>.Contracts</c> project; a Contracts project may use only
/// other Contracts and BuildingBlocks.Abstractions (LightContractsRule). Read from the .csproj files, so even an unused
/// reference breaks the rule.
/// </summary>
public static class ModuleIsolationRule
{
    public sealed record Project(string Module, string Name, IReadOnlyList<string> References);

    public static IEnumerable<string> Violations(IReadOnlyList<Project> projects)
    {
        var byName = projects.ToDictionary(p => p.Name);
        foreach (var project in projects)
        {
            foreach (var reference in project.References)
            {
                if (!byName.TryGetValue(reference, out var target) || target.Module == project.Module && !IsContracts(project.Name))
                {
                    continue; // BuildingBlocks, packages, or the module's own projects
                }

                if (!IsContracts(target.Name))
                {
                    yield return $"{project.Name} references {target.Name}, the internals of module {target.Module}: reference {target.Module}.Contracts instead.";
                }
            }
        }
    }

    /// <summary>Every project under src/Modules/&lt;Module&gt;/&lt;Project&gt;/&lt;Project&gt;.csproj.</summary>
    public static IReadOnlyList<Project> Load(string repositoryRoot)
    {
        var modules = Path.Combine(repositoryRoot, "src", "Modules");
        return Directory.GetFiles(modules, "*.csproj", SearchOption.AllDirectories)
            .Select(path =>
            {
                var module = Path.GetRelativePath(modules, path).Split(Path.DirectorySeparatorChar)[0];
                var references = XDocument.Load(path).Descendants("ProjectReference")
                    .Select(r => Path.GetFileNameWithoutExtension(r.Attribute("Include")!.Value.Replace('\\', '/')))
                    .ToList();
                return new Project(module, Path.GetFileNameWithoutExtension(path), references);
            })
            .ToList();
    }

    private static bool IsContracts(string projectName) => projectName.EndsWith(".Contracts", StringComparison.Ordinal);
}
