using OrleansCrm.BuildingBlocks.Printing;
using PdfSharp.Drawing;

namespace OrleansCrm.Billing.Printing.Pdf;

/// <summary>
/// Prints an invoice, an act or a commercial proposal on A4 the way Ukrainian accountants expect to see it: the title
/// with number and date, the parties' requisites, the lines table, the totals by VAT rate (or "Без ПДВ" from a
/// non-payer), the total in words and the signatures. The facsimile and the stamp are drawn only when the document
/// carries them (e-mailed copies).
/// </summary>
public static class PrintedDocumentPdf
{
    private const double LabelWidth = 88;

    public static byte[] Render(PrintedDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var title = Title(document);
        var canvas = new PdfCanvas(title);
        var body = canvas.Font(8.5);
        canvas.ContinuationHeader = c =>
        {
            c.Text($"{title} (продовження)", c.Font(8, bold: true), PdfCanvas.Left, PdfCanvas.ContentWidth);
            c.Y += 16;
        };

        switch (document.Kind)
        {
            case PrintedDocumentKind.Invoice:
                Party(canvas, "Постачальник:", document.Supplier);
                canvas.Y += 6;
                Heading(canvas, title);
                Party(canvas, "Покупець:", document.Buyer);
                Details(canvas, document);
                Lines(canvas, document);
                Totals(canvas, document);
                if (document.DueDate is { } payBy)
                    canvas.Paragraph($"Оплатити до {UaFormat.Date(payBy)}.", body, PdfCanvas.Left, PdfCanvas.ContentWidth);
                Note(canvas, document);
                canvas.Y += 10;
                PartyBlocks.Signature(canvas, "Виписав(ла):", document.Supplier, Facsimile(document), PdfCanvas.Left + PdfCanvas.ContentWidth / 2,
                    PdfCanvas.ContentWidth / 2);
                break;

            case PrintedDocumentKind.Act:
                Heading(canvas, title);
                canvas.Paragraph(ActPreamble(document), body, PdfCanvas.Left, PdfCanvas.ContentWidth, after: 6);
                Lines(canvas, document);
                Totals(canvas, document);
                canvas.Paragraph(
                    "Послуги надані в повному обсязі, якісно та в строк. Замовник претензій щодо обсягу, якості та строків надання послуг не має.",
                    body, PdfCanvas.Left, PdfCanvas.ContentWidth, after: 4);
                Note(canvas, document);
                canvas.Y += 8;
                PartyBlocks.SideBySide(canvas, "Виконавець:", document.Supplier, "Замовник:", document.Buyer, Facsimile(document));
                break;

            case PrintedDocumentKind.Proposal:
                Party(canvas, "Від:", document.Supplier);
                canvas.Y += 6;
                Heading(canvas, title);
                Party(canvas, "Для:", document.Buyer);
                Details(canvas, document);
                canvas.Paragraph("Пропонуємо Вам такі послуги:", body, PdfCanvas.Left, PdfCanvas.ContentWidth, after: 4);
                Lines(canvas, document);
                Totals(canvas, document);
                if (document.DueDate is { } validUntil)
                    canvas.Paragraph($"Пропозиція дійсна до {UaFormat.Date(validUntil)}.", body, PdfCanvas.Left, PdfCanvas.ContentWidth);
                Note(canvas, document);
                canvas.Y += 10;
                PartyBlocks.Signature(canvas, "З повагою,", document.Supplier, Facsimile(document), PdfCanvas.Left + PdfCanvas.ContentWidth / 2,
                    PdfCanvas.ContentWidth / 2);
                break;

            default:
                throw new ArgumentOutOfRangeException(nameof(document), document.Kind, "Unknown document kind.");
        }

        return canvas.Finish($"{title} · {document.Supplier.LegalName}");
    }

    /// <summary>"Рахунок на оплату № 15 від 05.12.2026"; a draft, having no number yet, says so.</summary>
    public static string Title(PrintedDocument document)
    {
        var name = document.Kind switch
        {
            PrintedDocumentKind.Invoice => "Рахунок на оплату",
            PrintedDocumentKind.Act => "Акт надання послуг",
            PrintedDocumentKind.Proposal => "Комерційна пропозиція",
            _ => throw new ArgumentOutOfRangeException(nameof(document), document.Kind, "Unknown document kind."),
        };
        var number = string.IsNullOrWhiteSpace(document.Number) ? "(чернетка)" : $"№ {document.Number}";
        return $"{name} {number} від {UaFormat.Date(document.Date)}";
    }

    private static void Heading(PdfCanvas canvas, string title)
    {
        var font = canvas.Font(13, bold: true);
        canvas.Paragraph(title, font, PdfCanvas.Left, PdfCanvas.ContentWidth, Align.Center, after: 2);
        canvas.Rule(PdfCanvas.Left, PdfCanvas.ContentWidth, 1.2);
        canvas.Y += 8;
    }

    private static void Party(PdfCanvas canvas, string label, PrintedParty party)
    {
        var body = canvas.Font(8.5);
        var bold = canvas.Font(8.5, bold: true);
        canvas.Ensure(PdfCanvas.LineHeight(body) * 4);
        canvas.Text(label, body, PdfCanvas.Left, LabelWidth);
        var valueX = PdfCanvas.Left + LabelWidth;
        var valueWidth = PdfCanvas.ContentWidth - LabelWidth;
        var first = true;
        foreach (var line in PartyBlocks.Requisites(party))
        {
            canvas.Paragraph(line, first ? bold : body, valueX, valueWidth, after: 0);
            first = false;
        }
        canvas.Y += 5;
    }

