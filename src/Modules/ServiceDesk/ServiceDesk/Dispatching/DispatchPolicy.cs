using System.Globalization;
using OrleansCrm.BuildingBlocks.Texts;
using OrleansCrm.ServiceDesk.Contracts;
using OrleansCrm.ServiceDesk.Texts;
using OrleansCrm.Staff.Contracts;

namespace OrleansCrm.ServiceDesk.Dispatching;

/// <summary>
/// A specialist as the dispatcher weighs them for one ticket: <see cref="Level"/> is their level in the ticket's skill
/// (0 without it), <see cref="LastServedClientTicks"/> when they were last assigned a ticket of the ticket's client.
/// Times are UTC ticks, 0 for never. A small struct, so that a decision over a span of them allocates nothing.
/// </summary>
public readonly record struct Candidate(
    Guid Id,
    AvailabilityStatus Availability,
    int Level,
    int Capacity,
    int Load,
    double Rating,
    long LastAssignedTicks,
    long LastServedClientTicks)
{
    public double Ratio => Capacity <= 0 ? double.MaxValue : (double)Load / Capacity;
}

/// <summary>What a ticket needs.</summary>
public readonly record struct Requirement(string Skill, int MinLevel, TicketPriority Priority, int Weight);

/// <summary>The chosen specialist (null: the ticket waits) and the reason, in words a dispatcher reads on the board (in their language).</summary>
public readonly record struct Choice(Guid? SpecialistId, bool OverCapacity, ServerText Text)
{
    /// <summary>The reason in English: the history's <c>reason</c>, logs.</summary>
    public string Reason => ServerTexts.InEnglish(Text);
}

/// <summary>
/// Who gets a ticket. Among on-duty specialists with the skill at the minimum level and room for the ticket's weight:
/// the lowest load/capacity ratio, then the higher skill level, then whoever served this client most recently,
/// then the higher rating, then whoever was assigned longest ago. When every qualified specialist is full a critical
/// ticket still goes to the least loaded of them (over capacity); other tickets wait.
/// </summary>
public static class DispatchPolicy
{
    /// <remarks>
    /// One pass keeping the best and the runner-up (by their index): this runs for every ticket, so no sorting, no
    /// LINQ, no copies of candidates and no allocation but the reason (a code and its arguments, rendered by whoever reads it).
    /// </remarks>
    public static Choice Choose(Requirement need, ReadOnlySpan<Candidate> candidates, Guid? exclude = null)
    {
        int best = -1, runnerUp = -1, leastLoaded = -1;
        int qualified = 0, withRoom = 0;
        for (var i = 0; i < candidates.Length; i++)
        {
            ref readonly var candidate = ref candidates[i];
            if (candidate.Availability != AvailabilityStatus.OnDuty || candidate.Level < need.MinLevel || candidate.Id == exclude)
            {
                continue;
            }

            qualified++;
            if (candidate.Load + need.Weight > candidate.Capacity)
            {
                // The least loaded counts only when everyone qualified is full, so only the full are compared for it.
                if (leastLoaded < 0 || Compare(candidate, candidates[leastLoaded]) < 0)
                {
                    leastLoaded = i;
                }

                continue;
            }

            withRoom++;
            if (best < 0 || Compare(candidate, candidates[best]) < 0)
            {
                runnerUp = best;
                best = i;
            }
            else if (runnerUp < 0 || Compare(candidate, candidates[runnerUp]) < 0)
            {
                runnerUp = i;
            }
        }

        if (qualified == 0)
        {
            return new Choice(null, false, ServiceDeskTexts.Say("Dispatch_WaitingNobody", need.Skill, need.MinLevel));
        }

        if (best >= 0)
        {
            ref readonly var chosen = ref candidates[best];
            var key = runnerUp >= 0 ? TieBreak(chosen, candidates[runnerUp]) : TieBreakRule.None;
            var args = key is TieBreakRule.HigherLevel or TieBreakRule.HigherRating
                ? new TextArg[] { ShownRatio(chosen), withRoom, need.Skill, need.MinLevel, key == TieBreakRule.HigherLevel ? (TextArg)chosen.Level : chosen.Rating }
                : [ShownRatio(chosen), withRoom, need.Skill, need.MinLevel];
            return new Choice(chosen.Id, false, ServerText.Of(ServiceDeskTexts.Code(LowestLoadKeys[(int)key]), args));
        }

        if (need.Priority == TicketPriority.Critical)
        {
            ref readonly var chosen = ref candidates[leastLoaded];
            return new Choice(chosen.Id, true, ServiceDeskTexts.Say("Dispatch_CriticalOverCapacity", qualified, need.Skill, need.MinLevel, ShownRatio(chosen)));
        }

        return new Choice(null, false, ServiceDeskTexts.Say("Dispatch_WaitingFull", qualified, need.Skill, need.MinLevel));
    }

