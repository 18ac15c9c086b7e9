using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace OrleansCrm.BuildingBlocks.Printing;

public enum Align
{
    Left,
    Center,
    Right,
}

public sealed record TableColumn(string Header, double Width, Align Align = Align.Left);

/// <summary>
/// A4 pages filled from top to bottom: wrapped paragraphs, bordered tables whose rows wrap and continue on the next
/// page under a repeated header, and a footer with page numbers. Core PDFsharp has no layout engine (MigraDoc is not
/// used), so this is the small one the documents need. Coordinates are points from the page's top left.
/// </summary>
public sealed class PdfCanvas
{
    public const double PageWidth = 595.28;
    public const double PageHeight = 841.89;
    public const double Left = 42;
    public const double Right = 28;
    public const double Top = 34;
    private const double Bottom = 50;
    private const double CellPadding = 3;

    private static readonly XPdfFontOptions Unicode = new(PdfFontEncoding.Unicode);
    private static readonly XPen Border = new(XColors.Black, 0.5);
    private static readonly XBrush HeaderFill = new XSolidBrush(XColor.FromArgb(235, 235, 235));

    private readonly PdfDocument _document = new();
    private readonly Dictionary<(double Size, bool Bold), XFont> _fonts = [];
    private XGraphics _graphics = null!;

    public PdfCanvas(string title)
    {
        EmbeddedFontResolver.Register();
        _document.Info.Title = title;
        _document.Info.Creator = "OrleansCrm";
        AddPage();
    }

    /// <summary>Where the next thing is drawn.</summary>
    public double Y { get; set; }

    public static double ContentWidth => PageWidth - Left - Right;

    /// <summary>The lowest point content may reach, above the footer.</summary>
    public static double Limit => PageHeight - Bottom;

    /// <summary>Drawn at the top of every page after the first (a running title).</summary>
    public Action<PdfCanvas>? ContinuationHeader { get; set; }

    public int PageCount => _document.PageCount;

    public XGraphics Graphics => _graphics;

    public XFont Font(double size, bool bold = false)
    {
        if (!_fonts.TryGetValue((size, bold), out var font))
        {
            font = new XFont(EmbeddedFontResolver.Family, size, bold ? XFontStyleEx.Bold : XFontStyleEx.Regular, Unicode);
            _fonts[(size, bold)] = font;
        }
        return font;
    }

    public static double LineHeight(XFont font) => font.Size * 1.25;

    public void AddPage()
    {
        _graphics?.Dispose();
        var page = _document.AddPage();
        page.Size = PageSize.A4;
        _graphics = XGraphics.FromPdfPage(page);
        Y = Top;
        if (_document.PageCount > 1)
            ContinuationHeader?.Invoke(this);
    }

    /// <summary>Starts a new page unless <paramref name="height"/> still fits on this one.</summary>
    public void Ensure(double height)
    {
        if (Y + height > Limit)
            AddPage();
    }

    public double Measure(string text, XFont font) => _graphics.MeasureString(text, font).Width;

