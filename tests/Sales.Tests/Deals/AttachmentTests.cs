using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OrleansCrm.BuildingBlocks.Audit;
using OrleansCrm.BuildingBlocks.Security;
using OrleansCrm.Sales.Deals.Attachments;
using OrleansCrm.Sales.Tests.Activities;
using OrleansCrm.Sales.Tests.Api;
using OrleansCrm.Testing;

namespace OrleansCrm.Sales.Tests.Deals;

/// <summary>Files on deals: a stage that requires one, the size and content checks, who may attach, and the folder store's failed write.</summary>
public abstract class AttachmentTests(HostFixture fixture)
{
    private readonly SalesApi _api = new(fixture);
    private readonly ActivitiesHost _host = new(fixture);

    public static readonly byte[] Pdf = Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n");

    /// <summary>new (leaves only with a contract scan) → signed.</summary>
    private async Task<(Guid Pipeline, Guid Client)> PipelineAsync()
    {
        var pipeline = await _api.PipelineAsync(new
        {
            name = SalesApi.Unique("Договори"),
            stages = new object[]
            {
                new { code = "new", name = "Нова", probability = 10, requiredAttachments = new[] { "contract-scan" } },
                new { code = "signed", name = "Підписано", probability = 90 },
            },
        });
        return (SalesApi.Id(pipeline), await _api.ClientAsync());
    }

    public static Task<HttpResponseMessage> UploadAsync(HttpClient http, Guid deal, string? kind, string fileName, byte[] content)
    {
        var form = new MultipartFormDataContent();
        if (kind is not null)
        {
            form.Add(new StringContent(kind), "kind");
        }

        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", fileName);
        return http.PostAsync($"/api/deals/{deal}/attachments", form);
    }

