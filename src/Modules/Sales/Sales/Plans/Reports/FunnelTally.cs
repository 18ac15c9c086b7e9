using OrleansCrm.BuildingBlocks.Persistence;

namespace OrleansCrm.Sales.Plans.Reports;

/// <summary>
/// The funnel's figures over its cohort's rows (sales.deal_funnel), one row at a time: per stage the deals that reached
/// it (once each, however often they came back) with their amount, and the finished stays' hours for the median; per
/// owner the deals entered, won and lost. The row's text is read in place, without a string per stay.
/// </summary>
internal sealed class FunnelTally
{
    private const int Won = 1;
    private const int Lost = 2;

    private readonly List<(string Code, Stage Stage)> _stages = [];
    private readonly Dictionary<Guid, Owner> _owners = [];
    private int _deal;

    public void Add(Guid ownerId, long amount, int status, long? wonAmount, string stays)
    {
        _deal++;
        var owner = _owners.TryGetValue(ownerId, out var known) ? known : _owners[ownerId] = new Owner();
        owner.Entered++;
        if (status == Won)
        {
            owner.Won++;
            owner.WonAmount += wonAmount ?? amount;
        }
        else if (status == Lost)
        {
            owner.Lost++;
            owner.LostAmount += amount;
        }

        var text = stays.AsSpan();
        while (!text.IsEmpty)
        {
            var end = text.IndexOf(';');
            var stay = end < 0 ? text : text[..end];
            text = end < 0 ? default : text[(end + 1)..];
            var equals = stay.IndexOf('=');
            var stage = StageOf(equals < 0 ? stay : stay[..equals]);
            if (stage is null)
            {
                continue;
            }

            if (stage.LastDeal != _deal)
            {
                stage.LastDeal = _deal;
                stage.Deals++;
                stage.Amount += amount;
            }

            if (equals >= 0)
            {
                stage.Hours.Add(FunnelStays.Hours(Microseconds(stay[(equals + 1)..])));
            }
        }
    }

    public FunnelRaw Raw(IReadOnlyList<(string Stage, string? Month, int Deals, decimal Amount)> open) => new(
        _stages.ToDictionary(s => s.Code, s => (s.Stage.Deals, ModuleDb.Hryvnias(s.Stage.Amount)), StringComparer.Ordinal),
        _stages.Where(s => s.Stage.Hours.Count > 0).ToDictionary(s => s.Code, s => Medians.Of(s.Stage.Hours)!.Value, StringComparer.Ordinal),
        _owners.Select(o => new FunnelRawOwner(o.Key, o.Value.Entered, o.Value.Won, ModuleDb.Hryvnias(o.Value.WonAmount), o.Value.Lost, ModuleDb.Hryvnias(o.Value.LostAmount))).ToList(),
        open);

    /// <summary>A pipeline has a handful of stages: comparing the code with each is cheaper than hashing it, 250,000 times a quarter.</summary>
    private Stage? StageOf(ReadOnlySpan<char> code)
    {
        if (code.IsEmpty)
        {
            return null;
        }

        foreach (var (known, stage) in _stages)
        {
            if (code.SequenceEqual(known))
            {
                return stage;
            }
        }

        var added = new Stage();
        _stages.Add((code.ToString(), added));
        return added;
    }

    /// <summary>The length as written by <see cref="FunnelStays.Write"/>: whole microseconds, negative when a clock ran back.</summary>
    private static long Microseconds(ReadOnlySpan<char> digits)
    {
        var negative = digits.StartsWith('-');
        var value = 0L;
        foreach (var digit in negative ? digits[1..] : digits)
        {
            value = value * 10 + (digit - '0');
        }

        return negative ? -value : value;
    }

    private sealed class Stage
    {
        public int LastDeal { get; set; }

        public int Deals { get; set; }

        public long Amount { get; set; }

        public List<double> Hours { get; } = [];
    }

    private sealed class Owner
    {
        public int Entered { get; set; }

        public int Won { get; set; }

        public long WonAmount { get; set; }

        public int Lost { get; set; }

        public long LostAmount { get; set; }
    }
}
