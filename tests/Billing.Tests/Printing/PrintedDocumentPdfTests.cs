using OrleansCrm.BuildingBlocks.Printing;
using OrleansCrm.Testing.Printing;
using System.Diagnostics;
using OrleansCrm.Billing.Printing;
using OrleansCrm.Billing.Printing.Pdf;
using Xunit.Abstractions;

namespace OrleansCrm.Billing.Tests.Printing;

public sealed class PrintedDocumentPdfTests(ITestOutputHelper output)
{
    [Fact]
    public void An_invoice_reads_back_with_its_number_parties_lines_totals_and_words()
    {
        var invoice = Samples.Invoice();

        var pdf = PrintedDocumentPdf.Render(invoice);
        PdfText.Keep("invoice.pdf", pdf);
        var text = PdfText.Body(pdf);
        output.WriteLine(text);

        Assert.Contains("Рахунок на оплату № РФ-2026-0015 від 05.12.2026", text);
        Assert.Contains("Постачальник:", text);
        Assert.Contains("ТОВ «Сервіс Плюс»", text);
        Assert.Contains("Код ЄДРПОУ 41234567, ІПН 412345626591", text);
        Assert.Contains("IBAN UA733220010000026201234567890 в АТ «Універсал Банк»", text);
        Assert.Contains("Покупець:", text);
        Assert.Contains(PdfText.Words(Samples.Buyer.LegalName), text);
        Assert.Contains("Код ЄДРПОУ 00191234", text);
        Assert.Contains("Підстава: Договір № 12/2026 від 01.01.2026", text);
        Assert.Contains("Період: грудень 2026", text);
        foreach (var line in invoice.Lines)
            Assert.Contains(PdfText.Words(line.Service), text);
        Assert.Contains("1 міс. 10 000,00 20% 10 000,00", text);
        Assert.Contains("12 шт. 512,50 без ПДВ 6 150,00", text);
        Assert.Contains("2,5", text);
        Assert.Contains("Разом без ПДВ: 18 150,00", text);
        Assert.Contains("ПДВ 20%: 2 400,00", text);
        Assert.Contains("Звільнено від ПДВ (сума операцій): 6 150,00", text);
        Assert.Contains("Всього з ПДВ: 20 550,00", text);
        Assert.Contains("Всього найменувань 3, на суму 20 550,00 грн.", text);
        Assert.Contains(invoice.TotalInWords, text);
        Assert.Contains("У т.ч. ПДВ: 2 400,00 грн.", text);
        Assert.Contains("Оплатити до 15.12.2026.", text);
        Assert.Contains("Петренко Олена Іванівна", text);
    }

    [Fact]
    public void The_fonts_come_from_the_product_and_are_embedded()
    {
        var pdf = PrintedDocumentPdf.Render(Samples.Invoice());

        var fonts = PdfText.FontNames(pdf);

        Assert.NotEmpty(fonts);
        Assert.All(fonts, name => Assert.Contains("LiberationSans", name.Replace(" ", "")));
        Assert.Contains(fonts, name => name.Contains("Bold", StringComparison.Ordinal));
    }

    [Fact]
    public void Sixty_lines_span_two_pages_and_the_second_repeats_the_header()
    {
        var invoice = Samples.ManyLines(60);

        var pdf = PrintedDocumentPdf.Render(invoice);
        PdfText.Keep("invoice-60-lines.pdf", pdf);
        var pages = PdfText.Pages(pdf);

        Assert.Equal(2, pages.Count);
        Assert.Contains("Рахунок на оплату № РФ-2026-0015 від 05.12.2026 (продовження)", pages[1]);
        Assert.Contains("Послуга Кільк. Од.", pages[1]);
        Assert.Contains("Сторінка 2 з 2", pages[1]);
        Assert.Contains("Сторінка 1 з 2", pages[0]);
        var all = string.Join(" ", pages);
        foreach (var line in invoice.Lines)
            Assert.Contains(line.Service, all);
        Assert.Contains("Всього з ПДВ: 7 200,00", pages[1]);
    }

    [Fact]
    public void A_row_taller_than_a_page_continues_on_the_next_page()
    {
        var endless = string.Join(" ", Enumerable.Range(1, 700).Select(i => $"етап{i}"));
        var invoice = Samples.NonVatInvoice() with { Lines = [new PrintedLine(1, endless, 1, "посл.", 1234.5m, null, 1234.5m)] };

        var pdf = PrintedDocumentPdf.Render(invoice);
        var pages = PdfText.Pages(pdf);

        Assert.True(pages.Count >= 2, $"{pages.Count} page(s)");
        Assert.Contains("етап1 ", pages[0]);
        Assert.Contains("етап700", pages[^1]);
        Assert.Contains("Послуга", pages[^1]);
        var body = PdfText.Body(pdf);
        Assert.All(new[] { 1, 233, 467, 700 }, i => Assert.Contains($"етап{i}", body));
    }

    [Fact]
    public void A_non_payer_of_vat_prints_without_vat()
    {
        var pdf = PrintedDocumentPdf.Render(Samples.NonVatInvoice());
        PdfText.Keep("invoice-no-vat.pdf", pdf);
        var text = PdfText.Body(pdf);

        Assert.Contains("Рахунок на оплату № 17 від 05.12.2026", text);
        Assert.Contains("РНОКПП 3012345678", text);
        Assert.Contains("Не є платником ПДВ", text);
        Assert.Contains("Ціна, грн Сума, грн", text);
        Assert.Contains("Всього: 1 234,50", text);
        Assert.Contains("Без ПДВ", text);
        Assert.Contains("Одна тисяча двісті тридцять чотири гривні 50 копійок", text);
        Assert.DoesNotContain("Всього з ПДВ", text);
        Assert.DoesNotContain("Разом без ПДВ", text);
    }

