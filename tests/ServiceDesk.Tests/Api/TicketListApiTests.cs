using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OrleansCrm.Clients.Contracts;
using OrleansCrm.ServiceDesk.Contracts;
using OrleansCrm.ServiceDesk.SearchTickets;
using OrleansCrm.Testing;
using static OrleansCrm.Testing.ApiAssert;

namespace OrleansCrm.ServiceDesk.Tests.Api;

/// <summary>
/// Ticket numbers and the ticket list through the API on the real host: a number is given once and kept by a retried
/// open; the list searches by number, subject and client, sorts, and refuses undefined values naming the field.
/// </summary>
public abstract class TicketListApiTests(HostFixture fixture)
{
    private readonly HttpClient _http = fixture.Http;
    private readonly string _tag = Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task A_ticket_gets_a_number_once_and_a_retried_open_keeps_it()
    {
        var client = await ClientAsync($"ТОВ «Нумерація {_tag}»");
        var first = await OpenAsync(client, $"Перша {_tag}");
        var second = await OpenAsync(client, $"Друга {_tag}");
        Assert.True(first.Number > 0);
        Assert.True(second.Number > first.Number);
        Assert.Equal($"T-{first.Number:D6}", first.DisplayNumber);

        // The same idempotency key opens nothing twice and answers with the number the first attempt got.
        var key = "retry-" + _tag;
        var opened = await OpenAsync(client, $"Повтор {_tag}", key);
        var retried = await OpenAsync(client, $"Повтор {_tag}", key);
        Assert.Equal(opened.Id, retried.Id);
        Assert.Equal(opened.Number, retried.Number);
        Assert.True(opened.Number > second.Number);

        var read = await CrmHost.ReadAsync<TicketDetails>(await _http.GetAsync($"/api/tickets/{first.Id}"));
        Assert.Equal(first.Number, read.Number);
        var json = JsonNode.Parse(await _http.GetStringAsync($"/api/tickets/{first.Id}"))!;
        Assert.Equal(first.DisplayNumber, json["displayNumber"]!.GetValue<string>());

        var page = await SearchAsync($"client={client}");
        Assert.Equal(3, page.Total);
        Assert.All(page.Items, t => Assert.True(t.Number > 0));
        Assert.Equal([opened.Number, second.Number, first.Number], page.Items.Select(t => t.Number));
    }

    [Fact]
    public async Task The_list_finds_tickets_by_number_subject_and_client_name_and_sorts_them()
    {
        var ours = await ClientAsync($"ТОВ «Пошукова {_tag}»");
        var other = await ClientAsync($"ФОП Інший {_tag}");
        var low = await OpenAsync(ours, $"Акт звірки {_tag}", priority: "Low");
        var critical = await OpenAsync(ours, $"Блокування рахунку {_tag}", priority: "Critical");
        var foreign = await OpenAsync(other, $"Звірка ПДВ {_tag}", priority: "High");

        var byNumber = await SearchAsync($"search={Uri.EscapeDataString(critical.DisplayNumber)}");
        Assert.Equal([critical.Id], byNumber.Items.Select(t => t.Id));
        Assert.Equal([critical.Id], (await SearchAsync($"search=t-{critical.Number}&client={ours}")).Items.Select(t => t.Id));

        // Any part of the subject, any case, Cyrillic included.
        var bySubject = await SearchAsync($"search={Uri.EscapeDataString($"ЗВІРКИ {_tag}")}");
        Assert.Equal([low.Id], bySubject.Items.Select(t => t.Id));

        // A client's name finds their tickets; the client filter narrows.
        var byClient = await SearchAsync($"search={Uri.EscapeDataString($"пошукова {_tag}")}&sort=Number&descending=false");
        Assert.Equal([low.Id, critical.Id], byClient.Items.Select(t => t.Id));
        Assert.Empty((await SearchAsync($"search={Uri.EscapeDataString($"пошукова {_tag}")}&client={other}")).Items);

        var tagged = $"search={Uri.EscapeDataString(_tag)}";
        Assert.Equal([critical.Id, foreign.Id, low.Id], (await SearchAsync($"{tagged}&sort=Priority")).Items.Select(t => t.Id));
        Assert.Equal([low.Id, foreign.Id, critical.Id], (await SearchAsync($"{tagged}&sort=Priority&descending=false")).Items.Select(t => t.Id));
        Assert.Equal([low.Id, critical.Id, foreign.Id], (await SearchAsync($"{tagged}&sort=Subject")).Items.Select(t => t.Id));
        var paged = await SearchAsync($"{tagged}&sort=Number&page=2&pageSize=2");
        Assert.Equal(3, paged.Total);
        Assert.Equal([foreign.Id], paged.Items.Select(t => t.Id));
    }

    [Theory]
    [InlineData("tile=999", "tile")]
    [InlineData("status=999", "status")]
    [InlineData("sort=999", "sort")]
    public async Task An_undefined_value_in_the_list_query_is_a_400_naming_it(string query, string field) =>
        await AssertFieldErrorsAsync(await _http.GetAsync($"/api/tickets?{query}"), field);

    [Theory]
    [InlineData("priority")]
    [InlineData("channel")]
    public async Task An_undefined_priority_or_channel_is_refused_and_opens_nothing(string field)
    {
        var client = await ClientAsync($"ТОВ «Перевірка {_tag}»");
        var ticket = Ticket(client, $"Невідоме значення {_tag}");
        ticket[field] = 999;

        await AssertFieldErrorsAsync(await _http.PostAsJsonAsync("/api/tickets", ticket), field);
        Assert.Equal(0, (await SearchAsync($"client={client}")).Total);
    }

    private async Task<TicketPage> SearchAsync(string query)
    {
        var response = await _http.GetAsync($"/api/tickets?{query}");
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await CrmHost.ReadAsync<TicketPage>(response);
    }

    private async Task<Guid> ClientAsync(string name)
    {
        var response = await _http.PostAsJsonAsync("/api/clients", new { legalName = name, supportStatus = "Active" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await CrmHost.ReadAsync<ClientDetails>(response)).Id;
    }

    private JsonObject Ticket(Guid client, string subject, string priority = "Normal") => new()
    {
        ["clientId"] = client,
        ["subject"] = subject,
        ["channel"] = "Phone",
        ["priority"] = priority,
        // A skill nobody has: the tickets wait in the queue and load nobody.
        ["requiredSkill"] = "numbers-" + _tag,
        ["minLevel"] = 1,
    };

    private async Task<TicketDetails> OpenAsync(Guid client, string subject, string? idempotencyKey = null, string priority = "Normal")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/tickets") { Content = JsonContent.Create(Ticket(client, subject, priority)) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        var response = await _http.SendAsync(request);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await CrmHost.ReadAsync<TicketDetails>(response);
    }
}

[Collection(SqliteHostCollection.Name)]
public sealed class SqliteTicketListApiTests(SqliteHostFixture fixture) : TicketListApiTests(fixture);

[Collection(PostgresHostCollection.Name)]
public sealed class PostgresTicketListApiTests(PostgresHostFixture fixture) : TicketListApiTests(fixture);
