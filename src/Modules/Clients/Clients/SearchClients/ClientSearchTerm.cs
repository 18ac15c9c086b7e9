using OrleansCrm.Clients.Domain;

namespace OrleansCrm.Clients.SearchClients;

/// <summary>
/// Reads what a user typed into one search box: an e-mail, a tax id or phone number (digits in any format), or a name.
/// Each kind has its own index, so each query stays an index lookup.
/// </summary>
public sealed record ClientSearchTerm(string? Email, string? TaxId, string? Phone, string? NamePattern)
{
    public static ClientSearchTerm Parse(string text, PhoneNumberNormalizer phones)
    {
        text = text.Trim();
        if (text.Contains('@'))
        {
            return new ClientSearchTerm(text.ToLowerInvariant(), null, null, null);
        }

        var looksNumeric = text.Any(char.IsAsciiDigit) && text.All(c => char.IsAsciiDigit(c) || c is ' ' or '-' or '+' or '(' or ')');
        if (looksNumeric)
        {
            // Only a complete id is looked up as one; "100" or "№ 12" is part of a name ("Ліцей №100").
            var taxId = Domain.TaxId.Normalize(text) is { Length: 8 or 10 or 12 } digits ? digits : null;
            var phone = phones.TryNormalize(text, out var e164) ? e164 : null;
            if (taxId is not null || phone is not null)
            {
                return new ClientSearchTerm(null, taxId, phone, null);
            }
        }

        return new ClientSearchTerm(null, null, null, "%" + EscapeLike(text.ToLowerInvariant()) + "%");
    }

    public const char LikeEscape = '\\';

    private static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_");
}
