using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using OrleansCrm.Agreements.Documents;
using OrleansCrm.BuildingBlocks.Money;
using OrleansCrm.BuildingBlocks.Printing;
using OrleansCrm.Testing.Printing;

namespace OrleansCrm.Agreements.Tests.Documents;

public sealed class ContractDocumentTests
{
    private static readonly ContractPrintModel Model = new()
    {
        Number = "12/2026",
        SignedOn = new DateOnly(2026, 12, 1),
        City = "Київ",
        StartsOn = new DateOnly(2027, 1, 1),
        EndsOn = new DateOnly(2027, 12, 31),
        AutoRenew = true,
        MonthlyFee = 12500m,
        MonthlyFeeInWords = "дванадцять тисяч п'ятсот гривень 00 копійок",
        VatRate = 20,
        IncludedHours = 20,
        ExtraHourRate = 850m,
        PaymentDays = 5,
        Services = ["підтримка робочих місць користувачів", "адміністрування серверів і мережі", "резервне копіювання"],
        Supplier = SampleParties.Supplier,
        Client = SampleParties.Buyer,
    };

    /// <summary>Every placeholder of the catalogue in one template: each has a value, and no brace is left.</summary>
    [Fact]
    public void Every_placeholder_renders_a_value()
    {
        var template = new ContractTemplate(
            "Договір № {contract.number}", [],
            [new TemplateSection("Усі заповнювачі", ContractPlaceholders.All.Select(p => $"{p.Name} = {{{p.Name}}}").ToList())]);

        var contract = ContractText.Render(template, Model);

        var values = ContractPlaceholders.Values(Model);
        Assert.All(ContractPlaceholders.All, p => Assert.False(string.IsNullOrWhiteSpace(values[p.Name]), $"{{{p.Name}}} has no value"));
        Assert.Equal(ContractPlaceholders.All.Count, contract.Sections[0].Clauses.Count);
        foreach (var (placeholder, clause) in ContractPlaceholders.All.Zip(contract.Sections[0].Clauses))
        {
            Assert.Equal($"{placeholder.Name} = {values[placeholder.Name]}", clause);
            Assert.DoesNotContain("{", clause);
        }
        Assert.Equal("Договір № 12/2026", contract.Title);
    }

    [Fact]
    public void The_values_are_formatted_for_a_ukrainian_contract()
    {
        var values = ContractPlaceholders.Values(Model);

        Assert.Equal("12 500,00", values["contract.monthlyFee"]);
        Assert.Equal("01.01.2027", values["contract.startsOn"]);
        Assert.Equal("31.12.2027", values["contract.endsOn"]);
        Assert.Equal("крім того ПДВ 20%", values["contract.vat"]);
        Assert.Equal("без ПДВ", ContractPlaceholders.Values(Model with { Supplier = SampleParties.SoleProprietor })["contract.vat"]);
        Assert.Equal("у тому числі ПДВ 20%", ContractPlaceholders.Values(Model with { PricesIncludeVat = true })["contract.vat"]);
        Assert.Contains("продовженим", values["contract.renewal"]);
        Assert.Contains("припиняється", ContractPlaceholders.Values(Model with { AutoRenew = false })["contract.renewal"]);
        Assert.Equal("Генеральний директор", values["client.signatoryPosition"]);
    }