    [Fact]
    public void An_act_names_the_period_and_is_signed_by_both_parties()
    {
        var act = Samples.Invoice(PrintedDocumentKind.Act);

        var pdf = PrintedDocumentPdf.Render(act with { SignatureImage = Samples.Png(60, 20, 20, 40, 160), StampImage = Samples.Png(40, 40, 30, 60, 200) });
        PdfText.Keep("act.pdf", pdf);
        var text = PdfText.Body(pdf);

        Assert.Contains("Акт надання послуг № РФ-2026-0015 від 05.12.2026", text);
        Assert.Contains("за період грудень 2026", text);
        Assert.Contains("Виконавець:", text);
        Assert.Contains("Замовник:", text);
        Assert.Contains("Від Виконавця:", text);
        Assert.Contains("Від Замовника:", text);
        Assert.Contains("Петренко Олена Іванівна", text);
        Assert.Contains("Шевченко Василь Петрович", text);
        Assert.Contains("Всього з ПДВ: 20 550,00", text);
        Assert.Contains(act.TotalInWords, text);
        Assert.DoesNotContain("Оплатити до", text);
    }

    [Fact]
    public void A_proposal_says_until_when_it_is_valid()
    {
        var proposal = Samples.Invoice(PrintedDocumentKind.Proposal) with { Number = "КП-7" };

        var pdf = PrintedDocumentPdf.Render(proposal);
        PdfText.Keep("proposal.pdf", pdf);
        var text = PdfText.Body(pdf);

        Assert.Contains("Комерційна пропозиція № КП-7 від 05.12.2026", text);
        Assert.Contains("Пропонуємо Вам такі послуги:", text);
        Assert.Contains("Пропозиція дійсна до 15.12.2026.", text);
        Assert.Contains("Всього з ПДВ: 20 550,00", text);
    }

    [Fact]
    public void The_facsimile_and_stamp_are_drawn_only_when_given()
    {
        var plain = Samples.Invoice();
        var emailed = plain with
        {
            SignatureImage = Samples.Png(60, 20, 20, 40, 160),
            StampImage = Samples.Png(40, 40, 30, 60, 200),
        };

        Assert.Equal(0, PdfText.ImageCount(PrintedDocumentPdf.Render(plain)));
        Assert.Equal(2, PdfText.ImageCount(PrintedDocumentPdf.Render(emailed)));
        Assert.Equal(2, PdfText.ImageCount(PrintedDocumentPdf.Render(emailed with { Kind = PrintedDocumentKind.Act })));
    }

    [Fact]
    public void A_draft_prints_without_a_number()
    {
        var text = PdfText.Body(PrintedDocumentPdf.Render(Samples.Invoice() with { Number = "" }));

        Assert.Contains("Рахунок на оплату (чернетка) від 05.12.2026", text);
    }

    [Fact]
    public void Rendering_one_invoice_is_quick_enough_to_do_on_request()
    {
        PrintedDocumentPdf.Render(Samples.Invoice());
        const int count = 20;
        var watch = Stopwatch.StartNew();
        var sizes = new List<int>();
        for (var i = 0; i < count; i++)
            sizes.Add(PrintedDocumentPdf.Render(Samples.Invoice()).Length);
        watch.Stop();

        // No timing assert (the machine is shared); the figure goes to the test output for the record.
        output.WriteLine($"one invoice PDF: {watch.Elapsed.TotalMilliseconds / count:F1} ms on average over {count}, {sizes[0]} bytes");
        Assert.All(sizes, size => Assert.InRange(size, 5_000, 400_000));
    }
}

public sealed class UaFormatTests
{
    [Theory]
    [InlineData("1234.5", "1 234,50")]
    [InlineData("0", "0,00")]
    [InlineData("1000000.01", "1 000 000,01")]
    [InlineData("-15.5", "-15,50")]
    public void Money_is_grouped_by_spaces_with_a_decimal_comma(string amount, string printed) =>
        Assert.Equal(printed, UaFormat.Money(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void Dates_quantities_rates_and_periods_print_the_ukrainian_way()
    {
        Assert.Equal("05.12.2026", UaFormat.Date(new DateOnly(2026, 12, 5)));
        Assert.Equal("2,5", UaFormat.Quantity(2.5m));
        Assert.Equal("1", UaFormat.Quantity(1.000m));
        Assert.Equal("20%", UaFormat.VatRate(20));
        Assert.Equal("без ПДВ", UaFormat.VatRate(null));
        Assert.Equal("лютий 2028", UaFormat.Period(new DateOnly(2028, 2, 1), new DateOnly(2028, 2, 29)));
        Assert.Equal("01.12.2026 – 15.12.2026", UaFormat.Period(new DateOnly(2026, 12, 1), new DateOnly(2026, 12, 15)));
    }

    [Fact]
    public void The_tax_id_is_labelled_by_its_length()
    {
        Assert.Equal("Код ЄДРПОУ", Samples.Supplier.TaxIdLabel);
        Assert.Equal("РНОКПП", Samples.SoleProprietor.TaxIdLabel);
    }
}
