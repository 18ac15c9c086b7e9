using System.Collections;
using System.Globalization;
using System.Text.RegularExpressions;
using OrleansCrm.Billing.Payments.Matching;
using OrleansCrm.Billing.Texts;

namespace OrleansCrm.Billing.Tests.Texts;

/// <summary>
/// The module's texts in English, Russian and Ukrainian, checked here until the lead registers the module (then
/// Host.Tests' ServerTextsTests covers them too): the same keys and placeholders in each, and a label for every reason.
/// </summary>
public sealed partial class BillingTextsTests
{
    [Fact]
    public void Every_text_has_a_Russian_and_a_Ukrainian_translation_with_the_same_placeholders()
    {
        var english = Texts(CultureInfo.InvariantCulture);
        Assert.NotEmpty(english);
        foreach (var language in new[] { "ru", "uk" })
        {
            var translated = Texts(CultureInfo.GetCultureInfo(language));
            Assert.Equal(english.Keys.Order(), translated.Keys.Order());
            foreach (var (key, text) in english)
            {
                Assert.True(Placeholders(text).SetEquals(Placeholders(translated[key])), $"{key} in {language} has other placeholders");
                Assert.NotEqual(text, translated[key]);
            }
        }
    }

    [Fact]
    public void Every_match_reason_has_a_label()
    {
        var english = Texts(CultureInfo.InvariantCulture);
        Assert.All(Enum.GetValues<MatchReason>(), reason => Assert.Contains($"{nameof(MatchReason)}_{reason}", english.Keys));
    }

    [Fact]
    public void The_codes_the_statement_readers_say_exist()
    {
        var english = Texts(CultureInfo.InvariantCulture);
        Assert.Equal("Billing.StatementFieldMissing", BillingTexts.Say("StatementFieldMissing", "Номер").Code);
        foreach (var key in new[]
                 {
                     "StatementNotClientBankExchange", "StatementInUtf8", "StatementNotUtf8", "StatementFieldMissing", "StatementDateInvalid",
                     "StatementAmountInvalid", "StatementAmountNotPositive", "StatementAmountFractionOfKopiyka", "StatementDocumentNotClosed",
                     "StatementFileNotClosed", "StatementLineNotUnderstood", "StatementAccountUnknown", "StatementColumnMissing",
                     "StatementDirectionUnknown", "StatementCsvBadQuotes",
                 })
        {
            Assert.Contains(key, english.Keys);
        }
    }

    private static Dictionary<string, string> Texts(CultureInfo culture) =>
        BillingTexts.Resources.GetResourceSet(culture, createIfNotExists: true, tryParents: false)!
            .Cast<DictionaryEntry>()
            .ToDictionary(entry => (string)entry.Key, entry => (string)entry.Value!);

    private static HashSet<string> Placeholders(string text) => [.. Placeholder().Matches(text).Select(match => match.Groups[1].Value)];

    [GeneratedRegex(@"\{(\d+)[^}]*\}")]
    private static partial Regex Placeholder();
}
