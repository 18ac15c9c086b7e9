using OrleansCrm.BuildingBlocks.Printing;

namespace OrleansCrm.Billing.Printing;

/// <summary>The three documents that are printed from lines and totals.</summary>
public enum PrintedDocumentKind
{
    /// <summary>Рахунок на оплату.</summary>
    Invoice,
    /// <summary>Акт надання послуг.</summary>
    Act,
    /// <summary>Комерційна пропозиція.</summary>
    Proposal,
}

/// <summary>
/// What a printed invoice, act or proposal shows, and nothing else: every figure is already computed (lines, totals per
/// VAT rate, the total in words) so that printing decides no money and needs no storage. Billing builds it from a
/// stored document; a reprint of the same document gives the same page.
/// </summary>
public sealed record PrintedDocument
{
    public required PrintedDocumentKind Kind { get; init; }

    /// <summary>The number assigned at issue (a draft prints without one: empty).</summary>
    public required string Number { get; init; }

    public required DateOnly Date { get; init; }

    /// <summary>Invoice: pay by; proposal: valid until; act: not printed.</summary>
    public DateOnly? DueDate { get; init; }

    /// <summary>The period the services were provided in (acts and monthly invoices).</summary>
    public PrintedPeriod? Period { get; init; }

    /// <summary>The ground of the document, e.g. "Договір № 12/2026 від 01.01.2026".</summary>
    public string? Basis { get; init; }

    /// <summary>The company issuing the document (Постачальник, Виконавець).</summary>
    public required PrintedParty Supplier { get; init; }

    /// <summary>The client (Покупець, Замовник).</summary>
    public required PrintedParty Buyer { get; init; }

    public required IReadOnlyList<PrintedLine> Lines { get; init; }

    /// <summary>One entry per VAT rate met on the lines (a null rate: exempt lines), in the order to print.</summary>
    public required IReadOnlyList<PrintedVatTotal> VatTotals { get; init; }

    /// <summary>The sum of the lines before VAT.</summary>
    public required decimal Subtotal { get; init; }

    public required decimal Vat { get; init; }

    public required decimal Total { get; init; }

    /// <summary>The total in Ukrainian words, computed by billing ("Одна тисяча двісті тридцять чотири гривні 50 копійок").</summary>
    public required string TotalInWords { get; init; }

    /// <summary>A note printed under the totals (e.g. payment terms).</summary>
    public string? Note { get; init; }

    /// <summary>Facsimile of the supplier's signatory (PNG); only e-mailed copies carry it.</summary>
    public byte[]? SignatureImage { get; init; }

    /// <summary>The supplier's stamp (PNG); only e-mailed copies carry it.</summary>
    public byte[]? StampImage { get; init; }
}

/// <summary>A period of service, printed as "грудень 2026" when it is one whole calendar month.</summary>
public sealed record PrintedPeriod(DateOnly From, DateOnly To);

/// <summary>One computed line: <see cref="Amount"/> is the line's sum before VAT.</summary>
/// <param name="VatRate">In percent (20, 7, 0); null when the line is exempt from VAT.</param>
public sealed record PrintedLine(
    int Number, string Service, decimal Quantity, string Unit, decimal Price, decimal? VatRate, decimal Amount);

/// <summary>The lines of one VAT rate summed: <paramref name="Rate"/> null for exempt lines.</summary>
public sealed record PrintedVatTotal(decimal? Rate, decimal Base, decimal Vat);
