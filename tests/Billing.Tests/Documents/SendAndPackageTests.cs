using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.Options;
using MimeKit;
using OrleansCrm.Agreements.Contracts;
using OrleansCrm.Billing.Documents;
using OrleansCrm.Billing.Mail;
using OrleansCrm.Billing.Packages;
using OrleansCrm.Billing.Schedules;
using OrleansCrm.Billing.Tests.Mail;
using OrleansCrm.Billing.Tests.Printing;
using OrleansCrm.Testing;
using OrleansCrm.Testing.Printing;

namespace OrleansCrm.Billing.Tests.Documents;

/// <summary>E-mailing a stored document to a real SMTP server on loopback, the client's package, and payment schedules.</summary>
public abstract class SendAndPackageTests(HostFixture fixture) : BillingHostTests(fixture)
{
    private async Task<DocumentDetails> IssuedInvoiceAsync(Guid clientId)
    {
        var result = await CrmHost.ReadAsync<InvoicingResult>(await Http.PostAsJsonAsync("/api/invoices", new
        {
            clientId,
            issue = true,
            lines = new[] { new { service = "Оновлення конфігурації", quantity = 3, unit = "год", price = 750m, vatRate = 20 } },
        }, CrmHost.Json));
        return await CrmHost.ReadAsync<DocumentDetails>(await Http.GetAsync($"/api/invoices/{Assert.Single(result.Created).Id}"));
    }

    [Fact]
    public async Task A_sent_invoice_arrives_with_its_pdf_carrying_facsimile_and_stamp_and_the_send_is_recorded()
    {
        await using var smtp = new LoopbackSmtp();
        var folder = Directory.CreateTempSubdirectory("billing-facsimile").FullName;
        var facsimile = Path.Combine(folder, "signature.png");
        var stamp = Path.Combine(folder, "stamp.png");
        await File.WriteAllBytesAsync(facsimile, Samples.Png(60, 20, 20, 40, 160));
        await File.WriteAllBytesAsync(stamp, Samples.Png(40, 40, 30, 60, 200));
        var mailOptions = Options.Create(new SmtpOptions { Host = "127.0.0.1", Port = smtp.Port, Security = SmtpSecurity.None, From = "buh@servis-plus.ua" });
        var handler = new SendDocumentHandler(
            Service<DocumentStore>(), Service<DocumentAccess>(),
            new DocumentPrinting(Options.Create(new BillingOptions { FacsimilePath = facsimile, StampPath = stamp })),
            new DocumentMailer(mailOptions, TimeProvider.System), mailOptions);
        var invoice = await IssuedInvoiceAsync(await ClientAsync("ТОВ «Адресат»"));

        var sent = await handler.Handle(new SendDocument(MoneyCaller.System, invoice.Id, "accounting@adresat.ua"), default);
        var received = await smtp.NextAsync();

        Assert.Equal(DocumentStatus.Sent, sent.Status);
        Assert.Equal("accounting@adresat.ua", received.To.Mailboxes.Single().Address);
        Assert.StartsWith($"Рахунок на оплату № {invoice.Number} від ", received.Subject);
        var attachment = Assert.IsType<MimePart>(Assert.Single(received.Attachments));
        using var content = new MemoryStream();
        await attachment.Content!.DecodeToAsync(content);
        var pdf = content.ToArray();
        Assert.Contains(invoice.Number!, PdfText.Body(pdf));
        Assert.Contains("2 700,00", PdfText.Body(pdf));
        Assert.Equal(2, PdfText.ImageCount(pdf)); // the e-mailed copy carries facsimile and stamp
        Assert.Equal(0, PdfText.ImageCount(await Http.GetByteArrayAsync($"/api/invoices/{invoice.Id}/pdf"))); // the printed one does not

        var db = Service<DocumentStore>().Db;
        await using var connection = OrleansCrm.BuildingBlocks.Persistence.DatabaseConnections.Create(db.Options);
        await connection.OpenAsync();
        await using var command = Storage.BillingDb.Command(connection, null, $"SELECT sent_to, message_id FROM {db.Table("document_sends")} WHERE document_id = @id", ("@id", db.Id(invoice.Id)));
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal("accounting@adresat.ua", reader.GetString(0));
        Assert.Equal(received.MessageId, reader.GetString(1));

        // Without a configured server the API says so (409), and never sends a draft.
        var unconfigured = await Http.PostAsJsonAsync($"/api/invoices/{invoice.Id}/send", new { to = "a@b.ua" });
        Assert.Equal(HttpStatusCode.Conflict, unconfigured.StatusCode);
        await ApiAssert.AssertFieldErrorsAsync(await Http.PostAsJsonAsync($"/api/invoices/{invoice.Id}/send", new { to = "not an address" }), "to");
    }

