using PdfSharp.Drawing;

namespace OrleansCrm.BuildingBlocks.Printing;

/// <summary>The supplier's facsimile signature and stamp (PNG): only e-mailed copies carry them.</summary>
public sealed record Facsimile(byte[]? Signature, byte[]? Stamp);

/// <summary>How a party is printed on every document (invoice, act, contract): its requisites and its signature.</summary>
public static class PartyBlocks
{
    /// <summary>A party's requisites, one printed line each, the legal name first.</summary>
    public static IEnumerable<string> Requisites(PrintedParty party)
    {
        yield return party.LegalName;
        var codes = $"{party.TaxIdLabel} {party.TaxId}";
        if (party.VatPayer && !string.IsNullOrWhiteSpace(party.VatCertificate))
            codes += $", ІПН {party.VatCertificate}";
        yield return codes;
        yield return party.VatPayer ? "Платник ПДВ" : "Не є платником ПДВ";
        if (!string.IsNullOrWhiteSpace(party.Iban))
            yield return string.IsNullOrWhiteSpace(party.Bank) ? $"IBAN {party.Iban}" : $"IBAN {party.Iban} в {party.Bank}";
        if (!string.IsNullOrWhiteSpace(party.Address))
            yield return $"Адреса: {party.Address}";
    }

    public const double SignatureHeight = 78;

    /// <summary>The signatory's position, a line to sign on and the name; the facsimile over the line and the stamp
    /// beside it when the document carries them.</summary>
    public static void Signature(PdfCanvas canvas, string caption, PrintedParty party, Facsimile? images, double x, double width)
    {
        var body = canvas.Font(8.5);
        var bold = canvas.Font(8.5, bold: true);
        canvas.Ensure(SignatureHeight);
        var top = canvas.Y;
        canvas.Text(caption, bold, x, width);
        canvas.Y += PdfCanvas.LineHeight(bold) + 2;
        if (party.Signatory is { } signatory)
            canvas.Paragraph(signatory.Position, body, x, width, after: 0);
        canvas.Y += 22;
        var lineY = canvas.Y;
        if (images?.Stamp is { } stamp)
            canvas.Image(stamp, x + 40, lineY - 42, 85, 85);
        if (images?.Signature is { } signature)
            canvas.Image(signature, x + 8, lineY - 28, 100, 34);
        canvas.Graphics.DrawLine(new XPen(XColors.Black, 0.5), x, lineY, x + 110, lineY);
        canvas.Text(party.Signatory?.FullName ?? "", body, x + 116, width - 116);
        canvas.Y += PdfCanvas.LineHeight(body);
        canvas.Text("(підпис)", canvas.Font(6.5), x, 110, Align.Center);
        canvas.Y = Math.Max(canvas.Y + 10, top + SignatureHeight);
    }

    /// <summary>The act's and the contract's closing: each party's requisites and signature side by side; the facsimile
    /// and stamp (from <paramref name="images"/>) only on the supplier's side.</summary>
    public static void SideBySide(
        PdfCanvas canvas, string supplierCaption, PrintedParty supplier, string buyerCaption, PrintedParty buyer, Facsimile? images)
    {
        var body = canvas.Font(8.5);
        var bold = canvas.Font(8.5, bold: true);
        var gap = 16.0;
        var width = (PdfCanvas.ContentWidth - gap) / 2;
        var rightX = PdfCanvas.Left + width + gap;
        var supplierLines = Requisites(supplier).ToList();
        var buyerLines = Requisites(buyer).ToList();
        double Height(List<string> lines) =>
            lines.Sum(l => canvas.Wrap(l, body, width).Count) * PdfCanvas.LineHeight(body) + PdfCanvas.LineHeight(bold);
        canvas.Ensure(Math.Max(Height(supplierLines), Height(buyerLines)) + SignatureHeight + 10);

        var top = canvas.Y;
        void Column(string caption, List<string> lines, double x)
        {
            canvas.Y = top;
            canvas.Text(caption, bold, x, width);
            canvas.Y += PdfCanvas.LineHeight(bold);
            for (var i = 0; i < lines.Count; i++)
                canvas.Paragraph(lines[i], i == 0 ? bold : body, x, width, after: 0);
        }
        Column(supplierCaption, supplierLines, PdfCanvas.Left);
        var leftBottom = canvas.Y;
        Column(buyerCaption, buyerLines, rightX);
        canvas.Y = Math.Max(leftBottom, canvas.Y) + 8;

        var signaturesTop = canvas.Y;
        Signature(canvas, $"Від {Genitive(supplierCaption)}:", supplier, images, PdfCanvas.Left, width);
        var afterLeft = canvas.Y;
        canvas.Y = signaturesTop;
        Signature(canvas, $"Від {Genitive(buyerCaption)}:", buyer, null, rightX, width);
        canvas.Y = Math.Max(afterLeft, canvas.Y);
    }

    private static string Genitive(string caption) => caption.TrimEnd(':') switch
    {
        "Виконавець" => "Виконавця",
        "Замовник" => "Замовника",
        var other => other,
    };
}
