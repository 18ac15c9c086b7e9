namespace OrleansCrm.Host.Tests.Architecture;

/// <summary>
/// Grains are <c>internal sealed</c>: callers reach them through their interface in Contracts, never the class. Every
/// persistent state has a name of its own: two grain types with the same key and state name would share one storage row.
/// </summary>
public static class GrainRules
{
    public static IEnumerable<string> NotInternalSealed(IEnumerable<Type> grainClasses) =>
        grainClasses.Where(t => t.IsPublic || t.IsNestedPublic || !t.IsSealed)
            .Select(t => $"{t.FullName} is {(t.IsPublic || t.IsNestedPublic ? "public" : "internal")}{(t.IsSealed ? " sealed" : "")}: a grain is internal sealed.");

    public static IEnumerable<string> SharedStateNames(IEnumerable<(Type Grain, string Name)> states) =>
        states.GroupBy(s => s.Name, StringComparer.Ordinal).Where(g => g.Count() > 1)
            .Select(g => $"The persistent state name \"{g.Key}\" is used by {string.Join(", ", g.Select(s => s.Grain.Name))}: give each its own.");
}
