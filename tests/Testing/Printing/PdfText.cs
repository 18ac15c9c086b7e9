using System.Text;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;

namespace OrleansCrm.Testing.Printing;

/// <summary>Reads a PDF back with PdfPig: each page's words in drawing order, joined by single spaces.</summary>
public static class PdfText
{
    /// <summary>The page footer sits below this height (points from the bottom); content never does.</summary>
    private const double FooterZone = 40;

    public static IReadOnlyList<string> Pages(byte[] pdf, bool withFooter = true)
    {
        using var document = PdfDocument.Open(pdf);
        return document.GetPages().Select(page => Text(page, withFooter)).ToList();
    }

    /// <summary>
    /// The letters in the order they were drawn (PdfPig's word extractor sorts by position, which interleaves the
    /// wrapped lines of neighbouring table cells); a space where one drawn string ends and another begins.
    /// </summary>
    private static string Text(Page page, bool withFooter)
    {
        var text = new StringBuilder();
        Letter? previous = null;
        foreach (var letter in page.Letters)
        {
            if (!withFooter && letter.StartBaseLine.Y < FooterZone)
                continue;
            if (previous is not null)
            {
                var sameLine = Math.Abs(letter.StartBaseLine.Y - previous.StartBaseLine.Y) < 0.5;
                if (!sameLine || Math.Abs(letter.StartBaseLine.X - previous.EndBaseLine.X) > 1)
                    text.Append(' ');
            }
            text.Append(letter.Value);
            previous = letter;
        }
        return Words(text.ToString());
    }

    /// <summary>All pages' content without the footers, so text that runs over a page break reads on.</summary>
    public static string Body(byte[] pdf) => string.Join(" ", Pages(pdf, withFooter: false));

    public static string All(byte[] pdf) => string.Join(" ", Pages(pdf));

    /// <summary>Whitespace collapsed, as the PDF words come back.</summary>
    public static string Words(string text) => string.Join(" ", text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    /// <summary>Keeps a rendered file for a person to look at when CRM_PRINTING_SAMPLES names a folder.</summary>
    public static void Keep(string name, byte[] content)
    {
        var folder = Environment.GetEnvironmentVariable("CRM_PRINTING_SAMPLES");
        if (string.IsNullOrEmpty(folder))
            return;
        Directory.CreateDirectory(folder);
        File.WriteAllBytes(Path.Combine(folder, name), content);
    }

    public static IReadOnlyList<string> FontNames(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return document.GetPages().SelectMany(p => p.Letters).Select(l => l.FontName ?? "").Distinct().ToList();
    }

    public static int ImageCount(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return document.GetPages().Sum(p => p.GetImages().Count());
    }
}