    /// <summary>Breaks text into lines no wider than <paramref name="width"/>: at spaces, and inside a word only
    /// when the word alone is wider than the line (a long IBAN or URL in a service name).</summary>
    public IReadOnlyList<string> Wrap(string text, XFont font, double width)
    {
        var lines = new List<string>();
        foreach (var paragraph in text.Replace("\r\n", "\n").Split('\n'))
        {
            var line = "";
            foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var candidate = line.Length == 0 ? word : line + " " + word;
                if (Measure(candidate, font) <= width)
                {
                    line = candidate;
                    continue;
                }
                if (line.Length > 0)
                    lines.Add(line);
                var rest = word;
                while (rest.Length > 1 && Measure(rest, font) > width)
                {
                    var take = Fit(rest, font, width);
                    lines.Add(rest[..take]);
                    rest = rest[take..];
                }
                line = rest;
            }
            lines.Add(line);
        }
        return lines;
    }

    private int Fit(string text, XFont font, double width)
    {
        var take = 1;
        while (take < text.Length && Measure(text[..(take + 1)], font) <= width)
            take++;
        return take;
    }

    /// <summary>Draws one line of text at the current <see cref="Y"/> without moving it.</summary>
    public void Text(string text, XFont font, double x, double width, Align align = Align.Left, XBrush? brush = null)
    {
        var left = align switch
        {
            Align.Right => x + width - Measure(text, font),
            Align.Center => x + (width - Measure(text, font)) / 2,
            _ => x,
        };
        _graphics.DrawString(text, font, brush ?? XBrushes.Black, left, Y, XStringFormats.TopLeft);
    }

    /// <summary>A wrapped paragraph; it continues on the next page when the page ends.</summary>
    public void Paragraph(string text, XFont font, double x, double width, Align align = Align.Left, double after = 2)
    {
        var height = LineHeight(font);
        foreach (var line in Wrap(text, font, width))
        {
            Ensure(height);
            Text(line, font, x, width, align);
            Y += height;
        }
        Y += after;
    }

    public void Rule(double x, double width, double thickness = 0.8)
    {
        _graphics.DrawLine(new XPen(XColors.Black, thickness), x, Y, x + width, Y);
    }

    /// <summary>
    /// A bordered table at the left margin. A row that does not fit moves to the next page whole; a row taller than a
    /// whole page is split between pages. Every page the table reaches starts with its header.
    /// </summary>
    public void Table(IReadOnlyList<TableColumn> columns, IEnumerable<IReadOnlyList<string>> rows, XFont headerFont, XFont bodyFont)
    {
        var headerLines = columns.Select(c => Wrap(c.Header, headerFont, c.Width - 2 * CellPadding)).ToList();
        var headerHeight = headerLines.Max(l => l.Count) * LineHeight(headerFont) + 2 * CellPadding;
        var lineHeight = LineHeight(bodyFont);

        void Header()
        {
            Ensure(headerHeight + lineHeight + 2 * CellPadding);
            var x = Left;
            for (var i = 0; i < columns.Count; i++)
            {
                _graphics.DrawRectangle(Border, HeaderFill, x, Y, columns[i].Width, headerHeight);
                var top = Y;
                Y += CellPadding;
                foreach (var line in headerLines[i])
                {
                    Text(line, headerFont, x + CellPadding, columns[i].Width - 2 * CellPadding, Align.Center);
                    Y += LineHeight(headerFont);
                }
                Y = top;
                x += columns[i].Width;
            }
            Y += headerHeight;
        }

        void NextPage()
        {
            AddPage();
            Header();
        }

        Header();
        foreach (var row in rows)
        {
            var cells = columns.Select((c, i) => Wrap(row[i], bodyFont, c.Width - 2 * CellPadding)).ToList();
            var total = cells.Max(c => c.Count);
            var done = 0;
            while (done < total)
            {
                var fit = (int)Math.Floor((Limit - Y - 2 * CellPadding) / lineHeight);
                var remaining = total - done;
                if (fit < remaining)
                {
                    var freshPage = (int)Math.Floor((Limit - Top - 3 * headerHeight - 2 * CellPadding) / lineHeight);
                    if (fit < 1 || (done == 0 && remaining <= freshPage))
                    {
                        NextPage();
                        continue;
                    }
                }
                var take = Math.Min(fit, remaining);
                DrawRow(columns, cells, done, take, bodyFont);
                done += take;
                if (done < total)
                    NextPage();
            }
        }
    }

    private void DrawRow(IReadOnlyList<TableColumn> columns, List<IReadOnlyList<string>> cells, int from, int count, XFont font)
    {
        var lineHeight = LineHeight(font);
        var height = count * lineHeight + 2 * CellPadding;
        var top = Y;
        var x = Left;
        for (var i = 0; i < columns.Count; i++)
        {
            _graphics.DrawRectangle(Border, x, top, columns[i].Width, height);
            Y = top + CellPadding;
            foreach (var line in cells[i].Skip(from).Take(count))
            {
                Text(line, font, x + CellPadding, columns[i].Width - 2 * CellPadding, columns[i].Align);
                Y += lineHeight;
            }
            x += columns[i].Width;
        }
        Y = top + height;
    }

    /// <summary>Draws a PNG scaled to fit the box, keeping its proportions.</summary>
    public void Image(byte[] png, double x, double y, double width, double height)
    {
        using var stream = new MemoryStream(png, writable: false);
        using var image = XImage.FromStream(stream);
        var scale = Math.Min(width / image.PointWidth, height / image.PointHeight);
        _graphics.DrawImage(image, x, y, image.PointWidth * scale, image.PointHeight * scale);
    }

    /// <summary>Writes the footer on every page (what the document is, page i of n) and returns the PDF bytes.</summary>
    public byte[] Finish(string footer)
    {
        _graphics.Dispose();
        var font = Font(7);
        for (var i = 0; i < _document.PageCount; i++)
        {
            using var graphics = XGraphics.FromPdfPage(_document.Pages[i], XGraphicsPdfPageOptions.Append);
            var y = PageHeight - Bottom + 18;
            graphics.DrawString(footer, font, XBrushes.Gray, Left, y, XStringFormats.TopLeft);
            var pageText = $"Сторінка {i + 1} з {_document.PageCount}";
            var width = graphics.MeasureString(pageText, font).Width;
            graphics.DrawString(pageText, font, XBrushes.Gray, PageWidth - Right - width, y, XStringFormats.TopLeft);
        }
        using var output = new MemoryStream();
        _document.Save(output, closeStream: false);
        return output.ToArray();
    }
}
