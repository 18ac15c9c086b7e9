using OrleansCrm.BuildingBlocks.Money;
using System.Globalization;

namespace OrleansCrm.Billing.Tests.Documents;

public sealed class AmountInWordsTests
{
    [Theory]
    [InlineData("0", "Нуль гривень 00 копійок")]
    [InlineData("1", "Одна гривня 00 копійок")]
    [InlineData("2", "Дві гривні 00 копійок")]
    [InlineData("5", "П'ять гривень 00 копійок")]
    [InlineData("11", "Одинадцять гривень 00 копійок")]
    [InlineData("12", "Дванадцять гривень 00 копійок")]
    [InlineData("14", "Чотирнадцять гривень 00 копійок")]
    [InlineData("21", "Двадцять одна гривня 00 копійок")]
    [InlineData("22", "Двадцять дві гривні 00 копійок")]
    [InlineData("101", "Сто одна гривня 00 копійок")]
    [InlineData("111", "Сто одинадцять гривень 00 копійок")]
    [InlineData("212", "Двісті дванадцять гривень 00 копійок")]
    [InlineData("1000", "Одна тисяча гривень 00 копійок")]
    [InlineData("2000", "Дві тисячі гривень 00 копійок")]
    [InlineData("5000", "П'ять тисяч гривень 00 копійок")]
    [InlineData("11000", "Одинадцять тисяч гривень 00 копійок")]
    [InlineData("21000", "Двадцять одна тисяча гривень 00 копійок")]
    [InlineData("22500", "Двадцять дві тисячі п'ятсот гривень 00 копійок")]
    [InlineData("1000000.01", "Один мільйон гривень 01 копійка")]
    [InlineData("2000000", "Два мільйони гривень 00 копійок")]
    [InlineData("5000000", "П'ять мільйонів гривень 00 копійок")]
    [InlineData("1234567890.99", "Один мільярд двісті тридцять чотири мільйони п'ятсот шістдесят сім тисяч вісімсот дев'яносто гривень 99 копійок")]
    [InlineData("2000000000", "Два мільярди гривень 00 копійок")]
    [InlineData("0.02", "Нуль гривень 02 копійки")]
    [InlineData("0.11", "Нуль гривень 11 копійок")]
    [InlineData("0.21", "Нуль гривень 21 копійка")]
    [InlineData("1.005", "Одна гривня 01 копійка")]
    [InlineData("3542.40", "Три тисячі п'ятсот сорок дві гривні 40 копійок")]
    public void The_total_reads_in_Ukrainian_with_kopiykas_in_digits(string amount, string words)
    {
        Assert.Equal(words, AmountInWords.Hryvnias(decimal.Parse(amount, CultureInfo.InvariantCulture)));
    }

    [Theory]
    [InlineData("1.01", "Одна гривня одна копійка")]
    [InlineData("2.02", "Дві гривні дві копійки")]
    [InlineData("5.25", "П'ять гривень двадцять п'ять копійок")]
    [InlineData("1000000.00", "Один мільйон гривень нуль копійок")]
    public void Kopiykas_may_be_spelled_out_too_and_are_feminine(string amount, string words)
    {
        Assert.Equal(words, AmountInWords.Hryvnias(decimal.Parse(amount, CultureInfo.InvariantCulture), kopiykasInWords: true));
    }

    [Fact]
    public void Negative_and_too_large_amounts_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => AmountInWords.Hryvnias(-1m));
        Assert.Throws<ArgumentOutOfRangeException>(() => AmountInWords.Hryvnias(1_000_000_000_000m));
        Assert.StartsWith("Дев'ятсот дев'яносто дев'ять мільярдів", AmountInWords.Hryvnias(AmountInWords.Max));
    }

    [Fact]
    public void Every_amount_up_to_a_hundred_thousand_agrees_in_gender_and_number()
    {
        for (var hryvnias = 1; hryvnias <= 100_000; hryvnias += 1)
        {
            var words = AmountInWords.Hryvnias(hryvnias);
            var lastTwo = hryvnias % 100;
            var expected = lastTwo is >= 11 and <= 14 ? "гривень" : (hryvnias % 10) switch { 1 => "гривня", >= 2 and <= 4 => "гривні", _ => "гривень" };
            Assert.EndsWith($" {expected} 00 копійок", words);
            Assert.DoesNotContain("один гривн", words, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("два гривн", words, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("один тисяч", words, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("два тисяч", words, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("  ", words);
            Assert.True(char.IsUpper(words[0]), words);
        }
    }
}