    [Fact]
    public async Task A_stage_requiring_a_contract_scan_holds_the_deal_until_one_is_attached_and_the_file_comes_back_as_sent()
    {
        var (pipeline, client) = await PipelineAsync();
        var deal = await _api.DealAsync(_api.Http, new { clientId = client, pipelineId = pipeline, title = "BAS Бухгалтерія" });
        var id = SalesApi.Id(deal);

        var refused = await _api.Http.PostAsJsonAsync($"/api/deals/{id}/move", new { toStage = "signed", version = SalesApi.Version(deal) }, CrmHost.Json);
        var problem = await SalesApi.ReadAsync(refused, HttpStatusCode.Conflict);
        Assert.Equal(["contract-scan"], problem["missing"]!.AsArray().Select(m => m!.GetValue<string>()));

        // Named .txt, but a PDF by its content: it is served as what it is.
        var added = await SalesApi.ReadAsync(await UploadAsync(_api.Http, id, "contract-scan", "скан договору.txt", Pdf), HttpStatusCode.Created);
        Assert.Equal("application/pdf", added["contentType"]!.GetValue<string>());
        Assert.Equal(Pdf.Length, added["size"]!.GetValue<long>());
        var attachment = SalesApi.Id(added);

        var read = await _api.GetDealAsync(id);
        var listed = Assert.Single(read["attachments"]!.AsArray());
        Assert.Equal(("contract-scan", "скан договору.txt"), (listed!["kind"]!.GetValue<string>(), listed["fileName"]!.GetValue<string>()));

        var download = await _api.Http.GetAsync($"/api/deals/{id}/attachments/{attachment}");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("application/pdf", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal(Pdf, await download.Content.ReadAsByteArrayAsync());

        var moved = await SalesApi.ReadAsync(await _api.Http.PostAsJsonAsync($"/api/deals/{id}/move", new { toStage = "signed", version = SalesApi.Version(read) }, CrmHost.Json));
        Assert.Equal("signed", moved["stage"]!.GetValue<string>());

        Assert.Equal(HttpStatusCode.NoContent, (await _api.Http.DeleteAsync($"/api/deals/{id}/attachments/{attachment}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _api.Http.GetAsync($"/api/deals/{id}/attachments/{attachment}")).StatusCode);
        Assert.Empty((await _api.GetDealAsync(id))["attachments"]!.AsArray());

        var audit = _host.Service<AuditLog>();
        Assert.Equal(2, await _host.CountAsync(
            $"SELECT COUNT(*) FROM {audit.Table} WHERE entity = 'deal' AND entity_id = @id AND action IN ('AddAttachment', 'DeleteAttachment')", ("id", id.ToString())));
    }

    [Fact]
    public async Task A_file_too_large_of_a_type_not_accepted_or_without_a_kind_is_a_400_naming_the_field()
    {
        var (pipeline, client) = await PipelineAsync();
        var id = SalesApi.Id(await _api.DealAsync(_api.Http, new { clientId = client, pipelineId = pipeline, title = "ЗУП" }));
        var max = _host.Service<IOptions<AttachmentOptions>>().Value.MaxBytes;

        var large = new byte[max + 1];
        large.AsSpan().Fill((byte)'a');
        var tooLarge = await UploadAsync(_api.Http, id, "proposal", "proposal.txt", large);
        await ApiAssert.AssertFieldErrorsAsync(tooLarge, "file");

        byte[] program = [(byte)'M', (byte)'Z', 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00];
        var renamed = await UploadAsync(_api.Http, id, "proposal", "proposal.pdf", program);
        var problem = await ApiAssert_ErrorCodesAsync(renamed);
        Assert.Equal(["Sales.AttachmentTypeNotAllowed"], problem["file"]!.AsArray().Select(c => c!.GetValue<string>()));

        var plainZip = await UploadAsync(_api.Http, id, "proposal", "proposal.docx", Zip(("readme.txt", "не офіс")));
        await ApiAssert.AssertFieldErrorsAsync(plainZip, "file");

        var noKind = await UploadAsync(_api.Http, id, null, "proposal.pdf", Pdf);
        await ApiAssert.AssertFieldErrorsAsync(noKind, "kind");
        var badKind = await UploadAsync(_api.Http, id, "Договір!", "proposal.pdf", Pdf);
        await ApiAssert.AssertFieldErrorsAsync(badKind, "kind");

        var docx = Zip(("[Content_Types].xml", "<Types/>"), ("word/document.xml", "<w:document/>"));
        var office = await SalesApi.ReadAsync(await UploadAsync(_api.Http, id, "proposal", "Пропозиція.docx", docx), HttpStatusCode.Created);
        Assert.Equal("application/vnd.openxmlformats-officedocument.wordprocessingml.document", office["contentType"]!.GetValue<string>());
        var text = await SalesApi.ReadAsync(await UploadAsync(_api.Http, id, "notes", "нотатки.txt", Encoding.UTF8.GetBytes("Клієнт просить знижку 5%.\r\n")), HttpStatusCode.Created);
        Assert.StartsWith("text/plain", text["contentType"]!.GetValue<string>());
        Assert.Equal(2, (await _api.GetDealAsync(id))["attachments"]!.AsArray().Count);
    }

    [Fact]
    public async Task Only_those_who_change_the_deal_attach_and_remove_files_and_readers_download_them()
    {
        var (pipeline, client) = await PipelineAsync();
        var (owner, _) = await _api.UserAsync(CrmRoles.Manager);
        var (colleague, _) = await _api.UserAsync(CrmRoles.Manager);
        var id = SalesApi.Id(await _api.DealAsync(owner, new { clientId = client, pipelineId = pipeline, title = "Звітність" }));

        var added = await SalesApi.ReadAsync(await UploadAsync(owner, id, "contract-scan", "scan.pdf", Pdf), HttpStatusCode.Created);
        Assert.Equal(HttpStatusCode.Forbidden, (await UploadAsync(colleague, id, "contract-scan", "scan.pdf", Pdf)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await colleague.GetAsync($"/api/deals/{id}/attachments/{SalesApi.Id(added)}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await colleague.DeleteAsync($"/api/deals/{id}/attachments/{SalesApi.Id(added)}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await UploadAsync(owner, Guid.NewGuid(), "contract-scan", "scan.pdf", Pdf)).StatusCode);
        Assert.Single((await _api.GetDealAsync(id))["attachments"]!.AsArray());
    }

    [Fact]
    public async Task In_the_folder_store_a_row_write_that_fails_leaves_neither_row_nor_file_and_a_good_one_keeps_both_until_removed()
    {
        var folder = Path.Combine(Path.GetTempPath(), "orleanscrm-tests", "attachments-" + Guid.NewGuid().ToString("N"));
        var store = new AttachmentStore(_host.Db, _host.Service<AuditLog>(),
            Options.Create(new AttachmentOptions { Store = AttachmentStoreKind.Folder, Folder = folder }), TimeProvider.System, NullLogger<AttachmentStore>.Instance);
        var deal = Guid.NewGuid();
        var db = _host.Db;
        var name = "fail_" + Guid.NewGuid().ToString("N")[..12];
        if (db.IsPostgres)
        {
            await _host.ExecuteAsync($"""
                CREATE FUNCTION sales.{name}() RETURNS trigger AS $$
                BEGIN IF NEW.deal_id = '{deal}' THEN RAISE EXCEPTION 'injected: the write failed'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql
                """);
            await _host.ExecuteAsync($"CREATE TRIGGER {name} BEFORE INSERT ON {db.DealAttachments} FOR EACH ROW EXECUTE FUNCTION sales.{name}()");
        }
        else
        {
            await _host.ExecuteAsync($"""
                CREATE TRIGGER {name} BEFORE INSERT ON {db.DealAttachments} WHEN NEW.deal_id = '{deal}'
                BEGIN SELECT RAISE(ABORT, 'injected: the write failed'); END
                """);
        }

        try
        {
            await Assert.ThrowsAnyAsync<Exception>(() => store.AddAsync(deal, "contract-scan", "scan.pdf", "application/pdf", Pdf, null, CancellationToken.None));
        }
        finally
        {
            await _host.ExecuteAsync($"DROP TRIGGER {name}{(db.IsPostgres ? $" ON {db.DealAttachments}" : "")}");
        }

        try
        {
            Assert.Equal(0, await _host.CountAsync($"SELECT COUNT(*) FROM {db.DealAttachments} WHERE deal_id = @deal", ("deal", db.Id(deal))));
            Assert.Empty(Directory.Exists(folder) ? Directory.GetFiles(folder, "*", SearchOption.AllDirectories) : []);

            var added = await store.AddAsync(deal, "contract-scan", "scan.pdf", "application/pdf", Pdf, null, CancellationToken.None);
            var file = Assert.Single(Directory.GetFiles(folder, "*", SearchOption.AllDirectories));
            Assert.Equal(Pdf, await File.ReadAllBytesAsync(file));
            Assert.Equal(1, await _host.CountAsync($"SELECT COUNT(*) FROM {db.DealAttachments} WHERE deal_id = @deal AND content IS NULL", ("deal", db.Id(deal))));
            Assert.Equal(Pdf, (await store.ReadAsync(deal, added.Id, CancellationToken.None))!.Value.Content);
            Assert.Equal(["contract-scan"], await store.KindsAsync(deal));

            Assert.True(await store.DeleteAsync(deal, added.Id, CancellationToken.None));
            Assert.Empty(Directory.GetFiles(folder, "*", SearchOption.AllDirectories));
            Assert.Empty(await store.ListAsync(deal));
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    public static byte[] Zip(params (string Name, string Text)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, text) in entries)
            {
                using var writer = new StreamWriter(zip.CreateEntry(name).Open());
                writer.Write(text);
            }
        }

        return buffer.ToArray();
    }

    private static async Task<JsonObject> ApiAssert_ErrorCodesAsync(HttpResponseMessage response)
    {
        var problem = await SalesApi.ReadAsync(response, HttpStatusCode.BadRequest);
        return problem["errorCodes"]!.AsObject();
    }
}

[Collection(SqliteHostCollection.Name)]
public sealed class AttachmentTestsOnSqlite(SqliteHostFixture fixture) : AttachmentTests(fixture);

[Collection(PostgresHostCollection.Name)]
public sealed class AttachmentTestsOnPostgres(PostgresHostFixture fixture) : AttachmentTests(fixture);

/// <summary>What a file is, told by its bytes alone.</summary>
public sealed class FileSnifferTests
{
    [Fact]
    public void Each_accepted_type_is_told_by_its_first_bytes_and_anything_else_is_refused()
    {
        Assert.Equal(FileType.Pdf, FileSniffer.Sniff(AttachmentTests.Pdf)?.Type);
        Assert.Equal(FileType.Png, FileSniffer.Sniff([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13])?.Type);
        Assert.Equal(FileType.Jpeg, FileSniffer.Sniff([0xFF, 0xD8, 0xFF, 0xE0, 0, 16])?.Type);
        Assert.Equal(("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            FileSniffer.Sniff(AttachmentTests.Zip(("[Content_Types].xml", "<Types/>"), ("xl/workbook.xml", "<workbook/>")))?.ContentType);
        Assert.Equal("application/vnd.oasis.opendocument.text", FileSniffer.Sniff(AttachmentTests.Zip(("mimetype", "application/vnd.oasis.opendocument.text")))?.ContentType);
        Assert.Equal(FileType.Text, FileSniffer.Sniff(Encoding.UTF8.GetBytes("Рахунок №12\tсплачено\n"))?.Type);

        Assert.Null(FileSniffer.Sniff(AttachmentTests.Zip(("a.txt", "a"))));                  // a zip that is not Office
        Assert.Null(FileSniffer.Sniff("PK\u0003\u0004 broken"u8));                              // starts like a zip, is not one
        Assert.Null(FileSniffer.Sniff([(byte)'M', (byte)'Z', 0x90, 0]));                        // a program
        Assert.Null(FileSniffer.Sniff([0xC3, 0x28, 0x41]));                                     // not UTF-8
        Assert.Null(FileSniffer.Sniff("text with a \u0001 control"u8));
        Assert.Null(FileSniffer.Sniff([]));
    }
}
