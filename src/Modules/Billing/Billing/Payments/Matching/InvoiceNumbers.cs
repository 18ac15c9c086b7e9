using System.Text;

namespace OrleansCrm.Billing.Payments.Matching;

/// <summary>
/// How invoice numbers are compared and found in a payment's purpose.
/// <para>
/// The purpose is cut into whole tokens (letters, digits and the separators a number uses: - / \ _); a point or comma
/// stays inside a token only between two digits (a date, an amount), so "рах.№42" gives "РАХ" and "42" while "1500,00"
/// stays one token. Numbers are compared token by token: digits are never joined across tokens (joining a reference's
/// digits matched unrelated invoices in OCA/account-reconcile#753). The one join allowed is a short letters-only prefix
/// with the next token ("РФ 2026-42" for "РФ-2026-42"), which joins no digits.
/// </para>
/// <para>
/// Two forms of a number: the <see cref="Exact"/> key (upper case, one kind of separator, without "№", "#", "N", "No"
/// before the digits) and the <see cref="LookAlike"/> key, where the Cyrillic letters that look like Latin ones
/// (А В Е І К М Н О Р С Т Х) become Latin: an invoice "РФ-7" typed with a Latin "P" agrees only in that form, and is
/// suggested rather than settled.
/// </para>
/// </summary>
public static class InvoiceNumbers
{
    private static readonly Dictionary<char, char> LookAlikes = new()
    {
        ['А'] = 'A', ['В'] = 'B', ['Е'] = 'E', ['І'] = 'I', ['К'] = 'K', ['М'] = 'M', ['Н'] = 'H', ['О'] = 'O', ['Р'] = 'P',
        ['С'] = 'C', ['Т'] = 'T', ['Х'] = 'X',
    };

    /// <summary>Upper case, separators unified to '-', no "№"/"#"/"N"/"No" before the first digit; empty if nothing is left.</summary>
    public static string Exact(string number)
    {
        var builder = new StringBuilder(number.Length);
        foreach (var character in number)
        {
            if (char.IsWhiteSpace(character) || character is '№' or '#')
            {
                continue;
            }

            builder.Append(character is '/' or '\\' or '_' or '–' or '—' ? '-' : char.ToUpperInvariant(character));
        }

        var key = builder.ToString().Trim('-', '.');
        if (key.StartsWith("NO", StringComparison.Ordinal) && key.Length > 2 && (char.IsDigit(key[2]) || key[2] == '.'))
        {
            key = key[2..].TrimStart('.', '-');
        }
        else if (key.StartsWith('N') && key.Length > 1 && char.IsDigit(key[1]))
        {
            key = key[1..];
        }

        return key;
    }

    /// <summary>The exact key with Cyrillic look-alikes made Latin.</summary>
    public static string LookAlike(string exactKey)
    {
        var builder = new StringBuilder(exactKey.Length);
        foreach (var character in exactKey)
        {
            builder.Append(LookAlikes.TryGetValue(character, out var latin) ? latin : character);
        }

        return builder.ToString();
    }

    /// <summary>The exact keys a purpose text may name an invoice by: its tokens with a digit, and prefix joins.</summary>
    public static IReadOnlyList<string> Candidates(string purpose)
    {
        var tokens = Tokens(purpose);
        var candidates = new List<string>(tokens.Count + 2);
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            var hasDigit = token.Any(char.IsAsciiDigit);
            if (hasDigit)
            {
                var key = Exact(token);
                if (key.Length > 0)
                {
                    candidates.Add(key);
                }
            }
            else if (token.Length <= 4 && i + 1 < tokens.Count && tokens[i + 1].Any(char.IsAsciiDigit) && char.IsLetter(tokens[i + 1][0]) is false)
            {
                candidates.Add(Exact(token + "-" + tokens[i + 1]));
            }
        }

        return candidates;
    }

    /// <summary>The purpose cut into whole tokens.</summary>
    public static List<string> Tokens(string purpose)
    {
        var tokens = new List<string>();
        var current = new StringBuilder();
        for (var i = 0; i < purpose.Length; i++)
        {
            var character = purpose[i];
            var keep = char.IsLetterOrDigit(character) && character != '№'
                || character is '-' or '/' or '\\' or '_' or '–' or '—'
                || character is '.' or ',' && i > 0 && i + 1 < purpose.Length && char.IsDigit(purpose[i - 1]) && char.IsDigit(purpose[i + 1]);
            if (keep)
            {
                current.Append(character);
                continue;
            }

            Flush();
        }

        Flush();
        return tokens;

        void Flush()
        {
            var token = current.ToString().Trim('-', '/', '\\', '_', '–', '—');
            if (token.Length > 0)
            {
                tokens.Add(token);
            }

            current.Clear();
        }
    }

    /// <summary>
    /// Whether <paramref name="typed"/> is <paramref name="real"/> with one digit changed, left out, added, or two
    /// neighbouring digits swapped (an optimal-string-alignment distance of one, on digits only).
    /// </summary>
    public static bool OneDigitOff(string typed, string real)
    {
        if (typed == real)
        {
            return false;
        }

        var prefix = 0;
        while (prefix < typed.Length && prefix < real.Length && typed[prefix] == real[prefix])
        {
            prefix++;
        }

        var a = typed.AsSpan(prefix);
        var b = real.AsSpan(prefix);
        if (a.Length == b.Length)
        {
            // One digit changed, or two neighbouring digits swapped.
            return (char.IsAsciiDigit(a[0]) && char.IsAsciiDigit(b[0]) && a[1..].SequenceEqual(b[1..]))
                || (a.Length >= 2 && char.IsAsciiDigit(a[0]) && char.IsAsciiDigit(a[1]) && a[0] == b[1] && a[1] == b[0] && a[2..].SequenceEqual(b[2..]));
        }

        if (a.Length + 1 == b.Length)
        {
            return char.IsAsciiDigit(b[0]) && a.SequenceEqual(b[1..]);
        }

        return b.Length + 1 == a.Length && char.IsAsciiDigit(a[0]) && b.SequenceEqual(a[1..]);
    }

    /// <summary>The key with each digit left out in turn: the neighbourhood the one-digit-off index is built from.</summary>
    public static IEnumerable<string> DigitDeletions(string key)
    {
        for (var i = 0; i < key.Length; i++)
        {
            // Runs of the same digit give one deletion.
            if (char.IsAsciiDigit(key[i]) && (i == 0 || key[i] != key[i - 1]))
            {
                yield return string.Concat(key.AsSpan(0, i), key.AsSpan(i + 1));
            }
        }
    }

    /// <summary>A tax id's digits, or null when it has none.</summary>
    public static string? TaxId(string? taxId)
    {
        if (taxId is null)
        {
            return null;
        }

        var digits = string.Concat(taxId.Where(char.IsAsciiDigit));
        return digits.Length > 0 ? digits : null;
    }

    /// <summary>An IBAN upper case without spaces, or null.</summary>
    public static string? Iban(string? iban)
    {
        if (string.IsNullOrWhiteSpace(iban))
        {
            return null;
        }

        return string.Concat(iban.Where(character => !char.IsWhiteSpace(character))).ToUpperInvariant();
    }
}
