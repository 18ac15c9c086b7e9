using System.Globalization;
using System.Text;
using CsvHelper;
using OrleansCrm.Billing.Texts;

namespace OrleansCrm.Billing.Payments.Statements;

/// <summary>
/// Reads a CSV bank statement by a <see cref="CsvStatementMapping"/>, into the same <see cref="StatementPayment"/>s as the
/// 1C reader. Incoming rows are those the direction column calls incoming, or, without one, those with a positive amount;
/// outgoing rows are counted and skipped. Every bad row is listed (line and problem), and a file with any is refused whole.
/// A file declared UTF-8 is decoded strictly: a Windows-1251 file uploaded as UTF-8 is refused line by line, not imported
/// with question marks for names.
/// </summary>
public static class CsvStatementReader
{
    public static StatementReading Read(ReadOnlySpan<byte> file, CsvStatementMapping mapping)
    {
        string text;
        if (mapping.Encoding == StatementEncoding.Utf8)
        {
            var start = file.StartsWith(StatementEncodings.Utf8Bom) ? 3 : 0;
            var invalid = InvalidUtf8Lines(file[start..]);
            if (invalid.Count > 0)
            {
                return StatementReading.Failed([.. invalid.Select(line => new StatementProblem(line, BillingTexts.Say("StatementNotUtf8")))]);
            }

            text = StatementEncodings.Utf8.GetString(file[start..]);
        }
        else
        {
            text = StatementEncodings.Windows1251.GetString(file);
        }

        return Read(text, mapping);
    }

    public static StatementReading Read(string text, CsvStatementMapping mapping)
    {
        var problems = new List<StatementProblem>();
        var options = new CsvReaderOptions
        {
            Separator = mapping.Delimiter,
            HasHeader = mapping.HasHeader,
            SkipEmptyLines = true,
            TrackLineNumbers = true,
            // Bad quoting is listed as the row's problem; the row itself is skipped (the file is refused anyway).
            MalformedData = CsvMalformedDataHandling.Skip,
            OnMalformedRecord = bad => problems.Add(new StatementProblem((int)bad.LineNumber, BillingTexts.Say("StatementCsvBadQuotes"))),
        };

        using var reader = CsvReader.FromText(text, options);
        var columns = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        if (mapping.HasHeader)
        {
            var header = reader.Headers;
            for (var i = header.Count - 1; i >= 0; i--)
            {
                columns[header[i].Trim()] = i;
            }

            var missing = Mapped(mapping)
                .Where(column => column.Name is { } name && !columns.ContainsKey(name))
                .Select(column => new StatementProblem(1, BillingTexts.Say("StatementColumnMissing", column.Name!)))
                .ToArray();
            if (missing.Length > 0)
            {
                return StatementReading.Failed(missing);
            }
        }

        var payments = new List<StatementPayment>();
        var skipped = 0;
        while (reader.Read())
        {
            var record = new string[reader.FieldCount];
            for (var i = 0; i < record.Length; i++)
            {
                record[i] = reader.GetString(i);
            }

            var row = new Row(record, columns, (int)reader.LineNumber, problems);
            if (row.IsBlank)
            {
                continue;
            }

            ReadRow(row, mapping, payments, ref skipped);
        }

        return new StatementReading(problems.Count == 0 ? payments : [], skipped, [.. problems.OrderBy(problem => problem.Line)]);
    }

