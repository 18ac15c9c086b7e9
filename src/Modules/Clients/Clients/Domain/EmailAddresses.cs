using System.Net.Mail;

namespace OrleansCrm.Clients.Domain;

public static class EmailAddresses
{
    /// <summary>A single address with a domain that has a dot; stored lower-case so search is exact.</summary>
    public static bool TryNormalize(string? input, out string normalized)
    {
        normalized = "";
        if (string.IsNullOrWhiteSpace(input) || input.Length > 254)
        {
            return false;
        }

        var text = input.Trim();
        if (!MailAddress.TryCreate(text, out var address) || address.Address != text || address.DisplayName.Length > 0)
        {
            return false;
        }

        var domain = address.Host;
        if (!domain.Contains('.') || domain.StartsWith('.') || domain.EndsWith('.'))
        {
            return false;
        }

        normalized = text.ToLowerInvariant();
        return true;
    }
}
