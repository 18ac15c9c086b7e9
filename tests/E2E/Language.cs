using System.Reflection;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Microsoft.Playwright;

namespace OrleansCrm.E2E;

/// <summary>
/// The role tests run in English and in Ukrainian; in Ukrainian no English text may be left on the screen. "English
/// text" is any word of the product's own English texts (the UI's, Radzen's and every module's server texts, read from
/// the repository's neutral .resx files) found in the page's visible text: data such as a client's Latin name or a
/// skill code is not in that vocabulary, and whatever else a screen legitimately shows in Latin is passed as allowed.
/// </summary>
public static partial class Language
{
    private static readonly Lazy<HashSet<string>> EnglishWords = new(ReadEnglishWords);

    /// <summary>Signs in and makes <paramref name="culture"/> the user's language (kept with the user, so set it in every test).</summary>
    public static Task SignInAsync(IPage page, string userName, string culture) => Pages.SignInAsync(page, userName, culture: culture);

    /// <summary>Fails naming every English word of the product's texts visible on the page.</summary>
    public static async Task AssertNoEnglishAsync(IPage page, params string[] allowed)
    {
        // Icon fonts (Radzen's Material icons) draw ligatures named in English ("add", "search"): not words a reader sees.
        var text = await page.EvaluateAsync<string>(
            "() => { const hide = document.createElement('style'); hide.textContent = '.rzi, .material-icons { display: none !important; }'; document.head.appendChild(hide); const text = document.body.innerText; hide.remove(); return text; }");
        // A template's placeholders ({contract.number}) are data wherever they show (a contract's text in the audit log).
        var left = Words().Matches(Placeholder().Replace(text, " "))
            .Select(match => match.Value)
            .Where(word => EnglishWords.Value.Contains(word) && !allowed.Contains(word, StringComparer.OrdinalIgnoreCase))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        Assert.True(left.Count == 0, $"English left on {new Uri(page.Url).AbsolutePath}: {string.Join(", ", left)}");
    }

    private static HashSet<string> ReadEnglishWords()
    {
        var root = typeof(Language).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!;
        var neutral = Directory.EnumerateFiles(Path.Combine(root, "src"), "*.resx", SearchOption.AllDirectories)
            .Where(path => !Regex.IsMatch(Path.GetFileName(path), @"\.[a-z]{2}(-[A-Z]{2})?\.resx$") && !path.Contains("/bin/") && !path.Contains("/obj/"));
        // As written and capitalised (a sentence's first word), not in any case: "ITS" (a product) is not "its".
        var words = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in neutral)
        {
            foreach (var value in XDocument.Load(file).Descendants("data").Select(data => data.Element("value")?.Value ?? ""))
            {
                // Placeholders ({0}) and markup are not words a reader sees.
                foreach (Match word in Words().Matches(Regex.Replace(value, @"\{[^}]*\}|<[^>]*>", " ")))
                {
                    words.Add(word.Value);
                    words.Add(char.ToUpperInvariant(word.Value[0]) + word.Value[1..]);
                }
            }
        }

        // Demo users' names and skill codes are data, and Latin by design (a skill code's format text quotes one); ITS is
        // 1C's product name (an English label says "ITS subscription"), written so in clients' segments too.
        words.ExceptWith(["admin", "director", "dispatcher", "manager", "methodologist", "specialist", "saleshead", "medoc", "erp", "ITS"]);
        return words;
    }

    /// <summary>Latin words of three letters or more: shorter ones are units, codes and initials.</summary>
    [GeneratedRegex(@"\b[A-Za-z]{3,}\b")]
    private static partial Regex Words();

    [GeneratedRegex(@"\{[A-Za-z]+(\.[A-Za-z]+)+\}")]
    private static partial Regex Placeholder();
}