    /// <summary>The module's README lists the placeholders for the people who write templates: it must list them all.</summary>
    [Fact]
    public void The_readme_documents_every_placeholder()
    {
        // From this source file, not the build output: builds may go elsewhere (CRM_BUILD_SLOT puts them under /tmp).
        var directory = new DirectoryInfo(Path.GetDirectoryName(SourceFile())!);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "OrleansCrm.sln")))
            directory = directory.Parent;
        Assert.NotNull(directory);
        var readme = File.ReadAllText(Path.Combine(directory.FullName, "src", "Modules", "Agreements", "README.md"));

        Assert.All(ContractPlaceholders.All, p => Assert.Contains($"`{{{p.Name}}}`", readme));
    }

    private static string SourceFile([System.Runtime.CompilerServices.CallerFilePath] string path = "") => path;

    [Fact]
    public void Every_built_in_template_reads_back_the_same_from_the_text_the_editor_saves()
    {
        foreach (var (file, _, _) in OrleansCrm.Agreements.Templates.TemplateCatalogue.BuiltIn)
        {
            var template = ContractTemplate.Parse(ContractTemplate.Resource(file));
            var again = ContractTemplate.Parse(template.ToText());
            Assert.Equal(template.Title, again.Title);
            Assert.Equal(template.Preamble, again.Preamble);
            Assert.Equal(template.Sections.Select(s => (s.Heading, string.Join("\n", s.Clauses))), again.Sections.Select(s => (s.Heading, string.Join("\n", s.Clauses))));
        }

        // A clause typed over several lines stays one clause.
        var typed = new ContractTemplate("Договір", [], [new TemplateSection("Предмет", ["Перший рядок\nдругий рядок", " "])]);
        Assert.Equal(["Перший рядок другий рядок"], ContractTemplate.Parse(typed.ToText()).Sections.Single().Clauses);
    }

    [Fact]
    public void Unknown_and_missing_placeholders_are_all_listed()
    {
        var template = ContractTemplate.Parse("""
            # Договір № {contract.number}
            ## Розрахунки
            Оплата з рахунку {client.iban} в {client.bank} клієнта {client.legalNmae}.
            Сума {contract.fee}, ще раз {client.iban}.
            """);
        var client = SampleParties.Buyer with { Iban = null, Bank = " " };

        var error = Assert.Throws<ContractTemplateException>(() => ContractText.Render(template, Model with { Client = client }));

        Assert.Equal(["client.legalNmae", "contract.fee"], error.Unknown);
        Assert.Equal(["client.iban", "client.bank"], error.Missing);
        Assert.Contains("{client.legalNmae}", error.Message);
        Assert.Contains("{contract.fee}", error.Message);
        Assert.Contains("{client.iban}", error.Message);
        Assert.Contains("{client.bank}", error.Message);
    }

    [Fact]
    public void The_default_support_template_renders_in_ukrainian()
    {
        var template = ContractTemplate.SupportSubscription;

        var contract = ContractText.Render(template, Model);
        var text = ContractText.ToPlainText(contract);

        Assert.Equal("ДОГОВІР № 12/2026 про абонентське обслуговування", contract.Title);
        Assert.Equal(
            ["Предмет договору", "Вартість послуг і порядок розрахунків", "Строк дії та продовження", "Розірвання договору", "Інші умови"],
            contract.Sections.Select(s => s.Heading));
        Assert.Contains("2.1. Абонентська плата становить 12 500,00 грн (дванадцять тисяч п'ятсот гривень 00 копійок) на місяць, крім того ПДВ 20%.", text);
        Assert.Contains("до 20 годин", text);
        Assert.Contains("UA733220010000026201234567890", text);
        Assert.Contains("Договір набирає чинності з 01.01.2027 і діє до 31.12.2027.", text);
        Assert.Contains(SampleParties.Buyer.LegalName, text);
        Assert.DoesNotContain("{", text);
        Assert.Contains("contract.services", ContractText.PlaceholdersIn(template));
    }

    [Fact]
    public void The_docx_has_headings_numbered_clauses_and_both_parties_requisites()
    {
        var contract = ContractText.Render(ContractTemplate.SupportSubscription, Model);

        var bytes = ContractDocx.Render(contract);
        PdfText.Keep("contract.docx", bytes);

        using var document = WordprocessingDocument.Open(new MemoryStream(bytes), isEditable: false);
        var main = document.MainDocumentPart!;
        var body = main.Document!.Body!;
        var paragraphs = body.Elements<Paragraph>().ToList();
        string? Style(Paragraph p) => p.ParagraphProperties?.ParagraphStyleId?.Val?.Value;
        int? Level(Paragraph p) => p.ParagraphProperties?.NumberingProperties?.NumberingLevelReference?.Val?.Value;

        Assert.Equal(contract.Title, paragraphs.Single(p => Style(p) == "Title").InnerText);
        var headings = paragraphs.Where(p => Style(p) == "Heading1").ToList();
        Assert.Equal(contract.Sections.Select(s => s.Heading).Append(RenderedContract.RequisitesHeading), headings.Select(h => h.InnerText));
        Assert.All(headings, h => Assert.Equal(0, Level(h)));
        var clauses = paragraphs.Where(p => Level(p) == 1).Select(p => p.InnerText).ToList();
        Assert.Equal(contract.Sections.SelectMany(s => s.Clauses), clauses);
        Assert.All(contract.Preamble, p => Assert.Contains(p, paragraphs.Select(x => x.InnerText)));

        var levels = main.NumberingDefinitionsPart!.Numbering!.Descendants<Level>().ToDictionary(l => l.LevelIndex!.Value, l => l.LevelText!.Val!.Value);
        Assert.Equal("%1.", levels[0]);
        Assert.Equal("%1.%2.", levels[1]);
        Assert.NotNull(main.StyleDefinitionsPart!.Styles!.Elements<Style>().SingleOrDefault(s => s.StyleId == "Heading1"));

        var table = body.Elements<Table>().Single();
        var cells = table.Descendants<TableCell>().Select(c => c.InnerText).ToList();
        Assert.Equal(["Виконавець", "Замовник"], cells.Take(2));
        Assert.Contains(SampleParties.Supplier.LegalName, cells[2]);
        Assert.Contains("IBAN UA733220010000026201234567890", cells[2]);
        Assert.Contains("Петренко Олена Іванівна", cells[2]);
        Assert.Contains(SampleParties.Buyer.LegalName, cells[3]);
        Assert.Contains("Код ЄДРПОУ 00191234", cells[3]);
        Assert.Contains("Шевченко Василь Петрович", cells[3]);
    }

    [Fact]
    public void The_pdf_has_the_same_text_numbered()
    {
        var contract = ContractText.Render(ContractTemplate.SupportSubscription, Model);

        var pdf = ContractPdf.Render(contract);
        PdfText.Keep("contract.pdf", pdf);
        var text = PdfText.Body(pdf);

        Assert.Contains(contract.Title, text);
        Assert.Contains("1. ПРЕДМЕТ ДОГОВОРУ", text);
        Assert.Contains($"{contract.RequisitesNumber}. РЕКВІЗИТИ ТА ПІДПИСИ СТОРІН", text);
        foreach (var paragraph in contract.Preamble)
            Assert.Contains(PdfText.Words(paragraph), text);
        foreach (var section in contract.Sections)
            for (var i = 0; i < section.Clauses.Count; i++)
                Assert.Contains($"{section.Number}.{i + 1}. {PdfText.Words(section.Clauses[i])}", text);
        Assert.Contains("Від Виконавця:", text);
        Assert.Contains("Від Замовника:", text);
        Assert.Contains("Шевченко Василь Петрович", text);
        Assert.All(PdfText.FontNames(pdf), name => Assert.Contains("LiberationSans", name.Replace(" ", "")));
    }
}