    private static void Details(PdfCanvas canvas, PrintedDocument document)
    {
        var body = canvas.Font(8.5);
        void Row(string label, string value)
        {
            canvas.Text(label, body, PdfCanvas.Left, LabelWidth);
            canvas.Paragraph(value, body, PdfCanvas.Left + LabelWidth, PdfCanvas.ContentWidth - LabelWidth, after: 1);
        }
        if (!string.IsNullOrWhiteSpace(document.Basis))
            Row("Підстава:", document.Basis);
        if (document.Period is { } period)
            Row("Період:", UaFormat.Period(period.From, period.To));
        canvas.Y += 6;
    }

    private static string ActPreamble(PrintedDocument document)
    {
        static string Who(PrintedParty party) => party.Signatory is { } s
            ? $"{s.Position} {party.LegalName} {s.FullName}, що діє на підставі {s.Basis}"
            : party.LegalName;
        var period = document.Period is { } p ? $" за період {UaFormat.Period(p.From, p.To)}" : "";
        var basis = string.IsNullOrWhiteSpace(document.Basis) ? "" : $" відповідно до: {document.Basis}";
        return $"Ми, що нижче підписалися, представник Виконавця — {Who(document.Supplier)}, з одного боку, і представник " +
               $"Замовника — {Who(document.Buyer)}, з іншого боку, склали цей акт про те, що Виконавцем надані такі " +
               $"послуги{period}{basis}:";
    }

    private static void Lines(PdfCanvas canvas, PrintedDocument document)
    {
        var vat = document.Supplier.VatPayer;
        var fixedWidth = vat ? 22 + 42 + 36 + 62 + 46 + 68 : 22 + 42 + 36 + 66 + 72;
        var service = PdfCanvas.ContentWidth - fixedWidth;
        TableColumn[] columns = vat
            ?
            [
                new("№", 22, Align.Center), new("Послуга", service), new("Кільк.", 42, Align.Right), new("Од.", 36, Align.Center),
                new("Ціна без ПДВ, грн", 62, Align.Right), new("ПДВ", 46, Align.Center), new("Сума без ПДВ, грн", 68, Align.Right),
            ]
            :
            [
                new("№", 22, Align.Center), new("Послуга", service), new("Кільк.", 42, Align.Right), new("Од.", 36, Align.Center),
                new("Ціна, грн", 66, Align.Right), new("Сума, грн", 72, Align.Right),
            ];
        var rows = document.Lines.Select(line => (IReadOnlyList<string>)(vat
            ?
            [
                line.Number.ToString(System.Globalization.CultureInfo.InvariantCulture), line.Service,
                UaFormat.Quantity(line.Quantity), line.Unit, UaFormat.Money(line.Price), UaFormat.VatRate(line.VatRate),
                UaFormat.Money(line.Amount),
            ]
            :
            [
                line.Number.ToString(System.Globalization.CultureInfo.InvariantCulture), line.Service,
                UaFormat.Quantity(line.Quantity), line.Unit, UaFormat.Money(line.Price), UaFormat.Money(line.Amount),
            ]));
        canvas.Table(columns, rows, canvas.Font(8, bold: true), canvas.Font(8.5));
        canvas.Y += 6;
    }

    private static void Totals(PdfCanvas canvas, PrintedDocument document)
    {
        var body = canvas.Font(8.5);
        var bold = canvas.Font(9, bold: true);
        var rows = new List<(string Label, string Value, bool Strong)>();
        if (document.Supplier.VatPayer)
        {
            rows.Add(("Разом без ПДВ:", UaFormat.Money(document.Subtotal), false));
            foreach (var rate in document.VatTotals)
                rows.Add(rate.Rate is { } r
                    ? ($"ПДВ {UaFormat.VatRate(r)}:", UaFormat.Money(rate.Vat), false)
                    : ("Звільнено від ПДВ (сума операцій):", UaFormat.Money(rate.Base), false));
            rows.Add(("Всього з ПДВ:", UaFormat.Money(document.Total), true));
        }
        else
        {
            rows.Add(("Всього:", UaFormat.Money(document.Total), true));
            rows.Add(("Без ПДВ", "", false));
        }

        var lineHeight = PdfCanvas.LineHeight(bold);
        canvas.Ensure(lineHeight * (rows.Count + 4));
        const double valueWidth = 80;
        var labelWidth = 200.0;
        var x = PdfCanvas.Left + PdfCanvas.ContentWidth - valueWidth - labelWidth;
        foreach (var (label, value, strong) in rows)
        {
            canvas.Text(label, strong ? bold : body, x, labelWidth - 6, Align.Right);
            canvas.Text(value, strong ? bold : body, x + labelWidth, valueWidth, Align.Right);
            canvas.Y += lineHeight;
        }
        canvas.Y += 4;

        canvas.Paragraph($"Всього найменувань {document.Lines.Count}, на суму {UaFormat.Money(document.Total)} грн.", body,
            PdfCanvas.Left, PdfCanvas.ContentWidth, after: 1);
        canvas.Paragraph(document.TotalInWords, canvas.Font(8.5, bold: true), PdfCanvas.Left, PdfCanvas.ContentWidth, after: 1);
        canvas.Paragraph(document.Supplier.VatPayer ? $"У т.ч. ПДВ: {UaFormat.Money(document.Vat)} грн." : "Без ПДВ.", body,
            PdfCanvas.Left, PdfCanvas.ContentWidth, after: 6);
    }

    private static void Note(PdfCanvas canvas, PrintedDocument document)
    {
        if (!string.IsNullOrWhiteSpace(document.Note))
            canvas.Paragraph(document.Note, canvas.Font(8.5), PdfCanvas.Left, PdfCanvas.ContentWidth, after: 4);
    }

    private static Facsimile? Facsimile(PrintedDocument document) =>
        document.SignatureImage is null && document.StampImage is null ? null : new Facsimile(document.SignatureImage, document.StampImage);
}
