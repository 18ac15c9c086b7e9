using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OrleansCrm.Billing.Documents;
using OrleansCrm.Billing.Storage;
using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.BuildingBlocks.Security;
using OrleansCrm.Testing;
using OrleansCrm.Testing.Printing;

namespace OrleansCrm.Billing.Tests.Documents;

/// <summary>Documents through the API on the real host: stored figures, the PDF read back, issue and cancel, roles and input.</summary>
public abstract class DocumentApiTests(HostFixture fixture) : BillingHostTests(fixture)
{
    private static object Lines() => new object[]
    {
        new { service = "Супровід 1С:Бухгалтерія", quantity = 1, unit = "міс.", price = 10_000.00m, vatRate = 20 },
        new { service = "Консультація", quantity = 2.5m, unit = "год", price = 333.33m, vatRate = 20 },
        new { service = "Ліцензія BAS (ПЗ)", quantity = 1, unit = "шт", price = 4_990.00m, vatRate = (int?)null },
    };

    private async Task<DocumentDetails> InvoiceAsync(Guid clientId, bool issue, HttpClient? http = null)
    {
        var response = await (http ?? Http).PostAsJsonAsync("/api/invoices", new { clientId, lines = Lines(), issue }, CrmHost.Json);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var created = Assert.Single((await CrmHost.ReadAsync<InvoicingResult>(response)).Created);
        return await CrmHost.ReadAsync<DocumentDetails>(await Http.GetAsync($"/api/invoices/{created.Id}"));
    }

    [Fact]
    public async Task An_issued_invoice_stores_its_totals_per_VAT_rate_in_kopiykas_and_prints_them()
    {
        var clientId = await ClientAsync("ТОВ «Дніпро Сталь»");
        var invoice = await InvoiceAsync(clientId, issue: true);

        // 10 000,00 + 833,33 (2,5 × 333,33 = 833,325 rounded half away from zero) at 20%; 4 990,00 exempt.
        Assert.Equal(DocumentStatus.Issued, invoice.Status);
        Assert.Matches(@"^РФ-\d{4}-\d{6}$", invoice.Number);
        Assert.Equal([20, null], invoice.Body.Rates.Select(r => r.VatRate));
        Assert.Equal(10_833.33m, invoice.Body.Rates[0].Net);
        Assert.Equal(2_166.67m, invoice.Body.Rates[0].Vat);
        Assert.Equal(4_990.00m, invoice.Body.Rates[1].Gross);
        Assert.Equal(15_823.33m, invoice.Net);
        Assert.Equal(2_166.67m, invoice.Vat);
        Assert.Equal(17_990.00m, invoice.Total);
        Assert.Equal("Сімнадцять тисяч дев'ятсот дев'яносто гривень 00 копійок", invoice.TotalInWords);
        Assert.Equal("ТОВ «Дніпро Сталь»", invoice.Body.Buyer.LegalName);
        Assert.Equal("м. Київ, вул. Хрещатик, 1", invoice.Body.Buyer.Address);

        var db = new BillingDb(new DatabaseOptions { Provider = Host.Provider, ConnectionString = Host.ConnectionString });
        await using var connection = DatabaseConnections.Create(db.Options);
        await connection.OpenAsync();
        await using var command = BillingDb.Command(connection, null, $"SELECT net, vat, total, paid FROM {db.Table("documents")} WHERE id = @id", ("@id", db.Id(invoice.Id)));
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal([1_582_333L, 216_667L, 1_799_000L, 0L], [reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3)]);

