using System.Data.Common;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OrleansCrm.Agreements.Contracts;
using OrleansCrm.Billing.Documents;
using OrleansCrm.Billing.Unbilled;
using OrleansCrm.Billing.Unbilled.InvoiceUnbilled;
using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.BuildingBlocks.Security;
using OrleansCrm.Testing;
using static OrleansCrm.Testing.ApiAssert;

namespace OrleansCrm.Billing.Tests.Unbilled;

/// <summary>
/// "Invoice selected" through the API on the real host: items stored as the sync stores them, the client's contract
/// made and activated through Agreements' API, the draft lines priced from it, one draft invoice per request, each item
/// invoiced once (the database's key on the item), and a retried request answering the same invoice.
/// </summary>
public abstract class InvoiceUnbilledTests(HostFixture fixture) : BillingHostTests(fixture)
{
    [Fact]
    public async Task Selected_items_of_one_client_become_one_draft_invoice_priced_from_the_contract_and_a_retry_makes_nothing_twice()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var clientId = await ClientAsync($"ТОВ «Роботи {tag}»");
        var (contractId, contractNumber) = await ContractAsync(clientId, extraHourRate: 600m);
        var (logged, unlogged, hours) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        await StoreAsync(
            Ticket(logged, clientId, 1.5m, UnbilledWork.HourUnit),
            Ticket(unlogged, clientId, 1m, UnbilledWork.ServiceUnit),
            new UnbilledCandidate(UnbilledSource.HoursOver, UnbilledWork.KeyOf(contractId, new DateOnly(2026, 11, 1)), clientId, contractId, null,
                new DateOnly(2026, 11, 1), $"Роботи понад включені години {tag}", 2m, UnbilledWork.HourUnit, 750m));
        var items = (await ListAsync(clientId)).Items;
        var ids = new[] { ItemOf(items, logged), ItemOf(items, unlogged), items.Single(i => i.Source == UnbilledSource.HoursOver).Id };

        var draft = await CrmHost.ReadAsync<UnbilledInvoiceDraft>(await Http.GetAsync($"/api/billing/unbilled/invoice-draft?{string.Join("&", ids.Select(id => $"itemIds={id}"))}"));
        Assert.Equal((clientId, contractId, contractNumber, false), (draft.ClientId, draft.ContractId!.Value, draft.ContractNumber, draft.PricesIncludeVat));
        Assert.Equal(ids, draft.Lines.Select(l => l.ItemId));
        // A ticket: one service at the extra-hour rate times its logged hours (or once); hours over: the hours at the item's rate.
        Assert.Equal((1m, "послуга", 900m, (int?)20), Of(draft.Lines[0]));
        Assert.Equal((1m, "послуга", 600m, (int?)20), Of(draft.Lines[1]));
        Assert.Equal((2m, "год", 750m, (int?)20), Of(draft.Lines[2]));

        // Quantity and price edited in the dialog.
        var lines = draft.Lines.ToArray();
        lines[1] = lines[1] with { Quantity = 2m, Price = 650m };
        var key = "invoice-" + tag;
        var first = await InvoiceAsync(lines, key);
        Assert.True(first.StatusCode == HttpStatusCode.Created, await first.Content.ReadAsStringAsync());
        var created = await CrmHost.ReadAsync<CreatedDocument>(first);
        Assert.Equal((clientId, DocumentStatus.Draft, (string?)null, 4_440m), (created.ClientId, created.Status, created.Number, created.Total)); // (900 + 1300 + 1500) + 20 %
        var invoice = await CrmHost.ReadAsync<StoredDocument>(await Http.GetAsync($"/api/invoices/{created.Id}"));
        Assert.Equal((DocumentKind.Invoice, contractId, 3), (invoice.Kind, invoice.ContractId!.Value, invoice.Body.Lines.Count));

