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
    private long _amount;

    public void Add(Guid ownerId, long amount, int status, long? wonAmount, ReadOnlySpan<byte> stays)
    {
        Deal(ownerId, amount, status, wonAmount);
        foreach (var stay in FunnelStays.Read(stays))
        {
            Stay(StageOf(stay.Code), stay.Microseconds);
        }
    }

    /// <summary>A deal's figures, before its stays (<see cref="Stay"/>): a pack's records come this way (<see cref="FunnelPack"/>).</summary>
    public void Deal(Guid ownerId, long amount, int status, long? wonAmount)
    {
        _deal++;
        _amount = amount;
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
    }

    /// <summary>One stay of the deal last begun: its stage (null for an empty code) and its length if it is finished.</summary>
    public void Stay(Stage? stage, long? microseconds)
    {
        if (stage is null)
        {
            return;
        }

        if (stage.LastDeal != _deal)
        {
            stage.LastDeal = _deal;
            stage.Deals++;
            stage.Amount += _amount;
        }

        if (microseconds is { } length)
        {
            stage.Add(FunnelStays.Hours(length));
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
    public Stage? StageOf(ReadOnlySpan<byte> code)
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

    public sealed class Stage
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
