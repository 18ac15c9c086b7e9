using PhoneNumbers;

namespace OrleansCrm.Clients.Domain;

/// <summary>
/// Phone numbers are stored in E.164 (+380441234567) so that "044 123 45 67", "+38 (044) 123-45-67"
/// and "380441234567" find the same contact. A number without a country code takes the company's default country.
/// </summary>
public sealed class PhoneNumberNormalizer(string defaultRegion)
{
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    public string DefaultRegion { get; } = defaultRegion.ToUpperInvariant();

    public bool TryNormalize(string? input, out string e164)
    {
        e164 = "";
        if (string.IsNullOrWhiteSpace(input) || input.Length > 40)
        {
            return false;
        }

        try
        {
            var text = input.Trim();
            // "380441234567" is written without the plus often enough: read a bare international prefix as one.
            if (!text.StartsWith('+') && text.All(c => char.IsAsciiDigit(c) || c is ' ' or '-' or '(' or ')'))
            {
                var digits = new string(text.Where(char.IsAsciiDigit).ToArray());
                var countryCode = Util.GetCountryCodeForRegion(DefaultRegion);
                if (digits.Length > 10 && digits.StartsWith(countryCode.ToString(), StringComparison.Ordinal))
                {
                    text = "+" + digits;
                }
            }

            var number = Util.Parse(text, DefaultRegion);
            if (!Util.IsValidNumber(number))
            {
                return false;
            }

            e164 = Util.Format(number, PhoneNumberFormat.E164);
            return true;
        }
        catch (NumberParseException)
        {
            return false;
        }
    }
}
