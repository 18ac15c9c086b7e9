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
    /// <remarks>
    /// One pass keeping the best and the runner-up: this runs for every ticket, so no sorting and no LINQ, and each
    /// candidate's load ratio and skill level are worked out once (ties — a quiet morning, everyone at zero — compare
    /// deep, and would otherwise look the level up again at every comparison).
    /// </remarks>
    public static Choice Choose(Requirement need, IEnumerable<Candidate> candidates, Guid? exclude = null)
    {
        Scored best = default, runnerUp = default, leastLoaded = default;
        int qualified = 0, withRoom = 0;
        foreach (var candidate in candidates)
        {
            if (candidate.Availability != AvailabilityStatus.OnDuty || candidate.Id == exclude)
            {
                continue;
            }

            var scored = new Scored(candidate, candidate.Ratio, candidate.Level(need.Skill));
            if (scored.Level < need.MinLevel)
            {
                continue;
            }

            qualified++;
            if (leastLoaded.Candidate is null || Compare(scored, leastLoaded) < 0)
            {
                leastLoaded = scored;
            }

            if (candidate.Load + need.Weight > candidate.Capacity)
            {
                continue;
            }

            withRoom++;
            if (best.Candidate is null || Compare(scored, best) < 0)
            {
                runnerUp = best;
                best = scored;
            }
            else if (runnerUp.Candidate is null || Compare(scored, runnerUp) < 0)
            {
                runnerUp = scored;
            }
        }

        var skill = $"{need.Skill}≥{need.MinLevel}";
        if (qualified == 0)
        {
            return new Choice(null, false, $"waiting: nobody on duty with skill {skill}");
        }

        if (best.Candidate is not null)
        {
            var reason = $"lowest load {Format(best.Ratio)} among {withRoom} with skill {skill}";
            if (runnerUp.Candidate is not null && TieBreak(best, runnerUp) is { } tie)
            {
                reason += $"; {tie}";
            }

            return new Choice(best.Candidate.Id, false, reason);
        }

        if (need.Priority == TicketPriority.Critical)
        {
            return new Choice(leastLoaded.Candidate!.Id, true, $"critical, all {qualified} with skill {skill} are full: least loaded ({Format(leastLoaded.Ratio)}), over capacity");
        }

        return new Choice(null, false, $"waiting: all {qualified} with skill {skill} are at capacity");
    }

    /// <summary>The preference order: negative when <paramref name="a"/> comes before <paramref name="b"/>.</summary>
    public static int Compare(Candidate a, Candidate b, Requirement need) =>
        Compare(new Scored(a, a.Ratio, a.Level(need.Skill)), new Scored(b, b.Ratio, b.Level(need.Skill)));

    private static int Compare(in Scored a, in Scored b)
    {
        var order = a.Ratio.CompareTo(b.Ratio);
        if (order == 0)
        {
            order = b.Level.CompareTo(a.Level);
        }

        if (order == 0)
        {
            order = (b.Candidate.LastServedClientAt ?? DateTimeOffset.MinValue).CompareTo(a.Candidate.LastServedClientAt ?? DateTimeOffset.MinValue);
        }

        if (order == 0)
        {
            order = b.Candidate.Rating.CompareTo(a.Candidate.Rating);
        }

        if (order == 0)
        {
            order = (a.Candidate.LastAssignedAt ?? DateTimeOffset.MinValue).CompareTo(b.Candidate.LastAssignedAt ?? DateTimeOffset.MinValue);
        }

        return order != 0 ? order : a.Candidate.Id.CompareTo(b.Candidate.Id);
    }

    /// <summary>Which rule separated the winner from the runner-up, when the load ratio did not.</summary>
    private static string? TieBreak(in Scored winner, in Scored next)
    {
        if (winner.Ratio != next.Ratio)
        {
            return null;
        }

        if (winner.Level != next.Level)
        {
            return $"equal load, higher skill level {winner.Level}";
        }

        if (winner.Candidate.LastServedClientAt != next.Candidate.LastServedClientAt)
        {
            return "equal load and level, served this client most recently";
        }

        if (winner.Candidate.Rating != next.Candidate.Rating)
        {
            return $"equal load and level, higher rating {Format(winner.Candidate.Rating)}";
        }

        return "equal load, level and rating, assigned longest ago";
    }

    private static string Format(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>A candidate with what every comparison needs, worked out once per decision.</summary>
    private readonly record struct Scored(Candidate Candidate, double Ratio, int Level);
}