    private static void ReadRow(Row row, CsvStatementMapping mapping, List<StatementPayment> payments, ref int skipped)
    {
        var before = row.Problems.Count;
        var amountText = row.Required(mapping.Amount);
        var amount = amountText is null ? null : ParseAmount(amountText, mapping, row);
        bool? incoming = null;
        if (mapping.Direction is { } directionColumn)
        {
            if (row.Required(directionColumn) is { } direction)
            {
                incoming = mapping.IncomingValues.Contains(direction, StringComparer.OrdinalIgnoreCase) ? true
                    : mapping.OutgoingValues.Contains(direction, StringComparer.OrdinalIgnoreCase) ? false
                    : null;
                if (incoming is null)
                {
                    row.Problems.Add(new StatementProblem(row.Line, BillingTexts.Say("StatementDirectionUnknown", ClientBankExchangeReader.Shorten(direction))));
                }
            }
        }
        else if (amount is { } signed)
        {
            incoming = signed > 0;
        }

        if (incoming == false)
        {
            skipped++;
            return;
        }

        if (amount is { } value && !AmountRules.Check(value, row.Line, row.Problems))
        {
            return;
        }

        var number = row.Required(mapping.Number);
        var date = row.Required(mapping.Date) is { } dateText ? ParseDate(dateText, mapping, row) : null;
        var account = (mapping.BankAccountColumn is { } accountColumn ? row.Optional(accountColumn) : null) ?? mapping.BankAccount;
        if (account is null)
        {
            row.Problems.Add(new StatementProblem(row.Line, BillingTexts.Say("StatementAccountUnknown")));
        }

        if (row.Problems.Count > before)
        {
            return;
        }

        var iban = mapping.PayerIban is { } ibanColumn ? row.Optional(ibanColumn) : null;
        payments.Add(new StatementPayment(
            ClientBankExchangeReader.NormalizeAccount(account!),
            number!,
            date!.Value,
            amount!.Value,
            (mapping.PayerName is { } nameColumn ? row.Optional(nameColumn) : null) ?? "",
            mapping.PayerTaxId is { } taxIdColumn ? row.Optional(taxIdColumn) : null,
            iban is null ? null : ClientBankExchangeReader.NormalizeAccount(iban),
            (mapping.Purpose is { } purposeColumn ? row.Optional(purposeColumn) : null) ?? "",
            null,
            row.Line));
    }

    private static decimal? ParseAmount(string text, CsvStatementMapping mapping, Row row)
    {
        var digits = string.Concat(text.Where(character => !char.IsWhiteSpace(character) && character != '\u00A0' && character != '\u202F'));
        var other = mapping.DecimalSeparator == ',' ? '.' : ',';
        if (!digits.Contains(other, StringComparison.Ordinal)
            && decimal.TryParse(digits.Replace(mapping.DecimalSeparator, '.'), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint,
                CultureInfo.InvariantCulture, out var amount))
        {
            return amount;
        }

        row.Problems.Add(new StatementProblem(row.Line, BillingTexts.Say("StatementAmountInvalid", ClientBankExchangeReader.Shorten(text))));
        return null;
    }

    private static DateOnly? ParseDate(string text, CsvStatementMapping mapping, Row row)
    {
        if (DateTime.TryParseExact(text, [.. mapping.DateFormats], CultureInfo.InvariantCulture, DateTimeStyles.None, out var moment))
        {
            return DateOnly.FromDateTime(moment);
        }

        row.Problems.Add(new StatementProblem(row.Line, BillingTexts.Say("StatementDateInvalid", mapping.Date.ToString(), ClientBankExchangeReader.Shorten(text))));
        return null;
    }

    private static IEnumerable<CsvColumn> Mapped(CsvStatementMapping mapping) =>
        new CsvColumn?[]
            {
                mapping.Date, mapping.Number, mapping.Amount, mapping.PayerName, mapping.PayerTaxId, mapping.PayerIban, mapping.Purpose,
                mapping.Direction, mapping.BankAccountColumn,
            }
            .OfType<CsvColumn>();

    /// <summary>The 1-based numbers of the lines that are not valid UTF-8.</summary>
    private static List<int> InvalidUtf8Lines(ReadOnlySpan<byte> file)
    {
        var invalid = new List<int>();
        var line = 1;
        while (!file.IsEmpty)
        {
            var end = file.IndexOf((byte)'\n');
            var current = end < 0 ? file : file[..end];
            if (!System.Text.Unicode.Utf8.IsValid(current))
            {
                invalid.Add(line);
            }

            file = end < 0 ? [] : file[(end + 1)..];
            line++;
        }

        return invalid;
    }

    private sealed class Row(string[] record, Dictionary<string, int> columns, int line, List<StatementProblem> problems)
    {
        public int Line { get; } = line;

        public List<StatementProblem> Problems { get; } = problems;

        public bool IsBlank => record.All(string.IsNullOrWhiteSpace);

        public string? Optional(CsvColumn column)
        {
            var index = column.Index ?? (column.Name is { } name && columns.TryGetValue(name, out var found) ? found : -1);
            var value = index >= 0 && index < record.Length ? record[index].Trim() : "";
            return value.Length > 0 ? value : null;
        }

        public string? Required(CsvColumn column)
        {
            var value = Optional(column);
            if (value is null)
            {
                Problems.Add(new StatementProblem(Line, BillingTexts.Say("StatementFieldMissing", column.ToString())));
            }

            return value;
        }
    }
}
