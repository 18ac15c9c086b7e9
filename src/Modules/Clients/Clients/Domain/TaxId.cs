using OrleansCrm.BuildingBlocks.Texts;
using OrleansCrm.Clients.Texts;

namespace OrleansCrm.Clients.Domain;

/// <summary>
/// Tax identifiers of the clients' countries, with their check digits:
/// EDRPOU (Ukrainian legal entity, 8 digits), RNOKPP (Ukrainian individual, 10 digits),
/// INN (Russian: 10 digits for an organisation, 12 for an individual).
/// A 10-digit number is accepted when it satisfies the Ukrainian or the Russian rule: both are in use among the clients.
/// </summary>
public static class TaxId
{
    private static readonly int[] EdrpouWeightsLow = [1, 2, 3, 4, 5, 6, 7];
    private static readonly int[] EdrpouWeightsMid = [7, 1, 2, 3, 4, 5, 6];
    private static readonly int[] RnokppWeights = [-1, 5, 7, 9, 4, 6, 10, 5, 7];
    private static readonly int[] Inn10Weights = [2, 4, 10, 3, 5, 9, 4, 6, 8];
    private static readonly int[] Inn12FirstWeights = [7, 2, 4, 10, 3, 5, 9, 4, 6, 8];
    private static readonly int[] Inn12SecondWeights = [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8];

    /// <summary>The digits of a tax id as people type it (spaces and dashes dropped), or null when other characters are present.</summary>
    public static string? Normalize(string? input)
    {
        if (string.IsNullOrWhiteSpace(input))
        {
            return null;
        }

        var digits = new string(input.Where(c => c is not (' ' or '-')).ToArray());
        return digits.All(char.IsAsciiDigit) ? digits : null;
    }

    /// <summary>Null when valid; otherwise the reason, in words a user understands (in their language: a server text).</summary>
    public static ServerText? Validate(string? input)
    {
        var digits = Normalize(input);
        if (digits is null)
        {
            return ClientsTexts.Say("TaxIdDigitsOnly");
        }

        return digits.Length switch
        {
            8 => IsValidEdrpou(digits) ? null : ClientsTexts.Say("TaxIdEdrpouCheck"),
            10 => IsValidRnokpp(digits) || IsValidInn10(digits) ? null : ClientsTexts.Say("TaxIdTenCheck"),
            12 => IsValidInn12(digits) ? null : ClientsTexts.Say("TaxIdTwelveCheck"),
            _ => ClientsTexts.Say("TaxIdLength"),
        };
    }

    public static bool IsValidEdrpou(string digits) =>
        digits.Length == 8 && digits.All(char.IsAsciiDigit) && EdrpouCheckDigit(digits[..7]) == digits[7] - '0';

    public static bool IsValidRnokpp(string digits) =>
        digits.Length == 10 && digits.All(char.IsAsciiDigit) && WeightedSum(digits, RnokppWeights) % 11 % 10 == digits[9] - '0';

    public static bool IsValidInn10(string digits) =>
        digits.Length == 10 && digits.All(char.IsAsciiDigit) && WeightedSum(digits, Inn10Weights) % 11 % 10 == digits[9] - '0';

    public static bool IsValidInn12(string digits) =>
        digits.Length == 12 && digits.All(char.IsAsciiDigit)
        && WeightedSum(digits, Inn12FirstWeights) % 11 % 10 == digits[10] - '0'
        && WeightedSum(digits, Inn12SecondWeights) % 11 % 10 == digits[11] - '0';

    /// <summary>
    /// The State Statistics Service rule: weights 1..7 (or 7,1..6 for codes between 30000000 and 60000000);
    /// a remainder of 10 is retried with every weight raised by 2, and a second 10 gives 0.
    /// </summary>
    public static int EdrpouCheckDigit(string firstSeven)
    {
        var code = int.Parse(firstSeven);
        var weights = code is >= 3000000 and < 6000000 ? EdrpouWeightsMid : EdrpouWeightsLow;
        var remainder = WeightedSum(firstSeven, weights) % 11;
        if (remainder == 10)
        {
            remainder = WeightedSum(firstSeven, weights.Select(w => w + 2).ToArray()) % 11;
        }

        return remainder == 10 ? 0 : remainder;
    }

    public static int RnokppCheckDigit(string firstNine) => WeightedSum(firstNine, RnokppWeights) % 11 % 10;

    public static int Inn10CheckDigit(string firstNine) => WeightedSum(firstNine, Inn10Weights) % 11 % 10;

    private static int WeightedSum(string digits, int[] weights)
    {
        var sum = 0;
        for (var i = 0; i < weights.Length; i++)
        {
            sum += (digits[i] - '0') * weights[i];
        }

        return sum;
    }
}
