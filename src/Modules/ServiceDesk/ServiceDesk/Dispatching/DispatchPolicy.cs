using System.Globalization;
using OrleansCrm.ServiceDesk.Contracts;
using OrleansCrm.Staff.Contracts;

namespace OrleansCrm.ServiceDesk.Dispatching;

/// <summary>A specialist as the dispatcher weighs them.</summary>
public sealed record Candidate(
    Guid Id,
    AvailabilityStatus Availability,
    IReadOnlyDictionary<string, int> Skills,
    int Capacity,
    int Load,
    double Rating,
    DateTimeOffset? LastAssignedAt,
    DateTimeOffset? LastServedClientAt)
{
    public double Ratio => Capacity <= 0 ? double.MaxValue : (double)Load / Capacity;

    public int Level(string skill) => Skills.TryGetValue(skill, out var level) ? level : 0;
}

/// <summary>What a ticket needs.</summary>
public sealed record Requirement(string Skill, int MinLevel, TicketPriority Priority, int Weight);

/// <summary>The chosen specialist (null: the ticket waits) and the reason, in words a dispatcher reads on the board.</summary>
public sealed record Choice(Guid? SpecialistId, bool OverCapacity, string Reason);

/// <summary>
/// Who gets a ticket. Among on-duty specialists with the skill at the minimum level and room for the ticket's weight:
/// the lowest load/capacity ratio, then the higher skill level, then whoever served this client most recently,
/// then the higher rating, then whoever was assigned longest ago. When every qualified specialist is full a critical
/// ticket still goes to the least loaded of them (over capacity); other tickets wait.
/// </summary>
public static class DispatchPolicy
{
    public static Choice Choose(Requirement need, IEnumerable<Candidate> candidates, Guid? exclude = null)
    {
        var qualified = candidates
            .Where(c => c.Availability == AvailabilityStatus.OnDuty && c.Level(need.Skill) >= need.MinLevel && c.Id != exclude)
            .ToList();
        var skill = $"{need.Skill}≥{need.MinLevel}";
        if (qualified.Count == 0)
        {
            return new Choice(null, false, $"waiting: nobody on duty with skill {skill}");
        }

        var withRoom = Rank(qualified.Where(c => c.Load + need.Weight <= c.Capacity), need).ToList();
        if (withRoom.Count > 0)
        {
            var winner = withRoom[0];
            var reason = $"lowest load {Format(winner.Ratio)} among {withRoom.Count} with skill {skill}";
            if (withRoom.Count > 1 && TieBreak(winner, withRoom[1], need) is { } tie)
            {
                reason += $"; {tie}";
            }

            return new Choice(winner.Id, false, reason);
        }

        if (need.Priority == TicketPriority.Critical)
        {
            var least = Rank(qualified, need).First();
            return new Choice(least.Id, true, $"critical, all {qualified.Count} with skill {skill} are full: least loaded ({Format(least.Ratio)}), over capacity");
        }

        return new Choice(null, false, $"waiting: all {qualified.Count} with skill {skill} are at capacity");
    }

    /// <summary>The full preference order, best first.</summary>
    public static IOrderedEnumerable<Candidate> Rank(IEnumerable<Candidate> candidates, Requirement need) =>
        candidates
            .OrderBy(c => c.Ratio)
            .ThenByDescending(c => c.Level(need.Skill))
            .ThenByDescending(c => c.LastServedClientAt ?? DateTimeOffset.MinValue)
            .ThenByDescending(c => c.Rating)
            .ThenBy(c => c.LastAssignedAt ?? DateTimeOffset.MinValue)
            .ThenBy(c => c.Id);

    /// <summary>Which rule separated the winner from the runner-up, when the load ratio did not.</summary>
    private static string? TieBreak(Candidate winner, Candidate next, Requirement need)
    {
        if (winner.Ratio != next.Ratio)
        {
            return null;
        }

        if (winner.Level(need.Skill) != next.Level(need.Skill))
        {
            return $"equal load, higher skill level {winner.Level(need.Skill)}";
        }

        if (winner.LastServedClientAt != next.LastServedClientAt)
        {
            return "equal load and level, served this client most recently";
        }

        if (winner.Rating != next.Rating)
        {
            return $"equal load and level, higher rating {Format(winner.Rating)}";
        }

        return "equal load, level and rating, assigned longest ago";
    }

    private static string Format(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
