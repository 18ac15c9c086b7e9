using System.Globalization;
using System.Text;

namespace OrleansCrm.BuildingBlocks.Money;

/// <summary>
/// A document's total in Ukrainian words ("сума прописом"), in the form Ukrainian invoices and acts print:
/// hryvnias in words, kopiykas as two digits followed by the agreeing word, first letter capitalised:
/// "Одна тисяча двісті двадцять дві гривні 05 копійок". Kopiykas in digits is what accounting programs (1C/BAS, M.E.Doc)
/// put on invoices and what banks accept; <c>kopiykasInWords</c> spells them out for a document that wants it.
/// <para>
/// Гривня and копійка are feminine ("одна гривня", "дві гривні", "п'ять гривень"), so are thousands ("одна тисяча",
/// "дві тисячі"); millions and billions are masculine ("один мільйон", "два мільярди"). The plural follows the last
/// two digits: 1 → гривня, 2–4 → гривні, 0 and 5–20 → гривень (11–14 included: "одинадцять гривень").
/// The apostrophe is the ASCII one, as in most documents' fonts.
/// </para>
/// </summary>
public static class AmountInWords
{
    /// <summary>The largest amount spelled: just under a trillion hryvnias.</summary>
    public const decimal Max = 999_999_999_999.99m;

    private static readonly string[] Ones = ["", "один", "два", "три", "чотири", "п'ять", "шість", "сім", "вісім", "дев'ять"];
    private static readonly string[] OnesFeminine = ["", "одна", "дві", "три", "чотири", "п'ять", "шість", "сім", "вісім", "дев'ять"];
    private static readonly string[] Teens =
        ["десять", "одинадцять", "дванадцять", "тринадцять", "чотирнадцять", "п'ятнадцять", "шістнадцять", "сімнадцять", "вісімнадцять", "дев'ятнадцять"];
    private static readonly string[] Tens = ["", "", "двадцять", "тридцять", "сорок", "п'ятдесят", "шістдесят", "сімдесят", "вісімдесят", "дев'яносто"];
    private static readonly string[] Hundreds = ["", "сто", "двісті", "триста", "чотириста", "п'ятсот", "шістсот", "сімсот", "вісімсот", "дев'ятсот"];

    private static readonly Noun Hryvnia = new(Feminine: true, "гривня", "гривні", "гривень");
    private static readonly Noun Kopiyka = new(Feminine: true, "копійка", "копійки", "копійок");

    // From the largest: billions, millions, thousands (the last group, units, takes the currency's gender).
    private static readonly (long Size, Noun Name)[] Scales =
    [
        (1_000_000_000, new Noun(Feminine: false, "мільярд", "мільярди", "мільярдів")),
        (1_000_000, new Noun(Feminine: false, "мільйон", "мільйони", "мільйонів")),
        (1_000, new Noun(Feminine: true, "тисяча", "тисячі", "тисяч")),
    ];

    /// <summary>The amount (rounded to the kopiyka) in words: "Двадцять одна гривня 00 копійок".</summary>
    public static string Hryvnias(decimal amount, bool kopiykasInWords = false)
    {
        var rounded = BuildingBlocks.Money.Hryvnias.Round(amount);
        if (rounded < 0 || rounded > Max)
        {
            throw new ArgumentOutOfRangeException(nameof(amount), amount, $"Amounts in words go from 0 to {Max}.");
        }

        var whole = (long)decimal.Truncate(rounded);
        var kopiykas = (int)((rounded - whole) * 100);

        var words = new StringBuilder();
        Append(words, whole == 0 ? "нуль" : Number(whole, Hryvnia.Feminine));
        Append(words, Hryvnia.For(whole));
        Append(words, kopiykasInWords
            ? (kopiykas == 0 ? "нуль" : Number(kopiykas, Kopiyka.Feminine))
            : kopiykas.ToString("00", CultureInfo.InvariantCulture));
        Append(words, Kopiyka.For(kopiykas));
        return char.ToUpper(words[0], CultureInfo.GetCultureInfo("uk")) + words.ToString(1, words.Length - 1);
    }

    /// <summary>A positive whole number in words, the units in the given gender ("одна" or "один").</summary>
    internal static string Number(long number, bool feminine)
    {
        var words = new StringBuilder();
        var rest = number;
        foreach (var (size, name) in Scales)
        {
            var group = (int)(rest / size);
            rest %= size;
            if (group > 0)
            {
                Append(words, Group(group, name.Feminine));
                Append(words, name.For(group));
            }
        }

        if (rest > 0)
        {
            Append(words, Group((int)rest, feminine));
        }

        return words.ToString();
    }

    /// <summary>1–999 in words.</summary>
    private static string Group(int number, bool feminine)
    {
        var words = new StringBuilder();
        Append(words, Hundreds[number / 100]);
        var lastTwo = number % 100;
        if (lastTwo is >= 10 and < 20)
        {
            Append(words, Teens[lastTwo - 10]);
        }
        else
        {
            Append(words, Tens[lastTwo / 10]);
            Append(words, (feminine ? OnesFeminine : Ones)[lastTwo % 10]);
        }

        return words.ToString();
    }

    private static void Append(StringBuilder words, string word)
    {
        if (word.Length == 0)
        {
            return;
        }

        if (words.Length > 0)
        {
            words.Append(' ');
        }

        words.Append(word);
    }

    /// <summary>A noun with its gender and the three forms a number asks for: одна гривня, дві гривні, п'ять гривень.</summary>
    private sealed record Noun(bool Feminine, string One, string Few, string Many)
    {
        public string For(long number) => (number % 100) switch
        {
            >= 11 and <= 14 => Many,
            _ => (number % 10) switch
            {
                1 => One,
                >= 2 and <= 4 => Few,
                _ => Many,
            },
        };
    }
}