    /// <summary>The reason's text for each tie-break, in the order of <see cref="TieBreakRule"/>.</summary>
    private static readonly string[] LowestLoadKeys =
    [
        "Dispatch_LowestLoad", "Dispatch_LowestLoadHigherLevel", "Dispatch_LowestLoadServedClient", "Dispatch_LowestLoadHigherRating",
        "Dispatch_LowestLoadAssignedLongestAgo",
    ];

    private enum TieBreakRule
    {
        None,
        HigherLevel,
        ServedClient,
        HigherRating,
        AssignedLongestAgo,
    }

    /// <summary>The preference order: negative when <paramref name="a"/> comes before <paramref name="b"/>.</summary>
    private static int Compare(in Candidate a, in Candidate b)
    {
        var order = CompareLoad(a, b);
        if (order == 0)
        {
            order = b.Level.CompareTo(a.Level);
        }

        if (order == 0)
        {
            order = b.LastServedClientTicks.CompareTo(a.LastServedClientTicks);
        }

        if (order == 0)
        {
            order = b.Rating.CompareTo(a.Rating);
        }

        if (order == 0)
        {
            order = a.LastAssignedTicks.CompareTo(b.LastAssignedTicks);
        }

        return order != 0 ? order : a.Id.CompareTo(b.Id);
    }

    /// <summary>
    /// Load ratios compared without dividing (a decision compares a hundred or so pairs): the cross products of loads and
    /// capacities order exactly as the ratios do, whose values the reason shows.
    /// </summary>
    private static int CompareLoad(in Candidate a, in Candidate b) =>
        a.Capacity > 0 && b.Capacity > 0
            ? ((long)a.Load * b.Capacity).CompareTo((long)b.Load * a.Capacity)
            : a.Ratio.CompareTo(b.Ratio);

    /// <summary>Which rule separated the winner from the runner-up, when the load ratio did not.</summary>
    private static TieBreakRule TieBreak(in Candidate winner, in Candidate next) =>
        CompareLoad(winner, next) != 0 ? TieBreakRule.None
        : winner.Level != next.Level ? TieBreakRule.HigherLevel
        : winner.LastServedClientTicks != next.LastServedClientTicks ? TieBreakRule.ServedClient
        : winner.Rating != next.Rating ? TieBreakRule.HigherRating
        : TieBreakRule.AssignedLongestAgo;

    /// <summary>
    /// A load ratio as reasons show it, rounded half up to at most two decimals, exactly (from the integers); "∞" for
    /// someone without capacity (chosen only as the last resort for a critical ticket).
    /// </summary>
    private static TextArg ShownRatio(in Candidate candidate) =>
        candidate.Capacity <= 0 ? (TextArg)"∞"
        : new TextArg(TextArgKind.Number, (((long)candidate.Load * 200 + candidate.Capacity) / (2L * candidate.Capacity) / 100m).ToString("0.##", CultureInfo.InvariantCulture));
}
