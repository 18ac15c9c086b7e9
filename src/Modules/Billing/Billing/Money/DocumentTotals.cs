using OrleansCrm.BuildingBlocks.Money;
namespace OrleansCrm.Billing.Money;

/// <summary>
/// A document's figures: each line's amount, the totals per VAT rate, the VAT and the total.
/// <para>
/// The rounding rule, chosen so that no printed figure disagrees with another by a kopiyka (the line-versus-total
/// disagreement of odoo#37896 and Dolibarr#8700, which come from rounding VAT per line and then adding the rounded pieces):
/// </para>
/// <list type="number">
/// <item>a line's amount is quantity × price rounded to the kopiyka (half away from zero, <see cref="Hryvnias"/>); that is the
/// figure printed on the line, before VAT or including it as the document's prices are;</item>
/// <item>a rate's base is the plain sum of its lines' amounts, so the lines always add up to it;</item>
/// <item>VAT is rounded once per rate, on that sum: net × rate / 100 for prices before VAT, or, for prices that include
/// VAT, gross × rate / (100 + rate) extracted, and net = gross − VAT;</item>
/// <item>the document's net, VAT and total are sums of the rates' figures, and total = net + VAT exactly;</item>
/// <item>where a line's own VAT is wanted (a tax invoice's rows), the rate's VAT is shared out among its lines in
/// proportion to their amounts by largest remainder, so the lines' VAT adds up to the rate's VAT to the kopiyka.</item>
/// </list>
/// A company that is not a VAT payer issues documents without VAT: every line is then without VAT whatever rate it
/// carries, and its prices are the amounts due.
/// </summary>
public sealed record DocumentTotals(
    IReadOnlyList<LineTotal> Lines,
    IReadOnlyList<RateTotal> Rates,
    decimal Net,
    decimal Vat,
    decimal Total,
    bool PricesIncludeVat,
    bool VatPayer)
{
    /// <summary>Computes the figures of <paramref name="lines"/> (quantities and prices must not be negative).</summary>
    /// <param name="pricesIncludeVat">Prices are gross: VAT is extracted from them rather than added on top.</param>
    /// <param name="vatPayer">False for a company that is not registered for VAT: no line carries VAT.</param>
    public static DocumentTotals Calculate(IReadOnlyList<DocumentLine> lines, bool pricesIncludeVat, bool vatPayer = true)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var amounts = new decimal[lines.Count];
        var rates = new int?[lines.Count];
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            if (line.Quantity < 0 || line.Price < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(lines), $"Line {i + 1} has a negative quantity or price; a reversal is a document of its own.");
            }

            if (!VatRates.IsAllowed(line.VatRate))
            {
                throw new ArgumentOutOfRangeException(nameof(lines), $"Line {i + 1} has VAT rate {line.VatRate}; allowed are 20, 7, 0 or none.");
            }

            amounts[i] = Hryvnias.Round(line.Quantity * line.Price);
            rates[i] = vatPayer ? line.VatRate : null;
        }

        var lineVat = new decimal[lines.Count];
        var rateTotals = new List<RateTotal>();
        // 20, 7, 0, then exempt: the order the totals are printed in.
        foreach (var rate in rates.Distinct().OrderByDescending(rate => rate ?? -1))
        {
            var members = Enumerable.Range(0, lines.Count).Where(i => rates[i] == rate).ToArray();
            var sum = members.Sum(i => amounts[i]);
            var vat = rate is { } percent
                ? pricesIncludeVat
                    ? Hryvnias.Round(sum * percent / (100 + percent))
                    : Hryvnias.Round(sum * percent / 100)
                : 0m;
            var shares = Share(vat, members.Select(i => amounts[i]).ToArray());
            for (var k = 0; k < members.Length; k++)
            {
                lineVat[members[k]] = shares[k];
            }

            var net = pricesIncludeVat ? sum - vat : sum;
            rateTotals.Add(new RateTotal(rate, net, vat, net + vat));
        }

        var lineTotals = new LineTotal[lines.Count];
        for (var i = 0; i < lines.Count; i++)
        {
            var net = pricesIncludeVat ? amounts[i] - lineVat[i] : amounts[i];
            lineTotals[i] = new LineTotal(lines[i], rates[i], amounts[i], net, lineVat[i], net + lineVat[i]);
        }

        var totalNet = rateTotals.Sum(rate => rate.Net);
        var totalVat = rateTotals.Sum(rate => rate.Vat);
        return new DocumentTotals(lineTotals, rateTotals, totalNet, totalVat, totalNet + totalVat, pricesIncludeVat, vatPayer);
    }

    /// <summary>
    /// Shares <paramref name="total"/> (whole kopiykas) among parts in proportion to <paramref name="weights"/> by largest
    /// remainder: each part gets its share rounded down to the kopiyka, and the kopiykas left go to the largest remainders
    /// (the earlier line on a tie), so the shares add up to the total exactly.
    /// </summary>
    internal static decimal[] Share(decimal total, decimal[] weights)
    {
        var shares = new decimal[weights.Length];
        var sum = weights.Sum();
        if (total == 0 || sum == 0)
        {
            return shares;
        }

        var kopiykas = total * 100;
        var remainders = new decimal[weights.Length];
        var given = 0m;
        for (var i = 0; i < weights.Length; i++)
        {
            var exact = kopiykas * weights[i] / sum;
            var whole = Math.Floor(exact);
            shares[i] = whole;
            remainders[i] = exact - whole;
            given += whole;
        }

        var left = (int)(kopiykas - given);
        foreach (var i in Enumerable.Range(0, weights.Length).OrderByDescending(i => remainders[i]).ThenBy(i => i).Take(left))
        {
            shares[i] += 1;
        }

        return [.. shares.Select(share => share / 100)];
    }
}

/// <summary>A line's figures: the printed amount (quantity × price, rounded), and its net, VAT and gross.</summary>
/// <param name="VatRate">The rate that applied: null for an exempt line, and for every line of a non-payer's document.</param>
public sealed record LineTotal(DocumentLine Line, int? VatRate, decimal Amount, decimal Net, decimal Vat, decimal Gross);

/// <summary>The totals of one VAT rate (null: without VAT).</summary>
public sealed record RateTotal(int? VatRate, decimal Net, decimal Vat, decimal Gross);