        var pdf = await Http.GetAsync($"/api/invoices/{invoice.Id}/pdf");
        Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType?.MediaType);
        var text = PdfText.Words(PdfText.Body(await pdf.Content.ReadAsByteArrayAsync()));
        Assert.Contains($"№ {invoice.Number}", text);
        Assert.Contains("ТОВ «Дніпро Сталь»", text);
        Assert.Contains("17 990,00", text);
        Assert.Contains("2 166,67", text);
        Assert.Contains("Сімнадцять тисяч дев'ятсот дев'яносто гривень 00 копійок", text);
    }

    [Fact]
    public async Task A_draft_has_no_number_until_issued_and_a_stale_version_is_refused()
    {
        var clientId = await ClientAsync("ТОВ «Чернетка»");
        var draft = await InvoiceAsync(clientId, issue: false);
        Assert.Equal(DocumentStatus.Draft, draft.Status);
        Assert.Null(draft.Number);

        var stale = await Http.PostAsJsonAsync($"/api/invoices/{draft.Id}/issue", new { version = draft.Version + 1 });
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);

        var issued = await CrmHost.ReadAsync<DocumentDetails>(await Http.PostAsJsonAsync($"/api/invoices/{draft.Id}/issue", new { version = draft.Version }));
        Assert.Equal(DocumentStatus.Issued, issued.Status);
        Assert.NotNull(issued.Number);
        Assert.Equal(draft.Version + 1, issued.Version);

        var again = await Http.PostAsJsonAsync($"/api/invoices/{draft.Id}/issue", new { version = issued.Version });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task An_issued_invoice_is_cancelled_with_a_reason_and_keeps_its_number()
    {
        var clientId = await ClientAsync("ТОВ «Скасування»");
        var invoice = await InvoiceAsync(clientId, issue: true);

        await ApiAssert.AssertFieldErrorsAsync(await Http.PostAsJsonAsync($"/api/invoices/{invoice.Id}/cancel", new { reason = "" }), "reason");

        var cancelled = await CrmHost.ReadAsync<DocumentDetails>(await Http.PostAsJsonAsync($"/api/invoices/{invoice.Id}/cancel", new { reason = "Помилка в сумі", version = invoice.Version }));
        Assert.Equal(DocumentStatus.Cancelled, cancelled.Status);
        Assert.Equal(invoice.Number, cancelled.Number);
        Assert.Equal("Помилка в сумі", cancelled.CancelReason);
        Assert.Equal(HttpStatusCode.Conflict, (await Http.PostAsJsonAsync($"/api/invoices/{invoice.Id}/cancel", new { reason = "Ще раз" })).StatusCode);

        var audit = JsonNode.Parse(await Http.GetStringAsync($"/api/audit?entity=document&id={invoice.Id}"))!;
        var actions = audit["items"]!.AsArray().Select(e => e!["action"]!.GetValue<string>()).ToList();
        Assert.Equal(["Cancel", "Create", "Issue"], actions.Order());
    }

    [Fact]
    public async Task The_list_filters_searches_sorts_and_pages()
    {
        var clientId = await ClientAsync("ТОВ «Список Документів»");
        var first = await InvoiceAsync(clientId, issue: true);
        var second = await InvoiceAsync(clientId, issue: true);
        await InvoiceAsync(clientId, issue: false);

        var all = await CrmHost.ReadAsync<DocumentPage>(await Http.GetAsync($"/api/invoices?clientId={clientId}&sort=number"));
        Assert.Equal(3, all.Total);
        var issued = await CrmHost.ReadAsync<DocumentPage>(await Http.GetAsync($"/api/invoices?clientId={clientId}&status=Issued&sort=-number&pageSize=1&page=2"));
        Assert.Equal(2, issued.Total);
        Assert.Equal(first.Id, Assert.Single(issued.Items).Id);
        Assert.Equal("ТОВ «Список Документів»", issued.Items[0].ClientName);

        var byName = await CrmHost.ReadAsync<DocumentPage>(await Http.GetAsync("/api/invoices?search=" + Uri.EscapeDataString("список документів")));
        Assert.Equal(3, byName.Total);
        var byNumber = await CrmHost.ReadAsync<DocumentPage>(await Http.GetAsync("/api/invoices?search=" + Uri.EscapeDataString(second.Number!.ToLowerInvariant())));
        Assert.Equal(second.Id, Assert.Single(byNumber.Items).Id);

        await ApiAssert.AssertFieldErrorsAsync(await Http.GetAsync("/api/invoices?period=2026-13&sort=color"), "period", "sort");
    }

    [Fact]
    public async Task Mass_invoicing_makes_one_issued_invoice_per_client_and_lists_the_ones_it_cannot_bill()
    {
        var first = await ClientAsync("ТОВ «Масовий Перший»");
        var second = await ClientAsync("ТОВ «Масовий Другий»");
        var noTaxId = await ClientAsync("ТОВ «Масовий Без Коду»", taxId: null);

        var response = await Http.PostAsJsonAsync("/api/invoices", new { clientIds = new[] { first, noTaxId, second }, lines = Lines() }, CrmHost.Json);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var result = await CrmHost.ReadAsync<InvoicingResult>(response);

        Assert.Equal([first, second], result.Created.Select(c => c.ClientId));
        Assert.All(result.Created, c => Assert.Equal((DocumentStatus.Issued, 17_990.00m), (c.Status, c.Total)));
        Assert.Equal(noTaxId, Assert.Single(result.Failed).ClientId);
        Assert.Contains("ТОВ «Масовий Без Коду»", result.Failed[0].Reason);
        Assert.Equal(0, (await CrmHost.ReadAsync<DocumentPage>(await Http.GetAsync($"/api/invoices?clientId={noTaxId}"))).Total);
    }

    [Fact]
    public async Task Unbilled_work_is_marked_invoiced_in_the_invoice_s_transaction_and_only_once()
    {
        var clientId = await ClientAsync("ТОВ «Невиставлене»");
        var other = await ClientAsync("ТОВ «Інший»");
        var db = new BillingDb(new DatabaseOptions { Provider = Host.Provider, ConnectionString = Host.ConnectionString });
        var mine = await UnbilledAsync(db, clientId);
        var theirs = await UnbilledAsync(db, other);

        var refused = await Http.PostAsJsonAsync("/api/invoices", new { clientId, lines = Lines(), unbilledItemIds = new[] { mine, theirs } }, CrmHost.Json);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal(0, (await CrmHost.ReadAsync<DocumentPage>(await Http.GetAsync($"/api/invoices?clientId={clientId}"))).Total); // nothing half-made

        var made = await CrmHost.ReadAsync<InvoicingResult>(await Http.PostAsJsonAsync("/api/invoices", new { clientId, lines = Lines(), unbilledItemIds = new[] { mine } }, CrmHost.Json));
        Assert.Equal(Assert.Single(made.Created).Id, await InvoiceOfAsync(db, mine));
        Assert.Null(await InvoiceOfAsync(db, theirs));
        Assert.Equal(HttpStatusCode.Conflict, (await Http.PostAsJsonAsync("/api/invoices", new { clientId, lines = Lines(), unbilledItemIds = new[] { mine } }, CrmHost.Json)).StatusCode);
    }

    private static async Task<Guid> UnbilledAsync(BillingDb db, Guid clientId)
    {
        var id = Guid.NewGuid();
        await using var connection = DatabaseConnections.Create(db.Options);
        await connection.OpenAsync();
        await using var command = BillingDb.Command(connection, null,
            $"INSERT INTO {db.Table("unbilled_items")} (id, source, source_key, client_id, description, quantity, unit, found_at) VALUES (@id, 0, @key, @client, 'Платна заявка', 1, 'год', @at)",
            ("@id", db.Id(id)), ("@key", id.ToString()), ("@client", db.Id(clientId)), ("@at", db.Moment(DateTimeOffset.UtcNow)));
        await command.ExecuteNonQueryAsync();
        return id;
    }

    private static async Task<Guid?> InvoiceOfAsync(BillingDb db, Guid itemId)
    {
        await using var connection = DatabaseConnections.Create(db.Options);
        await connection.OpenAsync();
        await using var command = BillingDb.Command(connection, null, $"SELECT invoice_id FROM {db.Table("unbilled_items")} WHERE id = @id", ("@id", db.Id(itemId)));
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return BillingDb.ReadNullableId(reader, 0);
    }

    [Fact]
    public async Task Bad_lines_are_400s_naming_each_field()
    {
        var clientId = await ClientAsync("ТОВ «Погані Рядки»");
        var response = await Http.PostAsJsonAsync("/api/invoices", new
        {
            clientId,
            lines = new object[] { new { service = "", quantity = 0, unit = "год", price = -1m, vatRate = 15 } },
        }, CrmHost.Json);
        await ApiAssert.AssertFieldErrorsAsync(response, "lines[0].service", "lines[0].quantity", "lines[0].price", "lines[0].vatRate");

        await ApiAssert.AssertFieldErrorsAsync(await Http.PostAsJsonAsync("/api/invoices", new { lines = Lines() }, CrmHost.Json), "clientId");
        await ApiAssert.AssertFieldErrorsAsync(await Http.GetAsync("/api/billing/runs/preview?period=12-2026"), "period");
    }

    [Fact]
    public async Task Money_data_is_refused_to_roles_without_it_and_a_manager_sees_only_their_own_clients()
    {
        var userName = "billing-manager";
        using var ownManager = await Host.HttpAsync(userName, [CrmRoles.Manager]);
        using var admin = await Host.HttpAsync("admin", [CrmRoles.Admin]);
        var users = await CrmHost.ReadAsync<List<OrleansCrm.Identity.Contracts.UserDetails>>(await admin.GetAsync("/api/users"));
        var managerId = Guid.Parse(users.Single(u => u.UserName == userName).Id);
        var mine = await ClientAsync("ТОВ «Мій Клієнт»", managerId: managerId);
        var theirs = await ClientAsync("ТОВ «Чужий Клієнт»", managerId: Guid.NewGuid());
        var myInvoice = await InvoiceAsync(mine, issue: true, ownManager);
        var theirInvoice = await InvoiceAsync(theirs, issue: true);

        Assert.Equal(HttpStatusCode.OK, (await ownManager.GetAsync($"/api/invoices/{myInvoice.Id}/pdf")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await ownManager.GetAsync($"/api/invoices/{theirInvoice.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await ownManager.PostAsJsonAsync($"/api/invoices/{theirInvoice.Id}/cancel", new { reason = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await ownManager.PostAsJsonAsync("/api/invoices", new { clientId = theirs, lines = Lines() }, CrmHost.Json)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await ownManager.GetAsync("/api/billing/runs/preview?period=2026-12")).StatusCode);
        var list = await CrmHost.ReadAsync<DocumentPage>(await ownManager.GetAsync("/api/invoices?pageSize=200"));
        Assert.All(list.Items, item => Assert.Equal(mine, item.ClientId));
        Assert.Contains(list.Items, item => item.Id == myInvoice.Id);

        foreach (var role in new[] { CrmRoles.Dispatcher, CrmRoles.Specialist, CrmRoles.Methodologist, CrmRoles.Admin })
        {
            using var http = Host.Http(role);
            Assert.Equal(HttpStatusCode.Forbidden, (await http.GetAsync("/api/invoices")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await http.GetAsync($"/api/invoices/{myInvoice.Id}/pdf")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await http.PostAsJsonAsync("/api/billing/runs", new { period = "2026-12" })).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await http.PostAsync($"/api/clients/{mine}/package", null)).StatusCode);
        }
    }
}

[Collection(SqliteBillingHost.Name)]
public sealed class SqliteDocumentApiTests(SqliteHostFixture fixture) : DocumentApiTests(fixture);

[Collection(PostgresBillingHost.Name)]
public sealed class PostgresDocumentApiTests(PostgresHostFixture fixture) : DocumentApiTests(fixture);
