using System.Globalization;
using System.Runtime.CompilerServices;
using OrleansCrm.ServiceDesk.Contracts;
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

/// <summary>The chosen specialist (null: the ticket waits) and the reason, in words a dispatcher reads on the board.</summary>
public readonly record struct Choice(Guid? SpecialistId, bool OverCapacity, string Reason);

/// <summary>
/// Who gets a ticket. Among on-duty specialists with the skill at the minimum level and room for the ticket's weight:
/// the lowest load/capacity ratio, then the higher skill level, then whoever served this client most recently,
/// then the higher rating, then whoever was assigned longest ago. When every qualified specialist is full a critical
/// ticket still goes to the least loaded of them (over capacity); other tickets wait.
/// </summary>
public static class DispatchPolicy
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <remarks>
    /// One pass keeping the best and the runner-up (by their index): this runs for every ticket, so no sorting, no
    /// LINQ, no copies of candidates and no allocation but the reason.
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
            return new Choice(null, false, string.Create(Invariant, $"waiting: nobody on duty with skill {need.Skill}≥{need.MinLevel}"));
        }

        if (best >= 0)
        {
            ref readonly var chosen = ref candidates[best];
            var reason = new DefaultInterpolatedStringHandler(0, 0, Invariant);
            reason.AppendLiteral("lowest load ");
            reason.AppendFormatted(new ShownRatio(chosen));
            reason.AppendLiteral(" among ");
            reason.AppendFormatted(withRoom);
            reason.AppendLiteral(" with skill ");
            reason.AppendLiteral(need.Skill);
            reason.AppendLiteral("≥");
            reason.AppendFormatted(need.MinLevel);
            if (runnerUp >= 0)
            {
                AppendTieBreak(ref reason, chosen, candidates[runnerUp]);
            }

            return new Choice(chosen.Id, false, reason.ToStringAndClear());
        }

        if (need.Priority == TicketPriority.Critical)
        {
            ref readonly var chosen = ref candidates[leastLoaded];
            return new Choice(chosen.Id, true, string.Create(
                Invariant, $"critical, all {qualified} with skill {need.Skill}≥{need.MinLevel} are full: least loaded ({new ShownRatio(chosen)}), over capacity"));
        }

        return new Choice(null, false, string.Create(Invariant, $"waiting: all {qualified} with skill {need.Skill}≥{need.MinLevel} are at capacity"));
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

    /// <summary>Which rule separated the winner from the runner-up, when the load ratio did not: "; …", or nothing.</summary>
    private static void AppendTieBreak(ref DefaultInterpolatedStringHandler reason, in Candidate winner, in Candidate next)
    {
        if (CompareLoad(winner, next) != 0)
        {
            return;
        }

        if (winner.Level != next.Level)
        {
            reason.AppendLiteral("; equal load, higher skill level ");
            reason.AppendFormatted(winner.Level);
        }
        else if (winner.LastServedClientTicks != next.LastServedClientTicks)
        {
            reason.AppendLiteral("; equal load and level, served this client most recently");
        }
        else if (winner.Rating != next.Rating)
        {
            reason.AppendLiteral("; equal load and level, higher rating ");
            reason.AppendFormatted(winner.Rating, "0.##");
        }
        else
        {
            reason.AppendLiteral("; equal load, level and rating, assigned longest ago");
        }
    }

    /// <summary>
    /// A load ratio as reasons show it, rounded to at most two decimals ("0.##", invariant). Written from the integers,
    /// because formatting a double with a custom format costs more than the rest of a decision's reason.
    /// </summary>
    private readonly struct ShownRatio(in Candidate candidate) : ISpanFormattable
    {
        private readonly int _load = candidate.Load;
        private readonly int _capacity = candidate.Capacity;

        public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider)
        {
            if (_capacity <= 0)
            {
                charsWritten = destination.IsEmpty ? 0 : 1;
                if (charsWritten == 1)
                {
                    destination[0] = '∞'; // nobody without capacity is chosen but as the last resort for a critical ticket
                }

                return charsWritten == 1;
            }

            var hundredths = ((long)_load * 200 + _capacity) / (2L * _capacity); // rounded half up, exactly
            if (!(hundredths / 100).TryFormat(destination, out charsWritten, default, Invariant))
            {
                return false;
            }

            var fraction = (int)(hundredths % 100);
            var digits = fraction == 0 ? 0 : fraction % 10 == 0 ? 1 : 2;
            if (digits == 0)
            {
                return true;
            }

            if (destination.Length < charsWritten + 1 + digits)
            {
                return false;
            }

            destination[charsWritten++] = '.';
            destination[charsWritten++] = (char)('0' + fraction / 10);
            if (digits == 2)
            {
                destination[charsWritten++] = (char)('0' + fraction % 10);
            }

            return true;
        }

        public string ToString(string? format, IFormatProvider? formatProvider) => string.Create(Invariant, $"{this}");

        public override string ToString() => ToString(null, null);
    }
}
