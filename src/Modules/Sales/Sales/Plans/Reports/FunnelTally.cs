using System.Globalization;
using OrleansCrm.BuildingBlocks.Persistence;

namespace OrleansCrm.Sales.Plans.Reports;

/// <summary>
/// The funnel's figures over its cohort's rows (sales.deal_funnel), one row at a time: per stage the deals that reached
/// it (once each, however often they came back) with their amount, and the finished stays' hours for the median; per
/// owner the deals entered, won and lost. Stage codes are looked up from the row's text without a string per stay.
/// </summary>
internal sealed class FunnelTally
{
    private const int Won = 1;
    private const int Lost = 2;

    private readonly Dictionary<string, Stage> _stages = new(StringComparer.Ordinal);
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

        var byCode = _stages.GetAlternateLookup<ReadOnlySpan<char>>();
        var text = stays.AsSpan();
        foreach (var range in text.Split(';'))
        {
            var stay = text[range];
            var equals = stay.IndexOf('=');
            var code = equals < 0 ? stay : stay[..equals];
            if (code.IsEmpty)
            {
                continue;
            }

            if (!byCode.TryGetValue(code, out var stage))
            {
                byCode[code] = stage = new Stage();
            }

            if (stage.LastDeal != _deal)
            {
                stage.LastDeal = _deal;
                stage.Deals++;
                stage.Amount += amount;
            }

            if (equals >= 0)
            {
                stage.Hours.Add(FunnelStays.Hours(long.Parse(stay[(equals + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture)));
            }
        }
    }

    public FunnelRaw Raw(IReadOnlyList<(string Stage, string? Month, int Deals, decimal Amount)> open) => new(
        _stages.ToDictionary(s => s.Key, s => (s.Value.Deals, ModuleDb.Hryvnias(s.Value.Amount)), StringComparer.Ordinal),
        _stages.Where(s => s.Value.Hours.Count > 0).ToDictionary(s => s.Key, s => Medians.Of(s.Value.Hours)!.Value, StringComparer.Ordinal),
        _owners.Select(o => new FunnelRawOwner(o.Key, o.Value.Entered, o.Value.Won, ModuleDb.Hryvnias(o.Value.WonAmount), o.Value.Lost, ModuleDb.Hryvnias(o.Value.LostAmount))).ToList(),
        open);

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