        // Every item invoiced on that invoice, each linked to its own line.
        Assert.All((await ListAsync(clientId)).Items, i => Assert.Equal((UnbilledStatus.Invoiced, created.Id), (i.Status, i.InvoiceId!.Value)));
        for (var line = 0; line < ids.Length; line++)
        {
            Assert.Equal(1L, await ScalarAsync($"SELECT COUNT(*) FROM {Table("unbilled_invoice_lines")} WHERE item_id = @item AND invoice_id = @invoice AND line_no = {line}",
                ("@item", ids[line]), ("@invoice", created.Id)));
        }

        // The same request again (a retry after a lost answer) answers the same invoice and makes nothing.
        var retried = await InvoiceAsync(lines, key);
        Assert.Equal(HttpStatusCode.Created, retried.StatusCode);
        Assert.Equal(created.Id, (await CrmHost.ReadAsync<CreatedDocument>(retried)).Id);
        Assert.Equal(1, (await CrmHost.ReadAsync<DocumentPage>(await Http.GetAsync($"/api/invoices?clientId={clientId}"))).Total);

        // Another request for the same items is refused: an item is invoiced once.
        Assert.Equal(HttpStatusCode.Conflict, (await InvoiceAsync(lines, "other-" + tag)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await Http.GetAsync($"/api/billing/unbilled/invoice-draft?itemIds={ids[0]}")).StatusCode);

