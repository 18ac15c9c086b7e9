using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using OrleansCrm.BuildingBlocks.Printing;

namespace OrleansCrm.Agreements.Documents;

/// <summary>
/// The contract as an editable Word document: a title, the preamble, numbered section headings (Heading 1) and clauses
/// numbered by Word's own multi-level list (1., 1.1.), so a lawyer who inserts a clause gets the numbers right, and a
/// requisites table with both parties and a line to sign on.
/// </summary>
public static class ContractDocx
{
    private const int NumberingId = 1;
    private const string Font = "Times New Roman";

    public static byte[] Render(RenderedContract contract)
    {
        ArgumentNullException.ThrowIfNull(contract);
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            main.AddNewPart<StyleDefinitionsPart>().Styles = Styles();
            main.AddNewPart<NumberingDefinitionsPart>().Numbering = Numbering();

            var body = new Body();
            body.Append(Paragraph(contract.Title, "Title"));
            foreach (var paragraph in contract.Preamble)
                body.Append(Paragraph(paragraph, null));
            foreach (var section in contract.Sections)
            {
                body.Append(Numbered(section.Heading, "Heading1", level: 0));
                foreach (var clause in section.Clauses)
                    body.Append(Numbered(clause, null, level: 1));
            }
            body.Append(Numbered(RenderedContract.RequisitesHeading, "Heading1", level: 0));
            body.Append(Requisites(contract));
            body.Append(new SectionProperties(
                new PageSize { Width = 11906U, Height = 16838U },
                new PageMargin { Top = 1134, Bottom = 1134, Left = 1701U, Right = 850U, Header = 709U, Footer = 709U, Gutter = 0U }));
            main.Document = new Document(body);
            main.Document.Save();
        }
        return stream.ToArray();
    }

    private static Paragraph Paragraph(string text, string? style)
    {
        var properties = new ParagraphProperties();
        if (style is not null)
            properties.Append(new ParagraphStyleId { Val = style });
        else
            properties.Append(new Justification { Val = JustificationValues.Both });
        return new Paragraph(properties, new Run(new Text(text) { Space = SpaceProcessingModeValues.Preserve }));
    }

    private static Paragraph Numbered(string text, string? style, int level)
    {
        var paragraph = Paragraph(text, style);
        paragraph.ParagraphProperties!.Append(
            new NumberingProperties(new NumberingLevelReference { Val = level }, new NumberingId { Val = NumberingId }));
        return paragraph;
    }

    private static Table Requisites(RenderedContract contract)
    {
        var border = new TableBorders(
            new TopBorder { Val = BorderValues.Single, Size = 4 }, new BottomBorder { Val = BorderValues.Single, Size = 4 },
            new LeftBorder { Val = BorderValues.Single, Size = 4 }, new RightBorder { Val = BorderValues.Single, Size = 4 },
            new InsideHorizontalBorder { Val = BorderValues.Single, Size = 4 },
            new InsideVerticalBorder { Val = BorderValues.Single, Size = 4 });
        var table = new Table(new TableProperties(
            border, new TableWidth { Width = "5000", Type = TableWidthUnitValues.Pct }, new TableLayout { Type = TableLayoutValues.Fixed }));
        table.Append(new TableGrid(new GridColumn { Width = "4677" }, new GridColumn { Width = "4677" }));
        table.Append(new TableRow(Cell([Bold("Виконавець")]), Cell([Bold("Замовник")])));
        table.Append(new TableRow(Cell(PartyLines(contract.Supplier)), Cell(PartyLines(contract.Client))));
        return table;
    }

    private static List<Paragraph> PartyLines(PrintedParty party)
    {
        var lines = PartyBlocks.Requisites(party).ToList();
        var paragraphs = new List<Paragraph> { Bold(lines[0]) };
        paragraphs.AddRange(lines.Skip(1).Select(l => Paragraph(l, "Requisites")));
        paragraphs.Add(Paragraph("", "Requisites"));
        if (party.Signatory is { } signatory)
            paragraphs.Add(Paragraph(signatory.Position, "Requisites"));
        paragraphs.Add(Paragraph($"________________ / {party.Signatory?.FullName} /", "Requisites"));
        return paragraphs;
    }

    private static Paragraph Bold(string text) => new(
        new ParagraphProperties(new ParagraphStyleId { Val = "Requisites" }),
        new Run(new RunProperties(new Bold()), new Text(text) { Space = SpaceProcessingModeValues.Preserve }));

    private static TableCell Cell(IEnumerable<Paragraph> paragraphs)
    {
        var cell = new TableCell(new TableCellProperties(new TableCellWidth { Width = "2500", Type = TableWidthUnitValues.Pct }));
        cell.Append(paragraphs);
        return cell;
    }

    private static Styles Styles()
    {
        static RunProperties Run(int halfPoints, bool bold = false)
        {
            var run = new RunProperties(new RunFonts { Ascii = Font, HighAnsi = Font, ComplexScript = Font, EastAsia = Font });
            if (bold)
                run.Append(new Bold());
            run.Append(new FontSize { Val = halfPoints.ToString(System.Globalization.CultureInfo.InvariantCulture) });
            run.Append(new Languages { Val = "uk-UA" });
            return run;
        }

        return new Styles(
            new DocDefaults(
                new RunPropertiesDefault(Run(24)),
                new ParagraphPropertiesDefault(new ParagraphProperties(new SpacingBetweenLines { After = "80", Line = "264", LineRule = LineSpacingRuleValues.Auto }))),
            new Style(new StyleName { Val = "Normal" }, new PrimaryStyle()) { Type = StyleValues.Paragraph, StyleId = "Normal", Default = true },
            new Style(
                new StyleName { Val = "Title" }, new BasedOn { Val = "Normal" }, new PrimaryStyle(),
                new StyleParagraphProperties(new Justification { Val = JustificationValues.Center }, new SpacingBetweenLines { After = "240" }),
                Run(28, bold: true)) { Type = StyleValues.Paragraph, StyleId = "Title" },
            new Style(
                new StyleName { Val = "heading 1" }, new BasedOn { Val = "Normal" }, new NextParagraphStyle { Val = "Normal" }, new PrimaryStyle(),
                new StyleParagraphProperties(
                    new KeepNext(), new Justification { Val = JustificationValues.Center },
                    new SpacingBetweenLines { Before = "200", After = "100" }, new OutlineLevel { Val = 0 }),
                Run(24, bold: true)) { Type = StyleValues.Paragraph, StyleId = "Heading1" },
            new Style(
                new StyleName { Val = "Requisites" }, new BasedOn { Val = "Normal" },
                new StyleParagraphProperties(new SpacingBetweenLines { After = "0" }),
                Run(22)) { Type = StyleValues.Paragraph, StyleId = "Requisites", CustomStyle = true });
    }

    private static Numbering Numbering()
    {
        static Level Level(int index, string text, int indent, int hanging) => new(
            new StartNumberingValue { Val = 1 },
            new NumberingFormat { Val = NumberFormatValues.Decimal },
            new LevelText { Val = text },
            new LevelJustification { Val = LevelJustificationValues.Left },
            new PreviousParagraphProperties(new Indentation { Left = indent.ToString(System.Globalization.CultureInfo.InvariantCulture), Hanging = hanging.ToString(System.Globalization.CultureInfo.InvariantCulture) }))
        { LevelIndex = index };

        return new Numbering(
            new AbstractNum(
                new MultiLevelType { Val = MultiLevelValues.Multilevel },
                Level(0, "%1.", 0, 0),
                Level(1, "%1.%2.", 567, 567)) { AbstractNumberId = 1 },
            new NumberingInstance(new AbstractNumId { Val = 1 }) { NumberID = NumberingId });
    }
}
