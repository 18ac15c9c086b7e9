using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using OrleansCrm.Agreements.Contracts;
using OrleansCrm.Agreements.Jobs;
using OrleansCrm.BuildingBlocks.Jobs;
using OrleansCrm.BuildingBlocks.Security;
using OrleansCrm.Clients.Contracts;
using OrleansCrm.Testing;
using static OrleansCrm.Testing.ApiAssert;

namespace OrleansCrm.Agreements.Tests.Api;

/// <summary>
/// The contracts API over the real host, on each database. Every test makes its own clients and contracts; the daily job's
/// test runs it for chosen days and looks only at its own contracts.
/// </summary>
public abstract class ContractsApiTests(HostFixture fixture)
{
    private readonly HttpClient _http = fixture.Http;
    private static readonly DateOnly Today = DateOnly.FromDateTime(DateTime.UtcNow);

    [Fact]
    public async Task Create_is_a_numbered_draft_and_activation_is_idempotent()
    {
        var client = await ClientAsync();
        var response = await _http.PostAsJsonAsync("/api/contracts", Contract(client, Today.AddDays(-10), Today.AddYears(1)), CrmHost.Json);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("Draft", json["status"]!.GetValue<string>());
        Assert.Equal("Support", json["kind"]!.GetValue<string>());
        Assert.Equal(1, json["version"]!.GetValue<int>());
        Assert.Matches(@"^Д-\d{4}-\d{4}$", json["number"]!.GetValue<string>());
        var id = json["id"]!.GetValue<Guid>();

        var active = await ReadAsync(await _http.PostAsync($"/api/contracts/{id}/activate", null));
        Assert.Equal(ContractStatus.Active, active.Status);
        var again = await ReadAsync(await _http.PostAsync($"/api/contracts/{id}/activate", null));
        Assert.Equal(active.Version, again.Version);

        var page = JsonNode.Parse(await _http.GetStringAsync($"/api/contracts?clientId={client}&status=Active"))!;
        Assert.Equal(1, page["total"]!.GetValue<int>());
        Assert.Equal(id, page["items"]![0]!["id"]!.GetValue<Guid>());
        Assert.Equal(5000m, page["items"]![0]!["monthlyFee"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task Retried_create_with_its_key_is_the_same_contract()
    {
        var client = await ClientAsync();
        var key = Guid.NewGuid().ToString();
        var first = await ReadAsync(await PostWithKeyAsync(Contract(client, Today, Today.AddYears(1)), key));
        var second = await ReadAsync(await PostWithKeyAsync(Contract(client, Today, Today.AddYears(1)), key));
        Assert.Equal(first.Id, second.Id);
        Assert.Equal(first.Number, second.Number);
        Assert.Equal(1, second.Version);
    }

    [Fact]
    public async Task An_amendment_changes_the_billed_fee_from_its_date()
    {
        var client = await ClientAsync();
        var starts = new DateOnly(Today.Year, 1, 1);
        var contract = await CreateActiveAsync(client, starts, starts.AddYears(2).AddDays(-1));
        var effective = new DateOnly(Today.Year + 1, 3, 1);
        var amended = await ReadAsync(await _http.PostAsJsonAsync($"/api/contracts/{contract.Id}/amendments",
            new { effectiveFrom = effective, monthlyFee = 9000m, includedHours = 12m, text = "Додаткова угода № 1: нова абонентська плата" }, CrmHost.Json));
        Assert.Equal(2, amended.Terms.Count);
        Assert.Equal(5000m, amended.TermsOn(effective.AddDays(-1)).MonthlyFee);
        Assert.Equal(9000m, amended.TermsOn(effective).MonthlyFee);

        var mediator = fixture.Host.HostServices.GetRequiredService<IMediator>();
        var before = (await mediator.Send(new ListBillableContracts(effective.AddMonths(-1)))).Single(c => c.ContractId == contract.Id);
        var after = (await mediator.Send(new ListBillableContracts(effective))).Single(c => c.ContractId == contract.Id);
        Assert.Equal(5000m, before.Terms.MonthlyFee);
        Assert.Equal(9000m, after.Terms.MonthlyFee);
        Assert.Equal(12m, after.Terms.IncludedHours);
        Assert.Equal(20, after.Terms.VatRate);

        // Before its start and after its end the contract is not billed; a draft never is.
        Assert.DoesNotContain(await mediator.Send(new ListBillableContracts(starts.AddMonths(-1))), c => c.ContractId == contract.Id);
        Assert.DoesNotContain(await mediator.Send(new ListBillableContracts(starts.AddYears(2))), c => c.ContractId == contract.Id);
        var draft = await ReadAsync(await _http.PostAsJsonAsync("/api/contracts", Contract(client, starts, starts.AddYears(1)), CrmHost.Json));
        Assert.DoesNotContain(await mediator.Send(new ListBillableContracts(starts)), c => c.ContractId == draft.Id);
        Assert.Contains(await mediator.Send(new ListClientContracts(client)), c => c.ContractId == contract.Id);

        var outside = await _http.PostAsJsonAsync($"/api/contracts/{contract.Id}/amendments",
            new { effectiveFrom = starts.AddYears(3), monthlyFee = 1m, includedHours = 1m, text = "поза строком" }, CrmHost.Json);
        await AssertFieldErrorsAsync(outside, "effectiveFrom");
    }

    [Fact]
    public async Task Support_ends_with_the_last_contract_and_returns_with_a_new_one()
    {
        var client = await ClientAsync();
        var first = await CreateActiveAsync(client, Today.AddMonths(-6), Today.AddMonths(6));
        Assert.Equal(HttpStatusCode.Created, (await OpenTicketAsync(client)).StatusCode);

        var terminated = await ReadAsync(await _http.PostAsJsonAsync($"/api/contracts/{first.Id}/terminate", new { reason = "Клієнт відмовився", on = Today }, CrmHost.Json));
        Assert.Equal(ContractStatus.Terminated, terminated.Status);
        await EventuallyAsync(() => SupportOfAsync(client), s => s == SupportStatus.Terminated);
        var refused = await OpenTicketAsync(client);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);

        await CreateActiveAsync(client, Today, Today.AddYears(1));
        await EventuallyAsync(() => SupportOfAsync(client), s => s == SupportStatus.Active);
        Assert.Equal(HttpStatusCode.Created, (await OpenTicketAsync(client)).StatusCode);
    }

    [Fact]
    public async Task A_client_without_contracts_keeps_its_status_and_a_one_off_contract_does_not_decide_it()
    {
        var client = await ClientAsync();
        var oneOff = await ReadAsync(await _http.PostAsJsonAsync("/api/contracts",
            Contract(client, Today, Today.AddMonths(1), kind: "OneOff"), CrmHost.Json));
        await _http.PostAsync($"/api/contracts/{oneOff.Id}/activate", null);
        await _http.PostAsJsonAsync($"/api/contracts/{oneOff.Id}/terminate", new { reason = "виконано" }, CrmHost.Json);
        Assert.Equal(SupportStatus.Active, await SupportOfAsync(client));
    }

    [Fact]
    public async Task The_daily_job_expires_renews_and_reminds_once()
    {
        var client = await ClientAsync();
        var expiring = await CreateActiveAsync(client, Today.AddMonths(-3), Today);
        var renewing = await CreateActiveAsync(client, Today.AddMonths(-3), Today, autoRenew: true);
        var ending = await CreateActiveAsync(client, Today.AddMonths(-3), Today.AddDays(20));
        var job = fixture.Host.HostServices.GetServices<IRecurringJob>().OfType<AgreementsDailyJob>().Single();

        var tomorrow = Today.AddDays(1);
        var first = await job.RunOnAsync(tomorrow, CancellationToken.None);
        Assert.True(first.Expired >= 1 && first.Renewed >= 1 && first.Reminded >= 1, first.ToString());
        var expired = await GetAsync(expiring.Id);
        var renewed = await GetAsync(renewing.Id);
        var reminded = await GetAsync(ending.Id);
        Assert.Equal(ContractStatus.Expired, expired.Status);
        Assert.Equal(ContractStatus.Active, renewed.Status);
        Assert.Equal(1, renewed.Renewals);
        Assert.True(renewed.EndsOn > tomorrow);
        Assert.Equal(ContractStatus.Active, reminded.Status);

        var second = await job.RunOnAsync(tomorrow, CancellationToken.None);
        Assert.Equal(new DailyOutcome(0, 0, 0, 0), second);
        Assert.Equal(expired.Version, (await GetAsync(expiring.Id)).Version);
        Assert.Equal(renewed.Version, (await GetAsync(renewing.Id)).Version);
        Assert.Equal(reminded.Version, (await GetAsync(ending.Id)).Version);

        // One of the client's support contracts expired, the others run on: its support stays Active.
        Assert.Equal(SupportStatus.Active, await SupportOfAsync(client));
    }

    [Fact]
    public async Task Documents_print_with_requisites_and_name_what_is_missing()
    {
        var client = await ClientAsync(taxId: "32855961");
        var full = await ReadAsync(await _http.PostAsJsonAsync("/api/contracts", Contract(client, Today, Today.AddYears(1), requisites: true), CrmHost.Json));
        var docx = await _http.GetAsync($"/api/contracts/{full.Id}/document?format=docx");
        Assert.Equal(HttpStatusCode.OK, docx.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.wordprocessingml.document", docx.Content.Headers.ContentType?.MediaType);
        var pdf = await _http.GetAsync($"/api/contracts/{full.Id}/document?format=pdf");
        Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
        var text = OrleansCrm.Testing.Printing.PdfText.Body(await pdf.Content.ReadAsByteArrayAsync());
        Assert.Contains(full.Number, text);
        Assert.Contains("32855961", text);

        var bare = await ReadAsync(await _http.PostAsJsonAsync("/api/contracts", Contract(client, Today, Today.AddYears(1)), CrmHost.Json));
        var refused = await _http.GetAsync($"/api/contracts/{bare.Id}/document?format=pdf");
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var problem = await refused.Content.ReadAsStringAsync();
        Assert.True(problem.Contains("{client.signatory}"), problem);

        await AssertFieldErrorsAsync(await _http.GetAsync($"/api/contracts/{full.Id}/document?format=odt"), "format");
    }

    [Fact]
    public async Task Bad_input_is_400_naming_each_field()
    {
        await AssertFieldErrorsAsync(await _http.PostAsJsonAsync("/api/contracts", new { }, CrmHost.Json), "clientId", "kind", "startsOn", "endsOn");
        var client = await ClientAsync();
        await AssertFieldErrorsAsync(await _http.PostAsJsonAsync("/api/contracts", new
        {
            clientId = client, kind = "Support", startsOn = Today, endsOn = Today.AddDays(-1), monthlyFee = -1m, vatRate = 15, clientIban = "UA12",
        }, CrmHost.Json), "endsOn", "monthlyFee", "vatRate", "clientIban");
        await AssertFieldErrorsAsync(await _http.PostAsJsonAsync("/api/contracts", new
        {
            clientId = Guid.NewGuid(), kind = "Support", startsOn = Today, endsOn = Today.AddYears(1), monthlyFee = 100m,
        }, CrmHost.Json), "clientId");
        await AssertFieldErrorsAsync(await _http.PostAsJsonAsync("/api/contracts", new
        {
            clientId = client, kind = "Support", startsOn = Today, endsOn = Today.AddYears(1), monthlyFee = 100m, ownText = "# Договір\n## Предмет\n{client.nickname}",
        }, CrmHost.Json), "ownText");

        var contract = await CreateActiveAsync(client, Today, Today.AddYears(1));
        await AssertFieldErrorsAsync(await _http.PostAsJsonAsync($"/api/contracts/{contract.Id}/terminate", new { }, CrmHost.Json), "reason");
        await AssertFieldErrorsAsync(await _http.PostAsJsonAsync($"/api/contracts/{contract.Id}/amendments", new { }, CrmHost.Json),
            "effectiveFrom", "monthlyFee", "includedHours", "text");
        await AssertFieldErrorsAsync(await _http.GetAsync("/api/contracts?sort=color"), "sort");
        Assert.Equal(HttpStatusCode.NotFound, (await _http.PostAsync($"/api/contracts/{Guid.NewGuid()}/activate", null)).StatusCode);
    }

    [Fact]
    public async Task Roles_decide_who_sees_contracts_and_templates()
    {
        var client = await ClientAsync();
        var contract = await CreateActiveAsync(client, Today, Today.AddYears(1));
        foreach (var role in new[] { CrmRoles.Dispatcher, CrmRoles.Specialist, CrmRoles.Methodologist, CrmRoles.Admin })
        {
            using var http = fixture.Host.Http(role);
            Assert.Equal(HttpStatusCode.Forbidden, (await http.GetAsync("/api/contracts")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await http.GetAsync($"/api/contracts/{contract.Id}/document")).StatusCode);
        }

        using (var manager = fixture.Host.Http(CrmRoles.Manager))
        {
            // Not their client (it has no manager): refused; creating is for Director and SalesHead.
            Assert.Equal(HttpStatusCode.Forbidden, (await manager.GetAsync($"/api/contracts/{contract.Id}")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await manager.GetAsync($"/api/contracts?clientId={client}")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await manager.GetAsync("/api/contracts")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await manager.PostAsJsonAsync("/api/contracts", Contract(client, Today, Today.AddYears(1)), CrmHost.Json)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await manager.GetAsync("/api/contract-templates")).StatusCode);
        }

        using (var salesHead = fixture.Host.Http(CrmRoles.SalesHead))
        {
            Assert.Equal(HttpStatusCode.OK, (await salesHead.GetAsync($"/api/contracts/{contract.Id}")).StatusCode);
        }

        using var admin = fixture.Host.Http(CrmRoles.Admin);
        var templates = JsonNode.Parse(await admin.GetStringAsync("/api/contract-templates"))!.AsArray();
        Assert.True(templates.Count >= 5);
        var created = await admin.PostAsJsonAsync("/api/contract-templates",
            new { name = "Тест " + Guid.NewGuid().ToString("N")[..6], kind = "Support", body = "# ДОГОВІР № {contract.number}\n## Предмет\nПослуги: {contract.services}." }, CrmHost.Json);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var template = JsonNode.Parse(await created.Content.ReadAsStringAsync())!;
        var edited = await admin.PutAsJsonAsync($"/api/contract-templates/{template["id"]!.GetValue<Guid>()}",
            new { name = "Змінений", kind = "Support", body = "# ДОГОВІР № {contract.number}\n## Предмет\nЗмінено.", version = 1 }, CrmHost.Json);
        Assert.Equal(2, JsonNode.Parse(await edited.Content.ReadAsStringAsync())!["version"]!.GetValue<int>());
        var stale = await admin.PutAsJsonAsync($"/api/contract-templates/{template["id"]!.GetValue<Guid>()}",
            new { name = "Інший", kind = "Support", body = "# Д\n## П\nІнше.", version = 1 }, CrmHost.Json);
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        await AssertFieldErrorsAsync(await admin.PostAsJsonAsync("/api/contract-templates", new { name = "", kind = "Support", body = "без заголовка" }, CrmHost.Json), "name", "body");
    }

    private async Task<Guid> ClientAsync(string? taxId = null)
    {
        var response = await _http.PostAsJsonAsync("/api/clients", new { legalName = "ТОВ «Договірна " + Guid.NewGuid().ToString("N")[..8] + "»", kind = "Company", taxId }, CrmHost.Json);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await CrmHost.ReadAsync<ClientDetails>(response)).Id;
    }

    private static JsonObject Contract(Guid client, DateOnly starts, DateOnly ends, string kind = "Support", bool autoRenew = false, bool requisites = false)
    {
        var json = new JsonObject
        {
            ["clientId"] = client,
            ["kind"] = kind,
            ["startsOn"] = starts.ToString("yyyy-MM-dd"),
            ["endsOn"] = ends.ToString("yyyy-MM-dd"),
            ["autoRenew"] = autoRenew,
            ["monthlyFee"] = 5000m,
            ["includedHours"] = 8m,
            ["vatRate"] = 20,
            ["extraHourRate"] = 750m,
            ["services"] = new JsonArray("Консультації", "Оновлення 1С"),
        };
        if (requisites)
        {
            json["clientAddress"] = "м. Полтава, вул. Соборності, 1";
            json["clientIban"] = "UA213223130000026007233566001";
            json["clientBank"] = "АТ «ПриватБанк»";
            json["signatoryName"] = "Коваль Петро Петрович";
            json["signatoryPosition"] = "Директор";
            json["signatoryBasis"] = "Статуту";
        }

        return json;
    }

    private async Task<ContractDetails> CreateActiveAsync(Guid client, DateOnly starts, DateOnly ends, bool autoRenew = false)
    {
        var created = await ReadAsync(await _http.PostAsJsonAsync("/api/contracts", Contract(client, starts, ends, autoRenew: autoRenew), CrmHost.Json));
        return await ReadAsync(await _http.PostAsync($"/api/contracts/{created.Id}/activate", null));
    }

    private async Task<ContractDetails> GetAsync(Guid id) => await ReadAsync(await _http.GetAsync($"/api/contracts/{id}"));

    private async Task<HttpResponseMessage> PostWithKeyAsync(JsonObject body, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/contracts") { Content = JsonContent.Create(body, options: CrmHost.Json) };
        request.Headers.Add("Idempotency-Key", key);
        return await _http.SendAsync(request);
    }

    private async Task<SupportStatus> SupportOfAsync(Guid client) =>
        (await CrmHost.ReadAsync<ClientDetails>(await _http.GetAsync($"/api/clients/{client}"))).SupportStatus;

    private Task<HttpResponseMessage> OpenTicketAsync(Guid client) =>
        _http.PostAsJsonAsync("/api/tickets", new { clientId = client, subject = "Не працює 1С", priority = "Normal", requiredSkill = "nobody-has-it" }, CrmHost.Json);

    private static async Task<ContractDetails> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{response.StatusCode}: {text}");
        return System.Text.Json.JsonSerializer.Deserialize<ContractDetails>(text, CrmHost.Json)!;
    }
}

[Collection(SqliteHostCollection.Name)]
public sealed class SqliteContractsApiTests(SqliteHostFixture fixture) : ContractsApiTests(fixture);

[Collection(PostgresHostCollection.Name)]
public sealed class PostgresContractsApiTests(PostgresHostFixture fixture) : ContractsApiTests(fixture);
