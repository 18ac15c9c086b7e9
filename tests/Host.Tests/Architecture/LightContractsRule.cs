using System.Xml.Linq;

namespace OrleansCrm.Host.Tests.Architecture;

/// <summary>
/// A module's <c>.Contracts</c> and <c>BuildingBlocks.Abstractions</c> need only Orleans' SDK (and Mediator's abstractions):
/// whoever references a module's contracts must not inherit a database, the web stack, the Orleans runtime or validation.
/// Checked in the project files, through project references (an unused reference still flows to every consumer), and in
/// the compiled assemblies (a reference the compiler kept is one the code uses).
/// </summary>
public static class LightContractsRule
{
    /// <summary>Assembly or package names a light project may not reach; <c>*</c> also covers the family (<c>Npgsql.*</c>).</summary>
    public static readonly IReadOnlyList<string> Forbidden =
    [
        "Microsoft.EntityFrameworkCore*",
        "Npgsql*",
        "Microsoft.Data.Sqlite*",
        "Microsoft.AspNetCore*",
        "OrleansCrm.BuildingBlocks", // the heavy kit; OrleansCrm.BuildingBlocks.Abstractions is the light one
        "Orleans.Runtime", // the runtime's assembly
        "Microsoft.Orleans.Runtime", // and its package
        "FluentValidation*",
    ];

    /// <summary>
    /// A project as its file declares it. <see cref="Name"/> and <see cref="Projects"/> are assembly names
    /// (<c>OrleansCrm.&lt;file name&gt;</c>, as Directory.Build.props derives them); <see cref="Packages"/> holds package
    /// and framework references.
    /// </summary>
    public sealed record Project(string Name, IReadOnlyList<string> Packages, IReadOnlyList<string> Projects);

    public static bool IsLight(string assemblyName) =>
        assemblyName.EndsWith(".Contracts", StringComparison.Ordinal) || assemblyName == "OrleansCrm.BuildingBlocks.Abstractions";

    public static bool IsForbidden(string name) => Forbidden.Any(pattern => pattern.EndsWith('*')
        ? name == pattern[..^1] || name.StartsWith(pattern[..^1] + ".", StringComparison.Ordinal)
        : name == pattern);

    /// <summary>What each light project reaches in project files, through its project references, that it may not.</summary>
    public static IEnumerable<string> Violations(IReadOnlyList<Project> projects)
    {
        var byName = projects.ToDictionary(p => p.Name);
        foreach (var light in projects.Where(p => IsLight(p.Name)))
        {
            // Breadth-first over project references, keeping how each project was reached for the message.
            var paths = new Dictionary<string, string> { [light.Name] = light.Name };
            var pending = new Queue<string>([light.Name]);
            while (pending.TryDequeue(out var name))
            {
                if (!byName.TryGetValue(name, out var project))
                {
                    yield return $"{paths[name]}: a project the rule cannot read, so cannot vouch for.";
                    continue;
                }

                foreach (var package in project.Packages.Where(IsForbidden))
                {
                    yield return $"{paths[name]} → {package}: {Short(light.Name)} must stay light (Orleans SDK and abstractions only).";
                }

                foreach (var reference in project.Projects)
                {
                    if (IsForbidden(reference))
                    {
                        yield return $"{paths[name]} → {reference}: {Short(light.Name)} must stay light; use OrleansCrm.BuildingBlocks.Abstractions.";
                    }
                    else if (paths.TryAdd(reference, paths[name] + " → " + reference))
                    {
                        pending.Enqueue(reference);
                    }
                }
            }
        }
    }

    /// <summary>
    /// What a compiled light assembly references that it may not, directly or through the product's own assemblies it
    /// references (packages' own dependencies are theirs: Orleans' SDK is allowed with what it needs).
    /// </summary>
    public static IEnumerable<string> CompiledViolations(string assemblyName, Func<string, IEnumerable<string>> referencesOf)
    {
        var paths = new Dictionary<string, string> { [assemblyName] = assemblyName };
        var pending = new Queue<string>([assemblyName]);
        while (pending.TryDequeue(out var name))
        {
            foreach (var reference in referencesOf(name))
            {
                if (IsForbidden(reference))
                {
                    yield return $"{paths[name]} → {reference}: the compiled {Short(assemblyName)} uses what a light project may not.";
                }
                else if (reference.StartsWith("OrleansCrm.", StringComparison.Ordinal) && paths.TryAdd(reference, paths[name] + " → " + reference))
                {
                    pending.Enqueue(reference);
                }
            }
        }
    }

    /// <summary>Every project file under src/ and tests/.</summary>
    public static IReadOnlyList<Project> Load(string repositoryRoot) =>
        new[] { "src", "tests" }
            .SelectMany(folder => Directory.GetFiles(Path.Combine(repositoryRoot, folder), "*.csproj", SearchOption.AllDirectories))
            .Select(path =>
            {
                var project = XDocument.Load(path).Root!;
                string[] web = project.Attribute("Sdk")?.Value == "Microsoft.NET.Sdk.Web" ? ["Microsoft.AspNetCore.App"] : [];
                var packages = project.Descendants()
                    .Where(e => e.Name.LocalName is "PackageReference" or "FrameworkReference")
                    .Select(e => e.Attribute("Include")!.Value)
                    .Concat(web)
                    .ToList();
                var projects = project.Descendants("ProjectReference")
                    .Select(r => "OrleansCrm." + Path.GetFileNameWithoutExtension(r.Attribute("Include")!.Value.Replace('\\', '/')))
                    .ToList();
                return new Project("OrleansCrm." + Path.GetFileNameWithoutExtension(path), packages, projects);
            })
            .ToList();

    private static string Short(string assemblyName) =>
        assemblyName.StartsWith("OrleansCrm.", StringComparison.Ordinal) ? assemblyName["OrleansCrm.".Length..] : assemblyName;
}
