using System.Globalization;

namespace OrleansCrm.Billing.Documents;

/// <summary>
/// How an issued document's number reads: <c>РФ-2026-000123</c> (invoice, "рахунок-фактура"), <c>АКТ-2026-000123</c>,
/// <c>КП-2026-000123</c>. The letters say the kind at a glance and keep the three sequences apart on paper; the year
/// makes (kind, year, seq) readable; six digits sort as text and leave room for a busy year. The prefix is letters
/// only, so the payment matcher finds the number as one token in a purpose, also typed as "РФ 2026-000123"
/// (see Payments/Matching/InvoiceNumbers). Not a tax invoice number (those are digits only and live in ЄРПН).
/// </summary>
public static class DocumentNumbers
{
    public static string Prefix(DocumentKind kind) => kind switch
    {
        DocumentKind.Invoice => "РФ",
        DocumentKind.Act => "АКТ",
        DocumentKind.Proposal => "КП",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown document kind."),
    };

    public static string Format(DocumentKind kind, int year, int seq) =>
        string.Create(CultureInfo.InvariantCulture, $"{Prefix(kind)}-{year}-{seq:D6}");
}
