using OrleansCrm.BuildingBlocks.Money;
using CsCheck;
using OrleansCrm.Billing.Money;

namespace OrleansCrm.Billing.Tests.Money;

public sealed class DocumentTotalsTests
{
    [Theory]
    [InlineData("0.125", "0.13")]
    [InlineData("2.675", "2.68")]
    [InlineData("0.005", "0.01")]
    [InlineData("0.0049", "0.00")]
    [InlineData("-0.125", "-0.13")]
    public void Kopiykas_round_half_away_from_zero_not_to_even(string amount, string rounded)
    {
        Assert.Equal(decimal.Parse(rounded, System.Globalization.CultureInfo.InvariantCulture),
            Hryvnias.Round(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void Prices_before_VAT_add_VAT_once_per_rate_and_keep_exempt_lines_apart()
    {
        var totals = DocumentTotals.Calculate(
        [
            new DocumentLine("Абонентське обслуговування", 1, "міс.", 1000.00m, 20),
            new DocumentLine("Роботи понад ліміт", 2.5m, "год", 333.33m, 20),
            new DocumentLine("Ліцензія", 1, "шт.", 500m, null),
        ], pricesIncludeVat: false);

        Assert.Equal([1000.00m, 833.33m, 500m], totals.Lines.Select(line => line.Amount));
        Assert.Equal(2, totals.Rates.Count);
        Assert.Equal(new RateTotal(20, 1833.33m, 366.67m, 2200.00m), totals.Rates[0]);
        Assert.Equal(new RateTotal(null, 500m, 0m, 500m), totals.Rates[1]);
        Assert.Equal(2333.33m, totals.Net);
        Assert.Equal(366.67m, totals.Vat);
        Assert.Equal(2700.00m, totals.Total);
        Assert.Equal(366.67m, totals.Lines.Sum(line => line.Vat));
    }

    [Fact]
    public void Prices_including_VAT_extract_it_once_so_lines_and_total_agree_to_the_kopiyka()
    {
        // Three lines of 10.00 with VAT: per line 1.67 each would make 5.01 against a total's 5.00 (odoo#37896).
        var totals = DocumentTotals.Calculate(
            [.. Enumerable.Range(1, 3).Select(i => new DocumentLine($"Послуга {i}", 1, "шт.", 10.00m, 20))],
            pricesIncludeVat: true);

        var rate = Assert.Single(totals.Rates);
        Assert.Equal(new RateTotal(20, 25.00m, 5.00m, 30.00m), rate);
        Assert.Equal([1.67m, 1.67m, 1.66m], totals.Lines.Select(line => line.Vat));
        Assert.Equal(25.00m, totals.Lines.Sum(line => line.Net));
        Assert.Equal(30.00m, totals.Total);
    }

    [Fact]
    public void The_reduced_and_zero_rates_are_totalled_apart_in_print_order()
    {
        var totals = DocumentTotals.Calculate(
        [
            new DocumentLine("Експорт", 1, "посл.", 300m, 0),
            new DocumentLine("Ліки", 3, "уп.", 33.33m, 7),
            new DocumentLine("Підтримка", 1, "міс.", 100m, 20),
        ], pricesIncludeVat: false);

        Assert.Equal(new int?[] { 20, 7, 0 }, totals.Rates.Select(rate => rate.VatRate));
        Assert.Equal(7.00m, totals.Rates[1].Vat); // 99.99 × 7 % = 6.9993
        Assert.Equal(0m, totals.Rates[2].Vat);
        Assert.Equal(100m + 20m + 99.99m + 7.00m + 300m, totals.Total);
    }

    [Fact]
    public void A_company_that_is_not_a_VAT_payer_issues_documents_without_VAT()
    {
        var totals = DocumentTotals.Calculate(
        [
            new DocumentLine("Підтримка", 1, "міс.", 1200m, 20),
            new DocumentLine("Ліцензія", 2, "шт.", 150m, null),
        ], pricesIncludeVat: true, vatPayer: false);

        var rate = Assert.Single(totals.Rates);
        Assert.Null(rate.VatRate);
        Assert.Equal(0m, totals.Vat);
        Assert.Equal(1500m, totals.Total);
        Assert.All(totals.Lines, line => Assert.Null(line.VatRate));
    }

    [Fact]
    public void Rates_other_than_20_7_0_or_exempt_and_negative_lines_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => DocumentTotals.Calculate([new DocumentLine("X", 1, "шт.", 10m, 10)], false));
        Assert.Throws<ArgumentOutOfRangeException>(() => DocumentTotals.Calculate([new DocumentLine("X", -1, "шт.", 10m, 20)], false));
        Assert.Throws<ArgumentOutOfRangeException>(() => DocumentTotals.Calculate([new DocumentLine("X", 1, "шт.", -10m, 20)], false));
        Assert.False(VatRates.IsAllowed(18));
        Assert.True(VatRates.IsAllowed(null));
    }

    [Fact]
    public void An_empty_document_totals_zero()
    {
        var totals = DocumentTotals.Calculate([], pricesIncludeVat: false);
        Assert.Empty(totals.Rates);
        Assert.Equal(0m, totals.Total);
    }

    private static readonly Gen<DocumentLine> Line =
        Gen.Select(
            Gen.Int[0, 100_000], // quantity in thousandths: up to 100, with three decimals (hours)
            Gen.Long[0, 10_000_000_00L], // price in kopiykas: up to ten million hryvnias
            Gen.OneOf<int?>(20, 7, 0, null),
            (quantity, price, rate) => new DocumentLine("Послуга", quantity / 1000m, "год", price / 100m, rate));

    private static readonly Gen<(DocumentLine[] Lines, bool PricesIncludeVat, bool VatPayer)> Document =
        Gen.Select(Line.Array[0, 12], Gen.Bool, Gen.Bool);

    [Fact]
    public void Property_lines_add_up_to_their_rate_and_rates_to_the_total_never_negative()
    {
        Document.Sample(document =>
        {
            var totals = DocumentTotals.Calculate(document.Lines, document.PricesIncludeVat, document.VatPayer);
            foreach (var rate in totals.Rates)
            {
                var lines = totals.Lines.Where(line => line.VatRate == rate.VatRate).ToList();
                Assert.Equal(document.PricesIncludeVat ? rate.Gross : rate.Net, lines.Sum(line => line.Amount));
                Assert.Equal(rate.Net, lines.Sum(line => line.Net));
                Assert.Equal(rate.Vat, lines.Sum(line => line.Vat));
                Assert.Equal(rate.Gross, lines.Sum(line => line.Gross));
                Assert.Equal(rate.Gross, rate.Net + rate.Vat);
                // VAT is the rate of the net to within a kopiyka, whichever way it was computed.
                Assert.True(Math.Abs(rate.Vat - rate.Net * (rate.VatRate ?? 0) / 100) <= 0.01m, $"{rate}");
            }

            Assert.Equal(totals.Total, totals.Net + totals.Vat);
            Assert.Equal(totals.Total, totals.Rates.Sum(rate => rate.Gross));
            Assert.Equal(totals.Total, totals.Lines.Sum(line => line.Gross));
            Assert.All(totals.Lines, line => Assert.True(line.Amount >= 0 && line.Net >= 0 && line.Vat >= 0, $"{line}"));
            Assert.True(totals.Net >= 0 && totals.Vat >= 0);
            Assert.All(totals.Lines, line => Assert.Equal(Hryvnias.Round(line.Vat), line.Vat));
            if (!document.VatPayer)
            {
                Assert.Equal(0m, totals.Vat);
            }
        }, iter: 2_000);
    }
}
