using System.Globalization;
using System.Text;
using OrleansCrm.Billing.Texts;

namespace OrleansCrm.Billing.Payments.Statements;

/// <summary>
/// Reads 1C's client-bank exchange file (<c>1CClientBankExchange</c>, versions 1.02 and 1.03), the text most Ukrainian
/// bank clients export: a header of <c>Key=Value</c> lines, <c>СекцияРасчСчет</c>…<c>КонецРасчСчет</c> blocks, documents from
/// <c>СекцияДокумент=…</c> to <c>КонецДокумента</c>, and <c>КонецФайла</c>.
/// <para>
/// The file is never read as UTF-8 (a reader that does finds no keys and silently imports nothing): its encoding is
/// detected from the header's bytes, by looking for the key <c>Кодировка=</c> as Windows-1251 bytes and as DOS-866 bytes
/// (the declared value, <c>Windows</c> or <c>DOS</c>, is ASCII and agrees with it in every file a bank writes; where they
/// disagree the bytes win, since the key itself was written in the real encoding). With no such key the other section
/// keys decide, and Windows-1251 is the format's default. A UTF-8 file is refused with a message saying so.
/// </para>
/// <para>
/// A document is an incoming payment when it has <c>ДатаПоступило</c> or when its <c>ПолучательСчет</c> is one of the
/// company's accounts; others are outgoing, counted and skipped unread (a bank's own fee document may lack fields a
/// payment has, and must not refuse the file). Every incoming document is checked, and every problem is listed with its line.
/// </para>
/// </summary>
public static class ClientBankExchangeReader
{
    public const string Signature = "1CClientBankExchange";

    private static readonly string[] DateFormats = ["dd.MM.yyyy", "d.M.yyyy"];

    /// <param name="file">The file's bytes as uploaded.</param>
    /// <param name="companyAccounts">The company's own accounts (IBANs; spaces and case do not matter).</param>
    public static StatementReading Read(ReadOnlySpan<byte> file, IEnumerable<string> companyAccounts)
    {
        var detected = DetectEncoding(file);
        if (detected.Problem is { } problem)
        {
            return StatementReading.Failed(problem);
        }

        var text = detected.Encoding!.GetString(file);
        return Read(text, new HashSet<string>(companyAccounts.Select(NormalizeAccount), StringComparer.Ordinal));
    }

    /// <summary>The encoding the file is written in, or why it cannot be read.</summary>
    public static (Encoding? Encoding, StatementProblem? Problem) DetectEncoding(ReadOnlySpan<byte> file)
    {
        if (file.StartsWith(StatementEncodings.Utf8Bom) || file.IndexOf(StatementEncodings.Utf8.GetBytes("Кодировка=")) >= 0)
        {
            return (null, new StatementProblem(1, BillingTexts.Say("StatementInUtf8")));
        }

        if (!file.StartsWith(Encoding.ASCII.GetBytes(Signature)))
        {
            return (null, new StatementProblem(1, BillingTexts.Say("StatementNotClientBankExchange")));
        }

        foreach (var key in new[] { "Кодировка=", "СекцияДокумент", "СекцияРасчСчет", "КонецФайла" })
        {
            var windows = file.IndexOf(StatementEncodings.Windows1251.GetBytes(key));
            var dos = file.IndexOf(StatementEncodings.Dos866.GetBytes(key));
            if (windows >= 0 || dos >= 0)
            {
                // Both can only be found in a file that mixes encodings; the earlier one is the header's.
                return (dos >= 0 && (windows < 0 || dos < windows) ? StatementEncodings.Dos866 : StatementEncodings.Windows1251, null);
            }
        }

        if (file.IndexOf(StatementEncodings.Utf8.GetBytes("КонецФайла")) >= 0)
        {
            return (null, new StatementProblem(1, BillingTexts.Say("StatementInUtf8")));
        }

        return (StatementEncodings.Windows1251, null);
    }

    /// <summary>Reads the already decoded text (for callers that hold text; the bytes overload detects the encoding).</summary>
    public static StatementReading Read(string text, IReadOnlySet<string> companyAccounts)
    {
        var lines = text.Split(["\r\n", "\n", "\r"], StringSplitOptions.None);
        var problems = new List<StatementProblem>();
        if (lines.Length == 0 || lines[0].Trim() != Signature)
        {
            return StatementReading.Failed(new StatementProblem(1, BillingTexts.Say("StatementNotClientBankExchange")));
        }

        var statementAccounts = new HashSet<string>(StringComparer.Ordinal);
        var payments = new List<StatementPayment>();
        var skipped = 0;
        Document? document = null;
        var ended = false;

        for (var index = 1; index < lines.Length && !ended; index++)
        {
            var number = index + 1;
            var line = lines[index].Trim();
            if (line.Length == 0)
            {
                continue;
            }

            var equals = line.IndexOf('=');
            var key = equals < 0 ? line : line[..equals].Trim();
            var value = equals < 0 ? "" : line[(equals + 1)..].Trim();

            switch (key)
            {
                case "СекцияДокумент":
                    if (document is not null)
                    {
                        problems.Add(new StatementProblem(document.Line, BillingTexts.Say("StatementDocumentNotClosed")));
                    }

                    document = new Document(number);
                    continue;
                case "КонецДокумента" when document is not null:
                    Finish(document, companyAccounts, statementAccounts, payments, problems, ref skipped);
                    document = null;
                    continue;
                case "КонецФайла":
                    ended = true;
                    continue;
                case "СекцияРасчСчет" or "КонецРасчСчет":
                    // The account's section: its РасчСчет is read like the header's; balances are not needed.
                    continue;
            }

            if (document is not null)
            {
                if (equals < 0)
                {
                    problems.Add(new StatementProblem(number, BillingTexts.Say("StatementLineNotUnderstood", Shorten(line))));
                }
                else
                {
                    document.Fields.TryAdd(key, (value, number));
                }
            }
            else if (key == "РасчСчет" && value.Length > 0)
            {
                statementAccounts.Add(NormalizeAccount(value));
            }
        }

        if (document is not null)
        {
            problems.Add(new StatementProblem(document.Line, BillingTexts.Say("StatementDocumentNotClosed")));
        }

        if (!ended)
        {
            problems.Add(new StatementProblem(lines.Length, BillingTexts.Say("StatementFileNotClosed")));
        }

        return new StatementReading(problems.Count == 0 ? payments : [], skipped, problems);
    }

