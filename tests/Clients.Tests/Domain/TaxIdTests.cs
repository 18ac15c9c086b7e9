using OrleansCrm.Clients.Domain;

namespace OrleansCrm.Clients.Tests.Domain;

public sealed class TaxIdTests
{
    [Theory]
    [InlineData("00032129")] // Ukrainian legal entity codes with valid check digits
    [InlineData("14360570")]
    [InlineData("30404305")] // 30000000–60000000 range: the second weight set
    [InlineData("12345678")]
    public void Valid_edrpou(string code)
    {
        Assert.True(TaxId.IsValidEdrpou(code));
        Assert.Null(TaxId.Validate(code));
    }

    [Theory]
    [InlineData("00032128")]
    [InlineData("14360571")]
    public void Edrpou_with_a_wrong_check_digit(string code) => Assert.Equal("Clients.TaxIdEdrpouCheck", TaxId.Validate(code)?.Code);

    [Fact]
    public void Edrpou_remainder_ten_is_retried_with_raised_weights()
    {
        // 0000006: weights 1..7 give 42 % 11 = 9; find a prefix whose first remainder is 10 and check the rule by hand.
        var prefix = Enumerable.Range(1_000_000, 20_000).Select(n => n.ToString()).First(p => Sum(p, [1, 2, 3, 4, 5, 6, 7]) % 11 == 10);
        var expected = Sum(prefix, [3, 4, 5, 6, 7, 8, 9]) % 11 % 10;
        Assert.Equal(expected, TaxId.EdrpouCheckDigit(prefix));
    }

    [Theory]
    [InlineData("3184710691")] // RNOKPP (Ukrainian individual)
    [InlineData("7707083893")] // INN-10 (Russian organisation)
    [InlineData("500100732259")] // INN-12 (Russian individual)
    public void Valid_ten_and_twelve_digit_ids(string code) => Assert.Null(TaxId.Validate(code));

    [Theory]
    [InlineData("7707083894")]
    [InlineData("500100732258")]
    [InlineData("123")]
    [InlineData("12345678901")]
    [InlineData("1234567a")]
    public void Invalid_ids_say_why(string code) => Assert.NotNull(TaxId.Validate(code));

    [Fact]
    public void Spaces_and_dashes_are_ignored() => Assert.Equal("14360570", TaxId.Normalize(" 1436-0570 "));

    private static int Sum(string digits, int[] weights) => digits.Select((d, i) => (d - '0') * weights[i]).Sum();
}
