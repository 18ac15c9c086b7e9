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

    [Fact]
    public async Task The_list_sorts_by_client_assignee_and_skill_names_across_pages()
    {
        // Client names live in Clients and assignee names in Staff: the list sorts by them a page at a time.
        var beta = await ClientAsync($"Бета {_tag}");
        var alpha = await ClientAsync($"альфа {_tag}");
        var gamma = await ClientAsync($"Гамма {_tag}");
        var b1 = await OpenAsync(beta, $"b1 {_tag}");
        var a1 = await OpenAsync(alpha, $"a1 {_tag}");
        var g1 = await OpenAsync(gamma, $"g1 {_tag}");
        var b2 = await OpenAsync(beta, $"b2 {_tag}");
        var g2 = await OpenAsync(gamma, $"g2 {_tag}");

        async Task<List<Guid>> Read(string query, int pageSize)
        {
            var ids = new List<Guid>();
            for (var page = 1; ; page++)
            {
                var result = await SearchAsync($"{query}&page={page}&pageSize={pageSize}");
                ids.AddRange(result.Items.Select(t => t.Id));
                if (page * pageSize >= result.Total)
                {
                    return ids;
                }
            }
        }

        // Names in the user's order whatever their case; one client's tickets newest first either way.
        var waiting = $"skill=numbers-{_tag}";
        foreach (var pageSize in new[] { 1, 2, 3, 20 })
        {
            Assert.Equal([a1.Id, b2.Id, b1.Id, g2.Id, g1.Id], await Read($"{waiting}&sort=Client&descending=false", pageSize));
            Assert.Equal([g2.Id, g1.Id, b2.Id, b1.Id, a1.Id], await Read($"{waiting}&sort=Client&descending=true", pageSize));
        }

        // Two specialists share the tickets of their skill; waiting tickets (nobody's) come after every name.
        var skill = "sorted-" + _tag;
        var names = new Dictionary<Guid, string>();
        foreach (var name in new[] { $"Яна {_tag}", $"Андрій {_tag}" })
        {
            var created = await _http.PostAsJsonAsync("/api/specialists", new { name, skills = new[] { new { code = skill, level = 3 } }, capacity = 20 });
            Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
            names[(await CrmHost.ReadAsync<OrleansCrm.Staff.Contracts.SpecialistDetails>(created)).Id] = name;
        }

        for (var i = 0; i < 4; i++)
        {
            await OpenAsync(alpha, $"s{i} {_tag}", skill: skill);
        }

        // The dispatcher places them right after the open; the list shows it once the assignments are stored.
        var both = $"search={Uri.EscapeDataString(_tag)}";
        var all = (await SearchAsync($"{both}&pageSize=50")).Items.ToDictionary(t => t.Id);
        for (var wait = 0; wait < 50 && all.Values.Count(t => t.AssigneeId is not null) < 4; wait++)
        {
            await Task.Delay(200);
            all = (await SearchAsync($"{both}&pageSize=50")).Items.ToDictionary(t => t.Id);
        }

        Assert.Equal(9, all.Count);
        Assert.Equal(4, all.Values.Count(t => t.AssigneeId is not null));
        var expected = all.Values
            .OrderBy(t => t.AssigneeId is null)
            .ThenBy(t => t.AssigneeId is { } a ? names[a] : "", StringComparer.CurrentCultureIgnoreCase)
            .ThenByDescending(t => t.CreatedAt).ThenByDescending(t => t.Number)
            .Select(t => t.Id).ToList();
        Assert.Contains(all.Values, t => t.AssigneeId is { } a && names[a].StartsWith("Андрій", StringComparison.Ordinal));
        Assert.Contains(all.Values, t => t.AssigneeId is { } a && names[a].StartsWith("Яна", StringComparison.Ordinal));
        foreach (var pageSize in new[] { 2, 4, 50 })
        {
            Assert.Equal(expected, await Read($"{both}&sort=Assignee&descending=false", pageSize));
        }

        var bySkill = await Read($"{both}&sort=Skill&descending=false", 50);
        Assert.All(bySkill.Take(5), id => Assert.Equal($"numbers-{_tag}", all[id].RequiredSkill));
        Assert.All(bySkill.Skip(5), id => Assert.Equal(skill, all[id].RequiredSkill));
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

    private JsonObject Ticket(Guid client, string subject, string priority = "Normal", string? skill = null) => new()
    {
        ["clientId"] = client,
        ["subject"] = subject,
        ["channel"] = "Phone",
        ["priority"] = priority,
        // By default a skill nobody has: the tickets wait in the queue and load nobody.
        ["requiredSkill"] = skill ?? "numbers-" + _tag,
        ["minLevel"] = 1,
    };

    private async Task<TicketDetails> OpenAsync(Guid client, string subject, string? idempotencyKey = null, string priority = "Normal", string? skill = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/tickets") { Content = JsonContent.Create(Ticket(client, subject, priority, skill)) };
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
