using OrleansCrm.ServiceDesk.Contracts;
using OrleansCrm.ServiceDesk.Dispatching;
using OrleansCrm.Staff.Contracts;

namespace OrleansCrm.ServiceDesk.Tests.Dispatching;

public sealed class DispatchPolicyTests
{
    private static readonly Requirement ErpNormal = new("1c.erp", 3, TicketPriority.Normal, TicketWeights.Normal);
    private static readonly DateTimeOffset Monday = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Only_on_duty_specialists_with_the_skill_at_the_level_qualify()
    {
        var absent = Specialist("absent", load: 0, availability: AvailabilityStatus.Absent);
        var offShift = Specialist("off", load: 0, availability: AvailabilityStatus.OffShift);
        var tooJunior = Specialist("junior", load: 0, level: 2);
        var otherSkill = Specialist("medoc", load: 0, skill: "medoc");
        var fit = Specialist("fit", load: 8);

        var choice = DispatchPolicy.Choose(ErpNormal, [absent, offShift, tooJunior, otherSkill, fit]);

        Assert.Equal(fit.Id, choice.SpecialistId);
        Assert.False(choice.OverCapacity);
        Assert.Equal("lowest load 0.8 among 1 with skill 1c.erp≥3", choice.Reason);
    }

    [Fact]
    public void The_lowest_load_ratio_wins_whatever_the_capacity()
    {
        var busy = Specialist("busy", load: 4, capacity: 10);
        var small = Specialist("small", load: 1, capacity: 5);
        var choice = DispatchPolicy.Choose(ErpNormal, [busy, small]);
        Assert.Equal(small.Id, choice.SpecialistId);
        Assert.StartsWith("lowest load 0.2 among 2", choice.Reason);
    }

    [Fact]
    public void A_specialist_without_room_for_the_weight_is_skipped()
    {
        var almostFull = Specialist("almost", load: 9, capacity: 10);
        var choice = DispatchPolicy.Choose(ErpNormal, [almostFull]);
        Assert.Null(choice.SpecialistId);
        Assert.Equal("waiting: all 1 with skill 1c.erp≥3 are at capacity", choice.Reason);
    }

    [Fact]
    public void Ties_break_by_level_then_client_affinity_then_rating_then_longest_ago()
    {
        var a = Specialist("a", load: 2, level: 3);
        var b = Specialist("b", load: 2, level: 4);
        Assert.Equal(b.Id, DispatchPolicy.Choose(ErpNormal, [a, b]).SpecialistId);
        Assert.EndsWith("equal load, higher skill level 4", DispatchPolicy.Choose(ErpNormal, [a, b]).Reason);

        var servedEarlier = Specialist("c", load: 2) with { LastServedClientAt = Monday };
        var servedLater = Specialist("d", load: 2) with { LastServedClientAt = Monday.AddDays(3) };
        var neverServed = Specialist("e", load: 2, rating: 99);
        Assert.Equal(servedLater.Id, DispatchPolicy.Choose(ErpNormal, [servedEarlier, neverServed, servedLater]).SpecialistId);

        var lowRating = Specialist("f", load: 2, rating: 40);
        var highRating = Specialist("g", load: 2, rating: 80);
        Assert.Equal(highRating.Id, DispatchPolicy.Choose(ErpNormal, [lowRating, highRating]).SpecialistId);

        var recent = Specialist("h", load: 2) with { LastAssignedAt = Monday.AddHours(5) };
        var longAgo = Specialist("i", load: 2) with { LastAssignedAt = Monday };
        var never = Specialist("j", load: 2);
        var choice = DispatchPolicy.Choose(ErpNormal, [recent, longAgo, never]);
        Assert.Equal(never.Id, choice.SpecialistId);
        Assert.EndsWith("assigned longest ago", choice.Reason);
        Assert.Equal(longAgo.Id, DispatchPolicy.Choose(ErpNormal, [recent, longAgo]).SpecialistId);
    }

    [Fact]
    public void Load_beats_every_tie_break()
    {
        var expertBusy = Specialist("expert", load: 4, level: 5, rating: 100) with { LastServedClientAt = Monday };
        var juniorIdle = Specialist("junior", load: 2, level: 3, rating: 10);
        Assert.Equal(juniorIdle.Id, DispatchPolicy.Choose(ErpNormal, [expertBusy, juniorIdle]).SpecialistId);
    }

    [Fact]
    public void A_critical_ticket_goes_over_capacity_to_the_least_loaded_when_all_are_full()
    {
        var critical = ErpNormal with { Priority = TicketPriority.Critical, Weight = TicketWeights.Critical };
        var full = Specialist("full", load: 10);
        var fuller = Specialist("fuller", load: 12);
        var choice = DispatchPolicy.Choose(critical, [fuller, full]);
        Assert.Equal(full.Id, choice.SpecialistId);
        Assert.True(choice.OverCapacity);
        Assert.Contains("over capacity", choice.Reason);

        var high = ErpNormal with { Priority = TicketPriority.High, Weight = TicketWeights.High };
        Assert.Null(DispatchPolicy.Choose(high, [fuller, full]).SpecialistId);
    }

    [Fact]
    public void Nobody_qualified_means_the_ticket_waits_and_says_why()
    {
        var choice = DispatchPolicy.Choose(ErpNormal with { Priority = TicketPriority.Critical }, [Specialist("medoc", load: 0, skill: "medoc")]);
        Assert.Null(choice.SpecialistId);
        Assert.Equal("waiting: nobody on duty with skill 1c.erp≥3", choice.Reason);
    }

    [Fact]
    public void The_excluded_specialist_is_not_offered_the_ticket_again()
    {
        var decliner = Specialist("decliner", load: 0);
        var other = Specialist("other", load: 6);
        Assert.Equal(other.Id, DispatchPolicy.Choose(ErpNormal, [decliner, other], exclude: decliner.Id).SpecialistId);
    }

    private static Candidate Specialist(
        string name, int load, int capacity = 10, int level = 3, string skill = "1c.erp", double rating = 50,
        AvailabilityStatus availability = AvailabilityStatus.OnDuty) =>
        new(OrleansCrm.BuildingBlocks.Ids.DeterministicGuid.Create("test", name), availability, new Dictionary<string, int> { [skill] = level },
            capacity, load, rating, null, null);
}