    private static void Finish(
        Document document,
        IReadOnlySet<string> companyAccounts,
        HashSet<string> statementAccounts,
        List<StatementPayment> payments,
        List<StatementProblem> problems,
        ref int skipped)
    {
        var received = document.Value("ДатаПоступило");
        var recipient = document.Value("ПолучательСчет") ?? document.Value("ПолучательРасчСчет");
        var incoming = received is not null || (recipient is not null && companyAccounts.Contains(NormalizeAccount(recipient)));
        if (!incoming)
        {
            skipped++;
            return;
        }

        var before = problems.Count;
        var documentNumber = document.Value("Номер");
        if (documentNumber is null)
        {
            problems.Add(new StatementProblem(document.Line, BillingTexts.Say("StatementFieldMissing", "Номер")));
        }

        var date = Date(document, "Дата", required: true, problems);
        var receivedOn = Date(document, "ДатаПоступило", required: false, problems);
        var amount = Amount(document, problems);

        string? account = null;
        if (recipient is not null)
        {
            account = NormalizeAccount(recipient);
        }
        else if (statementAccounts.Count == 1)
        {
            account = statementAccounts.First();
        }
        else
        {
            problems.Add(new StatementProblem(document.Line, BillingTexts.Say("StatementAccountUnknown")));
        }

        if (problems.Count > before)
        {
            return;
        }

        var purpose = new StringBuilder(document.Value("НазначениеПлатежа") ?? "");
        // Older banks continue a long purpose in НазначениеПлатежа1…6.
        for (var part = 1; document.Value($"НазначениеПлатежа{part}") is { } more; part++)
        {
            purpose.Append(' ').Append(more);
        }

        var payerIban = document.Value("ПлательщикСчет") ?? document.Value("ПлательщикРасчСчет");
        payments.Add(new StatementPayment(
            account!,
            documentNumber!,
            date!.Value,
            amount!.Value,
            document.Value("Плательщик1") ?? document.Value("Плательщик") ?? "",
            document.Value("ПлательщикИНН") ?? document.Value("ПлательщикОКПО") ?? document.Value("ПлательщикЕДРПОУ"),
            payerIban is null ? null : NormalizeAccount(payerIban),
            purpose.ToString().Trim(),
            receivedOn,
            document.Line));
    }

    private static DateOnly? Date(Document document, string key, bool required, List<StatementProblem> problems)
    {
        if (!document.Fields.TryGetValue(key, out var field) || field.Value.Length == 0)
        {
            if (required)
            {
                problems.Add(new StatementProblem(document.Line, BillingTexts.Say("StatementFieldMissing", key)));
            }

            return null;
        }

        if (DateOnly.TryParseExact(field.Value, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        problems.Add(new StatementProblem(field.Line, BillingTexts.Say("StatementDateInvalid", key, Shorten(field.Value))));
        return null;
    }

    private static decimal? Amount(Document document, List<StatementProblem> problems)
    {
        if (!document.Fields.TryGetValue("Сумма", out var field) || field.Value.Length == 0)
        {
            problems.Add(new StatementProblem(document.Line, BillingTexts.Say("StatementFieldMissing", "Сумма")));
            return null;
        }

        // The format writes a point; some banks write a comma.
        if (!decimal.TryParse(field.Value.Replace(',', '.'), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
        {
            problems.Add(new StatementProblem(field.Line, BillingTexts.Say("StatementAmountInvalid", Shorten(field.Value))));
            return null;
        }

        return AmountRules.Check(amount, field.Line, problems) ? amount : null;
    }

    internal static string NormalizeAccount(string account) =>
        string.Concat(account.Where(character => !char.IsWhiteSpace(character))).ToUpperInvariant();

    /// <summary>A value quoted in a message, cut so that a garbled line does not flood the list.</summary>
    internal static string Shorten(string value) => value.Length <= 60 ? value : value[..60] + "…";

    private sealed class Document(int line)
    {
        public int Line { get; } = line;

        public Dictionary<string, (string Value, int Line)> Fields { get; } = new(StringComparer.Ordinal);

        public string? Value(string key) => Fields.TryGetValue(key, out var field) && field.Value.Length > 0 ? field.Value : null;
    }
}

/// <summary>What every statement format checks of an incoming amount.</summary>
internal static class AmountRules
{
    public static bool Check(decimal amount, int line, List<StatementProblem> problems)
    {
        if (amount <= 0)
        {
            problems.Add(new StatementProblem(line, BillingTexts.Say("StatementAmountNotPositive", amount)));
            return false;
        }

        if (!BuildingBlocks.Money.Hryvnias.IsWholeKopiykas(amount))
        {
            problems.Add(new StatementProblem(line, BillingTexts.Say("StatementAmountFractionOfKopiyka", amount)));
            return false;
        }

        return true;
    }
}
