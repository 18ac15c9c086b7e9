namespace OrleansCrm.Billing.Payments.Statements;

/// <summary>
/// How to read one bank's CSV statement: which column holds what, the file's encoding, separators and date formats.
/// A column is named by its header (<see cref="CsvColumn.Named"/>) or, in a file without a header, by its position
/// (<see cref="CsvColumn.At"/>, from 0).
/// </summary>
public sealed record CsvStatementMapping
{
    /// <summary>The company's account the statement is of, for files that do not name it in every row.</summary>
    public string? BankAccount { get; init; }

    /// <summary>A column with the receiving account per row; wins over <see cref="BankAccount"/> where filled.</summary>
    public CsvColumn? BankAccountColumn { get; init; }

    public required CsvColumn Date { get; init; }

    public required CsvColumn Number { get; init; }

    /// <summary>The amount; signed (negative is outgoing) unless a <see cref="Direction"/> column is mapped.</summary>
    public required CsvColumn Amount { get; init; }

    public CsvColumn? PayerName { get; init; }

    public CsvColumn? PayerTaxId { get; init; }

    public CsvColumn? PayerIban { get; init; }

    public CsvColumn? Purpose { get; init; }

    /// <summary>A column saying incoming or outgoing (PrivatBank's TRANTYPE C/D, "Кредит"/"Дебет"); null for a signed amount.</summary>
    public CsvColumn? Direction { get; init; }

    public IReadOnlyList<string> IncomingValues { get; init; } = ["C", "CR", "Кредит", "Надходження", "Зарахування", "Incoming"];

    public IReadOnlyList<string> OutgoingValues { get; init; } = ["D", "DR", "Дебет", "Списання", "Outgoing"];

    public StatementEncoding Encoding { get; init; } = StatementEncoding.Utf8;

    public char Delimiter { get; init; } = ';';

    public bool HasHeader { get; init; } = true;

    /// <summary>Exact formats tried in order (a time part, when present, is dropped).</summary>
    public IReadOnlyList<string> DateFormats { get; init; } = ["dd.MM.yyyy", "dd.MM.yyyy HH:mm", "dd.MM.yyyy HH:mm:ss"];

    /// <summary>The decimal separator of amounts; spaces (thousands) are ignored, the other separator is refused.</summary>
    public char DecimalSeparator { get; init; } = ',';
}

/// <summary>A CSV column by header name or by position from 0.</summary>
public readonly record struct CsvColumn(string? Name, int? Index)
{
    public static CsvColumn Named(string name) => new(name, null);

    public static CsvColumn At(int index) => new(null, index);

    public static implicit operator CsvColumn(string name) => Named(name);

    public override string ToString() => Name ?? $"#{Index + 1}";
}
