using System.Text;
using CsCheck;
using OrleansCrm.Sales.Plans.Reports;

namespace OrleansCrm.Sales.Tests.Plans;

/// <summary>
/// A pack (<see cref="FunnelPack"/>) tallies as its rows' text does, for any rows: amounts and lengths of any size and
/// sign, open and finished stays, stages coming back, and the span, owner and skipped deals a report leaves out.
/// </summary>
public sealed class FunnelPackFormatTests
{
    private static readonly DateTimeOffset Day = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly Guid[] Owners = [Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid()];
    private static readonly string[] Codes = ["new", "qualified", "offer-2", "a", "very_long_stage_code_of_a_pipeline_0123456789"];

    private static readonly Gen<(string Code, long? Length)> Stay =
        Gen.Select(Gen.Int[0, Codes.Length - 1], Maybe(Gen.Long[-1_000_000_000L, 400L * 24 * 3600 * 1_000_000], 3))
            .Select((code, length) => (Codes[code], length));

    private static readonly Gen<FunnelPack.Row> Row =
        Gen.Select(Gen.Int[0, Owners.Length - 1], Gen.Long[0, 100_000_000_000_00L], Gen.Int[0, 2], Maybe(Gen.Long[0, 100_000_000_000_00L], 6),
                Gen.Long[0, TimeSpan.TicksPerDay - 1], Stay.Array[0, 12])
            .Select((owner, amount, status, won, at, stays) => new FunnelPack.Row(Guid.NewGuid(), Owners[owner], Day.AddTicks(at), amount, status, won,
                Encoding.ASCII.GetBytes(string.Join(';', stays.Select(s => s.Length is { } l ? $"{s.Code}={l}" : s.Code)))));

    /// <summary>Null <paramref name="tenths"/> times in ten.</summary>
    private static Gen<long?> Maybe(Gen<long> value, int tenths) => Gen.Select(Gen.Int[0, 9], value).Select((p, v) => p < tenths ? (long?)null : v);

    [Fact]
    public void A_pack_tallies_as_its_rows_do_whatever_the_report_leaves_out()
    {
        Gen.Select(Row.List[0, 60], Gen.Long[0, TimeSpan.TicksPerDay], Gen.Long[0, TimeSpan.TicksPerDay], Gen.Int[-1, Owners.Length - 1], Gen.Int[0, 5])
            .Sample((rows, a, b, owner, skipEvery) =>
            {
                var (from, to) = (Day.UtcTicks + Math.Min(a, b), Day.UtcTicks + Math.Max(a, b));
                Guid? one = owner < 0 ? null : Owners[owner];
                var skip = rows.Where((_, i) => skipEvery > 0 && i % skipEvery == 0).Select(r => r.DealId).ToHashSet();

                var fromRows = new FunnelTally();
                foreach (var row in rows.Where(r => r.EnteredAt.UtcTicks >= from && r.EnteredAt.UtcTicks < to && (one is null || r.OwnerId == one) && !skip.Contains(r.DealId)))
                {
                    fromRows.Add(row.OwnerId, row.Amount, row.Status, row.WonAmount, row.Stays);
                }

                var fromPack = new FunnelTally();
                FunnelPack.Tally(FunnelPack.Write(rows), fromPack, from, to, one, skip);
                Assert.Equal(Describe(fromRows.Raw([])), Describe(fromPack.Raw([])));
            }, iter: 500);
    }

    /// <summary>The figures; a stage nobody counted reached is left out (a pack names its day's stages before it counts).</summary>
    private static string Describe(FunnelRaw raw) => string.Join("\n",
        raw.Reached.Where(r => r.Value.Deals > 0).OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => $"{r.Key} {r.Value.Deals} {r.Value.Amount} {raw.MedianHours.GetValueOrDefault(r.Key):R}")
            .Concat(raw.Owners.OrderBy(o => o.OwnerId).Select(o => o.ToString())));
}