        using var director = Host.Http(CrmRoles.Director);
        var audit = JsonNode.Parse(await director.GetStringAsync($"/api/audit?entity=unbilled-item&id={ids[2]}"))!;
        var entry = Assert.Single(audit["items"]!.AsArray(), e => (string?)e!["action"] == "Invoice")!;
        Assert.Contains(entry["changes"]!.AsArray(), c => (string?)c!["to"] == created.Id.ToString());
    }

    [Fact]
    public async Task Items_of_several_clients_are_refused_with_a_message_and_nothing_is_invoiced()
    {
        var first = await ClientAsync("ТОВ «Перший " + Guid.NewGuid().ToString("N")[..6] + "»");
        var second = await ClientAsync("ТОВ «Другий " + Guid.NewGuid().ToString("N")[..6] + "»");
        var (a, b) = (Guid.NewGuid(), Guid.NewGuid());
        await StoreAsync(Ticket(a, first, 1m, UnbilledWork.ServiceUnit), Ticket(b, second, 2m, UnbilledWork.HourUnit));
        var ids = new[] { ItemOf((await ListAsync(first)).Items, a), ItemOf((await ListAsync(second)).Items, b) };

        var draft = await Http.GetAsync($"/api/billing/unbilled/invoice-draft?itemIds={ids[0]}&itemIds={ids[1]}");
        await AssertFieldErrorsAsync(draft, "itemIds");
        var invoiced = await InvoiceAsync(ids.Select(id => new UnbilledInvoiceLine(id, "Роботи", 1m, "послуга", 100m, 20)).ToArray(), null);
        var text = await invoiced.Content.ReadAsStringAsync();
        await AssertFieldErrorsAsync(invoiced, "lines");
        Assert.Contains("2", JsonNode.Parse(text)!["errors"]!["lines"]![0]!.GetValue<string>());

        var after = (await ListAsync(first)).Items.Concat((await ListAsync(second)).Items).ToList();
        Assert.All(ids, id => Assert.Equal(UnbilledStatus.Open, after.Single(i => i.Id == id).Status));
        Assert.Equal(0, (await CrmHost.ReadAsync<DocumentPage>(await Http.GetAsync($"/api/invoices?clientId={first}"))).Total);
    }

    [Fact]
    public async Task Each_line_is_checked_field_by_field()
    {
        var clientId = await ClientAsync("ТОВ «Поля " + Guid.NewGuid().ToString("N")[..6] + "»");
        var (a, b) = (Guid.NewGuid(), Guid.NewGuid());
        await StoreAsync(Ticket(a, clientId, 1m, UnbilledWork.ServiceUnit), Ticket(b, clientId, 1m, UnbilledWork.ServiceUnit));
        var items = (await ListAsync(clientId)).Items;

        await AssertFieldErrorsAsync(await InvoiceAsync(
            [
                new UnbilledInvoiceLine(ItemOf(items, a), "Роботи", 1m, "послуга", -5m, 20),
                new UnbilledInvoiceLine(ItemOf(items, b), "Роботи", 0m, "послуга", 100m, 13),
            ], null), "lines[0].price", "lines[1].quantity", "lines[1].vatRate");
        await AssertFieldErrorsAsync(await InvoiceAsync([], null), "lines");
        await AssertFieldErrorsAsync(await Http.GetAsync("/api/billing/unbilled/invoice-draft"), "itemIds");
        Assert.Equal(HttpStatusCode.NotFound, (await Http.GetAsync($"/api/billing/unbilled/invoice-draft?itemIds={Guid.NewGuid()}")).StatusCode);
        Assert.All((await ListAsync(clientId)).Items, i => Assert.Equal(UnbilledStatus.Open, i.Status));
    }

    [Fact]
    public async Task Two_requests_for_one_item_at_once_make_one_invoice_and_the_database_refuses_a_second_link()
    {
        var clientId = await ClientAsync("ТОВ «Разом " + Guid.NewGuid().ToString("N")[..6] + "»");
        var ticket = Guid.NewGuid();
        await StoreAsync(Ticket(ticket, clientId, 1m, UnbilledWork.ServiceUnit));
        var item = ItemOf((await ListAsync(clientId)).Items, ticket);
        UnbilledInvoiceLine[] lines = [new(item, "Роботи", 1m, "послуга", 500m, 20)];

        var answers = await Task.WhenAll(InvoiceAsync(lines, "a-" + item), InvoiceAsync(lines, "b-" + item));
        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Conflict], answers.Select(a => a.StatusCode).Order());
        Assert.Equal(1, (await CrmHost.ReadAsync<DocumentPage>(await Http.GetAsync($"/api/invoices?clientId={clientId}"))).Total);

        // Whatever path tried it, the link's key is the item.
        var invoice = (await CrmHost.ReadAsync<DocumentPage>(await Http.GetAsync($"/api/invoices?clientId={clientId}"))).Items[0].Id;
        var refused = await Assert.ThrowsAnyAsync<DbException>(() => ScalarAsync(
            $"INSERT INTO {Table("unbilled_invoice_lines")} (item_id, invoice_id, line_no) VALUES (@item, @invoice, 7)", ("@item", item), ("@invoice", invoice)));
        Assert.True(ModuleDb.IsUniqueViolation(refused), refused.Message);
    }

    [Theory]
    [InlineData(CrmRoles.Manager)]
    [InlineData(CrmRoles.Dispatcher)]
    [InlineData(CrmRoles.Admin)]
    public async Task Only_the_director_and_the_head_of_sales_invoice_unbilled_work(string role)
    {
        using var http = Host.Http(role);
        Assert.Equal(HttpStatusCode.Forbidden, (await http.GetAsync($"/api/billing/unbilled/invoice-draft?itemIds={Guid.NewGuid()}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await http.PostAsJsonAsync("/api/billing/unbilled/invoice",
            new { lines = new[] { new UnbilledInvoiceLine(Guid.NewGuid(), "Роботи", 1m, "послуга", 1m, 20) } }, CrmHost.Json)).StatusCode);
    }

    [Fact]
    public void The_contract_in_force_prices_a_ticket_and_no_contract_leaves_the_price_to_a_person()
    {
        var today = new DateOnly(2026, 12, 6);
        var client = Guid.NewGuid();
        var ended = Contract(client, 1000m) with { EndsOn = new DateOnly(2026, 11, 30) };
        var oneOff = Contract(client, 0m, ContractKind.OneOff) with { Terms = Contract(client, 0m).Terms with { ExtraHourRate = 0, IncludedHours = 0 } };
        var support = Contract(client, 5000m, vatRate: 7);
        var item = new UnbilledItem(Guid.NewGuid(), UnbilledSource.Ticket, client, null, Guid.NewGuid(), null, "Роботи", 2.5m, "год", null,
            DateTimeOffset.UtcNow, UnbilledStatus.Open, null, null, null, null);

        Assert.Equal(support, UnbilledPricing.InForce([ended, oneOff, support], today));
        Assert.Equal((1m, "послуга", 2_000m, (int?)7), Of(UnbilledPricing.Line(item, support, [support]))); // 800 × 2.5
        Assert.Null(UnbilledPricing.InForce([ended], today));
        Assert.Equal((1m, "послуга", 0m, (int?)20), Of(UnbilledPricing.Line(item, null, [])));
    }

    private static (decimal, string, decimal, int?) Of(UnbilledInvoiceLine line) => (line.Quantity, line.Unit, line.Price, line.VatRate);

    private static Guid ItemOf(IReadOnlyList<UnbilledItem> items, Guid ticket) => items.Single(i => i.TicketId == ticket).Id;

    private static UnbilledCandidate Ticket(Guid ticket, Guid client, decimal quantity, string unit) =>
        new(UnbilledSource.Ticket, ticket.ToString(), client, null, ticket, null, $"Роботи за зверненням {ticket.ToString()[..8]}", quantity, unit, null);

    private Task StoreAsync(params UnbilledCandidate[] candidates) =>
        Service<UnbilledStore>().UpsertAsync(candidates, DateTimeOffset.UtcNow, null, CancellationToken.None);

    private async Task<UnbilledPage> ListAsync(Guid clientId) =>
        await CrmHost.ReadAsync<UnbilledPage>(await Http.GetAsync($"/api/billing/unbilled?clientId={clientId}&pageSize=200"));

    private Task<HttpResponseMessage> InvoiceAsync(UnbilledInvoiceLine[] lines, string? key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/billing/unbilled/invoice") { Content = JsonContent.Create(new { lines }, options: CrmHost.Json) };
        if (key is not null)
        {
            request.Headers.Add(UnbilledEndpoints.IdempotencyHeader, key);
        }

        return Http.SendAsync(request);
    }

    private async Task<(Guid Id, string Number)> ContractAsync(Guid clientId, decimal extraHourRate)
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var created = await Http.PostAsJsonAsync("/api/contracts", new
        {
            clientId, kind = "Support", startsOn = today.AddMonths(-2).ToString("yyyy-MM-dd"), endsOn = today.AddYears(1).ToString("yyyy-MM-dd"), autoRenew = false,
            monthlyFee = 3_000m, includedHours = 4, vatRate = 20, extraHourRate, lines = Array.Empty<object>(),
        }, CrmHost.Json);
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        var contract = JsonNode.Parse(await created.Content.ReadAsStringAsync())!;
        var id = Guid.Parse(contract["id"]!.GetValue<string>());
        var activated = await Http.PostAsync($"/api/contracts/{id}/activate", null);
        Assert.True(activated.IsSuccessStatusCode, await activated.Content.ReadAsStringAsync());
        return (id, contract["number"]!.GetValue<string>());
    }

    private string Table(string name) => new ModuleTables(Fixture.Provider, "billing").Sql(name);

    private async Task<long> ScalarAsync(string sql, params (string Name, Guid Value)[] parameters)
    {
        var options = Fixture.Database.Options;
        await using var connection = DatabaseConnections.Create(options);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.AddParameter(name, options.DbId(value));
        }

        return Convert.ToInt64(await command.ExecuteScalarAsync() ?? 0L, System.Globalization.CultureInfo.InvariantCulture);
    }
}

[Collection(SqliteBillingHost.Name)]
public sealed class SqliteInvoiceUnbilledTests(SqliteHostFixture fixture) : InvoiceUnbilledTests(fixture);

[Collection(PostgresBillingHost.Name)]
public sealed class PostgresInvoiceUnbilledTests(PostgresHostFixture fixture) : InvoiceUnbilledTests(fixture);