    [Fact]
    public async Task The_package_holds_the_latest_invoice_a_proposal_from_the_contract_and_the_contract_files()
    {
        var clientId = await ClientAsync("ТОВ «Пакет»");
        var invoice = await IssuedInvoiceAsync(clientId);
        var contract = Contract(clientId, 9_000m);
        var contractFiles = new[] { new DocumentFile("Договір.docx", MailAttachment.Docx, [1, 2, 3]), new DocumentFile("Договір.pdf", MailAttachment.Pdf, [4, 5]) };

        var package = await Service<ClientPackages>().BuildAsync(clientId, contract, contractFiles, default);

        Assert.Equal("application/zip", package.ContentType);
        using var zip = new ZipArchive(new MemoryStream(package.Content));
        var names = zip.Entries.Select(e => e.FullName).ToList();
        Assert.Equal(4, names.Count);
        Assert.Contains("Договір.docx", names);
        var invoicePdf = Read(zip.Entries.Single(e => e.FullName.StartsWith("Рахунок", StringComparison.Ordinal)));
        Assert.Contains(invoice.Number!, PdfText.Body(invoicePdf));
        var proposal = PdfText.Words(PdfText.Body(Read(zip.Entries.Single(e => e.FullName.StartsWith("Комерційна", StringComparison.Ordinal)))));
        Assert.Contains("Абонентське обслуговування за", proposal);
        Assert.Contains("10 800,00", proposal);
    }

    [Fact]
    public async Task A_schedule_splits_the_amount_to_the_kopiyka_into_dated_invoices()
    {
        var clientId = await ClientAsync("ТОВ «Графік»");
        var response = await Http.PostAsJsonAsync("/api/billing/schedules", new { clientId, total = 1000.00m, parts = 3, firstDueOn = "2026-12-10", intervalDays = 30 });
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var schedule = await CrmHost.ReadAsync<ScheduleResult>(response);

        Assert.Equal([333.34m, 333.33m, 333.33m], schedule.Payments.Select(p => p.Amount));
        Assert.Equal([new DateOnly(2026, 12, 10), new DateOnly(2027, 1, 9), new DateOnly(2027, 2, 8)], schedule.Payments.Select(p => p.DueOn));
        Assert.All(schedule.Payments, p => Assert.NotNull(p.Number));
        var third = await CrmHost.ReadAsync<DocumentDetails>(await Http.GetAsync($"/api/invoices/{schedule.Payments[2].InvoiceId}"));
        Assert.Equal((333.33m, 55.56m), (third.Total, third.Vat)); // VAT included: 333.33 × 20 / 120
        Assert.Equal(new DateOnly(2027, 2, 8), third.DueOn);

        await ApiAssert.AssertFieldErrorsAsync(
            await Http.PostAsJsonAsync("/api/billing/schedules", new { clientId, total = 10.005m, parts = 0, intervalDays = 0 }), "total", "parts", "firstDueOn", "intervalDays");
    }

    private static byte[] Read(ZipArchiveEntry entry)
    {
        using var stream = entry.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}

[Collection(SqliteBillingHost.Name)]
public sealed class SqliteSendAndPackageTests(SqliteHostFixture fixture) : SendAndPackageTests(fixture);

[Collection(PostgresBillingHost.Name)]
public sealed class PostgresSendAndPackageTests(PostgresHostFixture fixture) : SendAndPackageTests(fixture);
