using System.Globalization;
using OrleansCrm.ServiceDesk.Dispatching;
using OrleansCrm.Staff.Contracts;

namespace OrleansCrm.Benchmarks.ServiceDesk;

/// <summary>
/// Benchmark-only reference, not the product: the same choice as <see cref="DispatchPolicy.Choose"/> for a ticket
/// someone has room for, made in one pass over the candidates (keep the best so far) instead of filtering into a list
/// and sorting it, with the same reason text minus the tie-break clause. It shows what a decision over 200
/// specialists costs when it does only the work it needs; the benchmark checks it agrees with the policy.
/// </summary>
internal static class SinglePassSketch
{
    public static (Guid? SpecialistId, string Reason) Choose(Requirement need, IReadOnlyList<Candidate> candidates)
    {
        Candidate? best = null;
        var bestLevel = 0;
        var withRoom = 0;
        for (var i = 0; i < candidates.Count; i++)
        {
            var c = candidates[i];
            if (c.Availability != AvailabilityStatus.OnDuty || c.Load + need.Weight > c.Capacity)
            {
                continue;
            }

            var level = c.Level(need.Skill);
            if (level < need.MinLevel)
            {
                continue;
            }

            withRoom++;
            if (best is null || Better(c, level, best, bestLevel))
            {
                best = c;
                bestLevel = level;
            }
        }

        return best is null
            ? (null, "")
            : (best.Id, $"lowest load {best.Ratio.ToString("0.##", CultureInfo.InvariantCulture)} among {withRoom} with skill {need.Skill}≥{need.MinLevel}");
    }

    /// <summary>DispatchPolicy.Rank's order: ratio, then level, client affinity, rating (descending), then assigned longest ago, then id.</summary>
    private static bool Better(Candidate c, int level, Candidate best, int bestLevel)
    {
        if (c.Ratio != best.Ratio)
        {
            return c.Ratio < best.Ratio;
        }

        if (level != bestLevel)
        {
            return level > bestLevel;
        }

        var served = c.LastServedClientAt ?? DateTimeOffset.MinValue;
        var bestServed = best.LastServedClientAt ?? DateTimeOffset.MinValue;
        if (served != bestServed)
        {
            return served > bestServed;
        }

        if (c.Rating != best.Rating)
        {
            return c.Rating > best.Rating;
        }

        var assigned = c.LastAssignedAt ?? DateTimeOffset.MinValue;
        var bestAssigned = best.LastAssignedAt ?? DateTimeOffset.MinValue;
        return assigned != bestAssigned ? assigned < bestAssigned : c.Id.CompareTo(best.Id) < 0;
    }
}
