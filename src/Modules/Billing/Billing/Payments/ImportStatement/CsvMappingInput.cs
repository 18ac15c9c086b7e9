using OrleansCrm.Billing.Payments.Statements;

namespace OrleansCrm.Billing.Payments.ImportStatement;

/// <summary>
/// A CSV statement's mapping as people write it: in configuration (<c>Billing:Payments:CsvMappings:&lt;name&gt;</c>) or in
/// the import form. A column is a header name, or <c>#3</c> for the third column of a file without a header.
/// </summary>
public sealed class CsvMappingInput
{
    public string? Date { get; set; }
    public string? Number { get; set; }
    public string? Amount { get; set; }
    public string? PayerName { get; set; }
    public string? PayerTaxId { get; set; }
    public string? PayerIban { get; set; }
    public string? Purpose { get; set; }

    /// <summary>A column saying incoming or outgoing; without one the amount's sign says.</summary>
    public string? Direction { get; set; }

    /// <summary>A column with the receiving account; without one <see cref="Account"/>, else the company's first account.</summary>
    public string? AccountColumn { get; set; }

    public string? Account { get; set; }

    /// <summary><c>utf-8</c> (the default) or <c>windows-1251</c>.</summary>
    public string? Encoding { get; set; }

    /// <summary>One character; <c>;</c> by default, <c>tab</c> for a tab.</summary>
    public string? Delimiter { get; set; }

    /// <summary><c>,</c> (the default) or <c>.</c>.</summary>
    public string? DecimalSeparator { get; set; }

    public bool? HasHeader { get; set; }

    /// <summary>Date formats separated by <c>|</c>, e.g. <c>dd.MM.yyyy|yyyy-MM-dd</c>.</summary>
    public string? DateFormats { get; set; }

    public bool IsEmpty =>
        Date is null && Number is null && Amount is null && PayerName is null && PayerTaxId is null && PayerIban is null && Purpose is null
        && Direction is null && AccountColumn is null && Account is null && Encoding is null && Delimiter is null && DecimalSeparator is null
        && HasHeader is null && DateFormats is null;

    /// <summary>
    /// The mapping every field names by default: headers <c>Date;Number;Amount;PayerName;PayerTaxId;PayerIban;Purpose</c>,
    /// a signed amount, UTF-8, <c>;</c> and a decimal comma.
    /// </summary>
    public static CsvMappingInput Default => new()
    {
        Date = "Date", Number = "Number", Amount = "Amount", PayerName = "PayerName", PayerTaxId = "PayerTaxId", PayerIban = "PayerIban", Purpose = "Purpose",
    };

    /// <summary>This mapping over <paramref name="fallback"/> (each field given here wins).</summary>
    public CsvMappingInput Over(CsvMappingInput fallback) => new()
    {
        Date = Date ?? fallback.Date,
        Number = Number ?? fallback.Number,
        Amount = Amount ?? fallback.Amount,
        PayerName = PayerName ?? fallback.PayerName,
        PayerTaxId = PayerTaxId ?? fallback.PayerTaxId,
        PayerIban = PayerIban ?? fallback.PayerIban,
        Purpose = Purpose ?? fallback.Purpose,
        Direction = Direction ?? fallback.Direction,
        AccountColumn = AccountColumn ?? fallback.AccountColumn,
        Account = Account ?? fallback.Account,
        Encoding = Encoding ?? fallback.Encoding,
        Delimiter = Delimiter ?? fallback.Delimiter,
        DecimalSeparator = DecimalSeparator ?? fallback.DecimalSeparator,
        HasHeader = HasHeader ?? fallback.HasHeader,
        DateFormats = DateFormats ?? fallback.DateFormats,
    };

    public static bool IsColumn(string? column) =>
        column is null || column.Trim().Length is > 0 and <= 100 && (!column.StartsWith('#') || int.TryParse(column[1..], out var position) && position >= 1);

    public static bool IsEncoding(string? encoding) => encoding is null || encoding.Trim().ToLowerInvariant() is "utf-8" or "utf8" or "windows-1251" or "cp1251";

    public static bool IsDelimiter(string? delimiter) => delimiter is null || delimiter == "tab" || delimiter.Length == 1 && delimiter != "\"";

    /// <summary>The reader's mapping; call on a validated, complete mapping.</summary>
    public CsvStatementMapping ToMapping(string? companyAccount)
    {
        var defaults = new CsvStatementMapping { Date = "d", Number = "n", Amount = "a" };
        return new CsvStatementMapping
        {
            Date = Column(Date)!.Value,
            Number = Column(Number)!.Value,
            Amount = Column(Amount)!.Value,
            PayerName = Column(PayerName),
            PayerTaxId = Column(PayerTaxId),
            PayerIban = Column(PayerIban),
            Purpose = Column(Purpose),
            Direction = Column(Direction),
            BankAccountColumn = Column(AccountColumn),
            BankAccount = Account ?? companyAccount,
            Encoding = Encoding?.Trim().ToLowerInvariant() is "windows-1251" or "cp1251" ? StatementEncoding.Windows1251 : StatementEncoding.Utf8,
            Delimiter = Delimiter is null ? defaults.Delimiter : Delimiter == "tab" ? '\t' : Delimiter[0],
            DecimalSeparator = DecimalSeparator is { Length: 1 } separator ? separator[0] : defaults.DecimalSeparator,
            HasHeader = HasHeader ?? true,
            DateFormats = DateFormats is { } formats ? [.. formats.Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)] : defaults.DateFormats,
        };
    }

    private static CsvColumn? Column(string? column) =>
        string.IsNullOrWhiteSpace(column) ? (CsvColumn?)null
        : column.StartsWith('#') && int.TryParse(column[1..], out var position) ? CsvColumn.At(position - 1)
        : CsvColumn.Named(column.Trim());
}

/// <summary>Named CSV mappings from configuration (<c>Billing:Payments:CsvMappings</c>), chosen by name in the import form.</summary>
public sealed class PaymentsOptions
{
    public const string Section = "Billing:Payments";

    public Dictionary<string, CsvMappingInput> CsvMappings { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// How many times an InvoicePaid notice is published before it is marked failed and waits for a person's retry on
    /// /billing (the job tries once a minute, so 10 is about ten minutes of a failing handler).
    /// </summary>
    public int PaidNoticeMaxAttempts { get; set; } = 10;
}
