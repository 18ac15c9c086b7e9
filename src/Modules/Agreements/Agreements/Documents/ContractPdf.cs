using OrleansCrm.BuildingBlocks.Printing;

namespace OrleansCrm.Agreements.Documents;

/// <summary>The contract as a PDF, the same text as <see cref="ContractDocx"/> with the numbers written out.</summary>
public static class ContractPdf
{
    private const double ClauseIndent = 30;
    private const double RequisitesHeight = 230;

    public static byte[] Render(RenderedContract contract)
    {
        ArgumentNullException.ThrowIfNull(contract);
        var canvas = new PdfCanvas(contract.Title);
        var body = canvas.Font(9.5);
        var bold = canvas.Font(9.5, bold: true);
        var width = PdfCanvas.ContentWidth;

        canvas.Paragraph(contract.Title, canvas.Font(12, bold: true), PdfCanvas.Left, width, Align.Center, after: 8);
        foreach (var paragraph in contract.Preamble)
            canvas.Paragraph(paragraph, body, PdfCanvas.Left, width, after: 4);

        foreach (var section in contract.Sections)
        {
            Heading(canvas, section.Number, section.Heading, bold);
            for (var i = 0; i < section.Clauses.Count; i++)
            {
                canvas.Ensure(PdfCanvas.LineHeight(body));
                canvas.Text($"{section.Number}.{i + 1}.", body, PdfCanvas.Left, ClauseIndent);
                canvas.Paragraph(section.Clauses[i], body, PdfCanvas.Left + ClauseIndent, width - ClauseIndent, after: 3);
            }
        }

        // The closing heading stays with the requisites under it rather than alone at the foot of a page.
        canvas.Ensure(RequisitesHeight);
        Heading(canvas, contract.RequisitesNumber, RenderedContract.RequisitesHeading, bold);
        PartyBlocks.SideBySide(canvas, "Виконавець:", contract.Supplier, "Замовник:", contract.Client, images: null);
        return canvas.Finish(contract.Title);
    }

    private static void Heading(PdfCanvas canvas, int number, string heading, PdfSharp.Drawing.XFont bold)
    {
        canvas.Y += 6;
        canvas.Ensure(PdfCanvas.LineHeight(bold) * 3);
        canvas.Paragraph($"{number}. {heading.ToUpperInvariant()}", bold, PdfCanvas.Left, PdfCanvas.ContentWidth, Align.Center, after: 4);
    }
}
