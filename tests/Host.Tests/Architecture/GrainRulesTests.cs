using Orleans;
using OrleansCrm.Host.Tests.Persistence.Golden;

namespace OrleansCrm.Host.Tests.Architecture;

public sealed class GrainRulesTests
{
    [Fact]
    public void Every_grain_of_the_product_is_internal_sealed()
    {
        var grains = ProductAssemblies.All.SelectMany(a => a.GetTypes())
            .Where(t => t is { IsClass: true, IsAbstract: false } && (typeof(Grain).IsAssignableFrom(t) || typeof(IGrainBase).IsAssignableFrom(t)))
            .ToList();

        Assert.Contains(grains, g => g.Name == "TicketGrain");
        Assert.Empty(GrainRules.NotInternalSealed(grains));
    }

    [Fact]
    public void Every_persistent_state_name_is_used_by_one_grain_type_only()
    {
        var states = StateShape.PersistentStates().Select(s => (s.Grain, s.Name)).ToList();

        Assert.True(states.Count >= 5, $"Only {states.Count} persistent states found.");
        Assert.Empty(GrainRules.SharedStateNames(states));
    }

    [Fact]
    public void The_rules_catch_a_public_or_open_grain_and_a_shared_state_name()
    {
        Assert.Equal(2, GrainRules.NotInternalSealed([typeof(PublicSealed), typeof(InternalOpen), typeof(InternalSealed)]).Count());

        var shared = GrainRules.SharedStateNames([(typeof(PublicSealed), "ticket"), (typeof(InternalOpen), "ticket"), (typeof(InternalSealed), "client")]).ToList();
        Assert.Equal(["The persistent state name \"ticket\" is used by PublicSealed, InternalOpen: give each its own."], shared);
    }

    public sealed class PublicSealed;

    internal class InternalOpen;

    internal sealed class InternalSealed;
}
