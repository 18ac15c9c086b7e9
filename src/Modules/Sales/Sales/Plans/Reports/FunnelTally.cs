using System.Buffers;
using OrleansCrm.BuildingBlocks.Persistence;

namespace OrleansCrm.Sales.Plans.Reports;

/// <summary>
/// The funnel's figures over its cohort's rows (sales.deal_funnel), one row at a time: per stage the deals that reached
/// it (once each, however often they came back) with their amount, and the finished stays' hours for the median; per
/// owner the deals entered, won and lost. The row's text is read in place as ASCII bytes, without a string, and the stays'
/// hours go to pooled arrays: a quarter is 250,000 of them, and growing lists of that size cost a full collection per report.
/// </summary>
internal sealed class FunnelTally
{
    private const int Won = 1;
    private const int Lost = 2;

    private readonly List<(string Code, byte[] Bytes, Stage Stage)> _stages = [];
    private readonly Dictionary<Guid, Owner> _owners = [];
    private int _deal;

    public void Add(Guid ownerId, long amount, int status, long? wonAmount, ReadOnlySpan<byte> stays)
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

        var text = stays;
        while (!text.IsEmpty)
        {
            var end = text.IndexOf((byte)';');
            var stay = end < 0 ? text : text[..end];
            text = end < 0 ? default : text[(end + 1)..];
            var equals = stay.IndexOf((byte)'=');
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
                stage.Add(FunnelStays.Hours(Microseconds(stay[(equals + 1)..])));
            }
        }
    }

    /// <summary>The figures; ends the tally (its arrays go back to the pool).</summary>
    public FunnelRaw Raw(IReadOnlyList<(string Stage, string? Month, int Deals, decimal Amount)> open)
    {
        var raw = new FunnelRaw(
            _stages.ToDictionary(s => s.Code, s => (s.Stage.Deals, ModuleDb.Hryvnias(s.Stage.Amount)), StringComparer.Ordinal),
            _stages.Where(s => s.Stage.Count > 0).ToDictionary(s => s.Code, s => Medians.Of(s.Stage.Hours)!.Value, StringComparer.Ordinal),
            _owners.Select(o => new FunnelRawOwner(o.Key, o.Value.Entered, o.Value.Won, ModuleDb.Hryvnias(o.Value.WonAmount), o.Value.Lost, ModuleDb.Hryvnias(o.Value.LostAmount))).ToList(),
            open);
        foreach (var (_, _, stage) in _stages)
        {
            stage.Return();
        }

        return raw;
    }

    /// <summary>A pipeline has a handful of stages: comparing the code with each is cheaper than hashing it, 250,000 times a quarter.</summary>
    private Stage? StageOf(ReadOnlySpan<byte> code)
    {
        if (code.IsEmpty)
        {
            return null;
        }

        foreach (var (_, known, stage) in _stages)
        {
            if (code.SequenceEqual(known))
            {
                return stage;
            }
        }

        var added = new Stage();
        _stages.Add((System.Text.Encoding.ASCII.GetString(code), code.ToArray(), added));
        return added;
    }

    /// <summary>The length as written by <see cref="FunnelStays.Write"/>: whole microseconds, negative when a clock ran back.</summary>
    private static long Microseconds(ReadOnlySpan<byte> digits)
    {
        var negative = digits.StartsWith((byte)'-');
        var value = 0L;
        foreach (var digit in negative ? digits[1..] : digits)
        {
            value = value * 10 + (digit - (byte)'0');
        }

        return negative ? -value : value;
    }

    private sealed class Stage
    {
        public int LastDeal { get; set; }

        public int Deals { get; set; }

        public long Amount { get; set; }

        private double[] _hours = ArrayPool<double>.Shared.Rent(1024);

        public int Count { get; private set; }

        public Span<double> Hours => _hours.AsSpan(0, Count);

        public void Add(double hours)
        {
            if (Count == _hours.Length)
            {
                var larger = ArrayPool<double>.Shared.Rent(_hours.Length * 2);
                _hours.CopyTo(larger, 0);
                ArrayPool<double>.Shared.Return(_hours);
                _hours = larger;
            }

            _hours[Count++] = hours;
        }

        public void Return()
        {
            ArrayPool<double>.Shared.Return(_hours);
            (_hours, Count) = ([], 0);
        }
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
