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
    /// <remarks>One pass keeping the best and the runner-up: this runs for every ticket, so no sorting and no LINQ.</remarks>
    public static Choice Choose(Requirement need, IEnumerable<Candidate> candidates, Guid? exclude = null)
    {
        Candidate? best = null, runnerUp = null, leastLoaded = null;
        int qualified = 0, withRoom = 0;
        foreach (var candidate in candidates)
        {
            if (candidate.Availability != AvailabilityStatus.OnDuty || candidate.Level(need.Skill) < need.MinLevel || candidate.Id == exclude)
            {
                continue;
            }

            qualified++;
            if (leastLoaded is null || Compare(candidate, leastLoaded, need) < 0)
            {
                leastLoaded = candidate;
            }

            if (candidate.Load + need.Weight > candidate.Capacity)
            {
                continue;
            }

            withRoom++;
            if (best is null || Compare(candidate, best, need) < 0)
            {
                runnerUp = best;
                best = candidate;
            }
            else if (runnerUp is null || Compare(candidate, runnerUp, need) < 0)
            {
                runnerUp = candidate;
            }
        }

        var skill = $"{need.Skill}≥{need.MinLevel}";
        if (qualified == 0)
        {
            return new Choice(null, false, $"waiting: nobody on duty with skill {skill}");
        }

        if (best is not null)
        {
            var reason = $"lowest load {Format(best.Ratio)} among {withRoom} with skill {skill}";
            if (runnerUp is not null && TieBreak(best, runnerUp, need) is { } tie)
            {
                reason += $"; {tie}";
            }

            return new Choice(best.Id, false, reason);
        }

        if (need.Priority == TicketPriority.Critical)
        {
            return new Choice(leastLoaded!.Id, true, $"critical, all {qualified} with skill {skill} are full: least loaded ({Format(leastLoaded.Ratio)}), over capacity");
        }

        return new Choice(null, false, $"waiting: all {qualified} with skill {skill} are at capacity");
    }

    /// <summary>The preference order: negative when <paramref name="a"/> comes before <paramref name="b"/>.</summary>
    public static int Compare(Candidate a, Candidate b, Requirement need)
    {
        var order = a.Ratio.CompareTo(b.Ratio);
        if (order == 0)
        {
            order = b.Level(need.Skill).CompareTo(a.Level(need.Skill));
        }

        if (order == 0)
        {
            order = (b.LastServedClientAt ?? DateTimeOffset.MinValue).CompareTo(a.LastServedClientAt ?? DateTimeOffset.MinValue);
        }

        if (order == 0)
        {
            order = b.Rating.CompareTo(a.Rating);
        }

        if (order == 0)
        {
            order = (a.LastAssignedAt ?? DateTimeOffset.MinValue).CompareTo(b.LastAssignedAt ?? DateTimeOffset.MinValue);
        }

        return order != 0 ? order : a.Id.CompareTo(b.Id);
    }

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
