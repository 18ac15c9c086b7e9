using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OrleansCrm.Clients.Contracts;
using OrleansCrm.ServiceDesk.Contracts;
using OrleansCrm.Staff.Contracts;
using OrleansCrm.Testing;
using static OrleansCrm.Testing.ApiAssert;

namespace OrleansCrm.ServiceDesk.Tests.Api;

[CollectionDefinition(Name)]
public sealed class SqliteHostCollection : ICollectionFixture<SqliteHostFixture>
{
    public const string Name = "service desk on sqlite";
}

[CollectionDefinition(Name)]
public sealed class PostgresHostCollection : ICollectionFixture<PostgresHostFixture>
{
    public const string Name = "service desk on postgresql";
}

/// <summary>
/// Tickets and the dispatcher through the API on the real host. Every test uses a skill code of its own, so the
/// specialists it creates are the only ones who qualify for its tickets, however many tests share the queue.
/// </summary>
public abstract class ServiceDeskApiTests(HostFixture fixture)
{
    private readonly HttpClient _http = fixture.Http;
    private readonly string _skill = "skill-" + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task A_new_ticket_goes_at_once_to_the_least_loaded_qualified_specialist()
    {
        var client = await ClientAsync();
        var busy = await SpecialistAsync("Зайнята", level: 5);
        var idle = await SpecialistAsync("Вільна", level: 3);
        var junior = await SpecialistAsync("Молодша", level: 1);
        await OpenExpectingAsync(client, busy, priority: "High");

        var response = await _http.PostAsJsonAsync("/api/tickets", Ticket(client, priority: "Normal", minLevel: 2));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var ticket = await CrmHost.ReadAsync<TicketDetails>(response);
        Assert.Equal(TicketStatus.Assigned, ticket.Status);
        Assert.Equal(idle, ticket.AssigneeId);
        Assert.NotEqual(junior, ticket.AssigneeId);
        Assert.Equal([TicketHistoryKind.Created, TicketHistoryKind.Assigned], ticket.History.Select(h => h.Kind));
        Assert.Equal($"lowest load 0 among 2 with skill {_skill}≥2", ticket.History[1].Reason);
        Assert.Equal("dispatcher", ticket.History[1].Actor);
        Assert.True(ticket.DueAt > ticket.CreatedAt);

        var specialist = await SpecialistDetailsAsync(idle);
        Assert.Equal(2, specialist.Load);
        Assert.Equal([ticket.Id], specialist.OpenTickets);
    }

    [Fact]
    public async Task Tickets_wait_when_everyone_is_full_and_are_assigned_the_moment_capacity_frees()
    {
        var client = await ClientAsync();
        var only = await SpecialistAsync("Єдина", capacity: 3);
        var first = await OpenExpectingAsync(client, only, priority: "Normal");
        var waiting = await OpenExpectingAsync(client, null, priority: "Normal");
        Assert.Equal(TicketStatus.New, waiting.Status);
        var urgentWaiting = await OpenExpectingAsync(client, null, priority: "High");

        await ActAsync(first.Id, "accept");
        await ActAsync(first.Id, "start");
        var resolved = await ActAsync(first.Id, "resolve");
        Assert.Equal(TicketStatus.Resolved, resolved.Status);
        Assert.True(resolved.TimeToFirstAccept > TimeSpan.Zero && resolved.TimeToResolve >= resolved.TimeToFirstAccept);

        // Priority before age: the high one (weight 3) fits exactly; the older normal one keeps waiting.
        Assert.Equal(only, (await TicketAsync(urgentWaiting.Id)).AssigneeId);
        Assert.Null((await TicketAsync(waiting.Id)).AssigneeId);
        Assert.Equal(3, (await SpecialistDetailsAsync(only)).Load);

        var board = await CrmHost.ReadAsync<DispatchBoard>(await _http.GetAsync("/api/dispatch/board"));
        Assert.Contains(board.Waiting, t => t.Id == waiting.Id);
        Assert.Contains(board.Specialists.Single(s => s.Id == only).Tickets, t => t.Id == urgentWaiting.Id);
    }

    [Fact]
    public async Task A_critical_ticket_goes_over_capacity_when_everyone_is_full()
    {
        var client = await ClientAsync();
        var full = await SpecialistAsync("Повна", capacity: 2);
        await OpenExpectingAsync(client, full, priority: "Normal");

        var critical = await OpenExpectingAsync(client, full, priority: "Critical");
        Assert.True(critical.OverCapacity);
        Assert.Contains("over capacity", critical.History[^1].Reason);
        Assert.Equal(7, (await SpecialistDetailsAsync(full)).Load);
    }

    [Fact]
    public async Task A_declined_ticket_goes_to_the_next_best_and_is_counted()
    {
        var client = await ClientAsync();
        var first = await SpecialistAsync("Перша");
        var second = await SpecialistAsync("Друга");
        var ticket = await OpenAsync(client);
        var decliner = ticket.AssigneeId!.Value;

        var declined = await ActAsync(ticket.Id, "decline", reason: "не мій профіль");
        Assert.Equal(decliner == first ? second : first, declined.AssigneeId);
        Assert.Equal(TicketStatus.Assigned, declined.Status);
        Assert.Equal(1, declined.DeclineCount);
        var entry = declined.History.Single(h => h.Kind == TicketHistoryKind.Declined);
        Assert.Equal((decliner, "не мій профіль"), (entry.FromSpecialistId!.Value, entry.Reason!));

        var who = await SpecialistDetailsAsync(decliner);
        Assert.Equal((0, 1), (who.Load, who.Counters.Declined));

        var noReason = await _http.PostAsJsonAsync($"/api/tickets/{ticket.Id}/decline", new { });
        await AssertFieldErrorsAsync(noReason, "reason");
    }

    [Fact]
    public async Task Redirects_are_recorded_with_from_to_and_reason()
    {
        var client = await ClientAsync();
        var a = await SpecialistAsync("Анна");
        var b = await SpecialistAsync("Богдан");
        var c = await SpecialistAsync("Василь");
        var ticket = await OpenAsync(client);
        var from = ticket.AssigneeId!.Value;
        var target = new[] { a, b, c }.First(s => s != from);

        var named = await CrmHost.ReadAsync<TicketDetails>(await _http.PostAsJsonAsync($"/api/tickets/{ticket.Id}/redirect", new { toSpecialistId = target, reason = "клієнт просить саме його" }));
        Assert.Equal(target, named.AssigneeId);
        var redirect = named.History.Single(h => h.Kind == TicketHistoryKind.Redirected);
        Assert.Equal((from, target, "клієнт просить саме його"), (redirect.FromSpecialistId!.Value, redirect.ToSpecialistId!.Value, redirect.Reason!));

        var chosen = await CrmHost.ReadAsync<TicketDetails>(await _http.PostAsJsonAsync($"/api/tickets/{ticket.Id}/redirect", new { toSpecialistId = (Guid?)null, reason = "перевантажений" }));
        Assert.NotNull(chosen.AssigneeId);
        Assert.NotEqual(target, chosen.AssigneeId);
        Assert.Equal(2, chosen.RedirectCount);
        Assert.Equal(1, (await SpecialistDetailsAsync(target)).Counters.RedirectedAway);

        var unknown = await _http.PostAsJsonAsync($"/api/tickets/{ticket.Id}/redirect", new { toSpecialistId = Guid.NewGuid(), reason = "x" });
        await AssertFieldErrorsAsync(unknown, "toSpecialistId");
    }

    [Fact]
    public async Task Invalid_transitions_are_409_naming_the_allowed_ones()
    {
        var client = await ClientAsync();
        var ticket = await OpenExpectingAsync(client, null); // nobody has the skill yet

        var close = await _http.PostAsJsonAsync($"/api/tickets/{ticket.Id}/close", new { });
        Assert.Equal(HttpStatusCode.Conflict, close.StatusCode);
        var detail = JsonNode.Parse(await close.Content.ReadAsStringAsync())!["detail"]!.GetValue<string>();
        Assert.Equal("A ticket that is New cannot close. Allowed now: cancel.", detail);

        var cancelled = await ActAsync(ticket.Id, "cancel");
        Assert.Equal(TicketStatus.Cancelled, cancelled.Status);
        Assert.Equal(HttpStatusCode.Conflict, (await _http.PostAsJsonAsync($"/api/tickets/{ticket.Id}/accept", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _http.PostAsJsonAsync($"/api/tickets/{Guid.NewGuid()}/accept", new { })).StatusCode);
    }

    [Fact]
    public async Task Only_one_of_two_concurrent_changes_to_one_version_wins()
    {
        var client = await ClientAsync();
        await SpecialistAsync("Перший");
        var other = await SpecialistAsync("Другий");
        var ticket = await OpenAsync(client);

        var results = await Task.WhenAll(
            _http.PostAsJsonAsync($"/api/tickets/{ticket.Id}/accept", new { version = ticket.Version }),
            _http.PostAsJsonAsync($"/api/tickets/{ticket.Id}/redirect", new { toSpecialistId = other == ticket.AssigneeId ? (Guid?)null : other, reason = "інший", version = ticket.Version }));
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], results.Select(r => r.StatusCode).Order());
    }

    [Fact]
    public async Task A_terminated_client_is_refused_unless_overridden_and_billable_work_without_support_is_flagged()
    {
        var terminated = await ClientAsync("Terminated");
        await SpecialistAsync("Чергова");

        var refused = await _http.PostAsJsonAsync("/api/tickets", Ticket(terminated));
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("Terminated", await refused.Content.ReadAsStringAsync());

        var overridden = await _http.PostAsJsonAsync("/api/tickets", Ticket(terminated, billable: true, overrideReason: "директор погодив разову роботу"));
        Assert.Equal(HttpStatusCode.Created, overridden.StatusCode);
        var ticket = await CrmHost.ReadAsync<TicketDetails>(overridden);
        Assert.True(ticket.UnbilledWork);
        Assert.Equal("директор погодив разову роботу", ticket.History.Single(h => h.Kind == TicketHistoryKind.Override).Reason);

        var suspended = await ClientAsync("Suspended");
        Assert.True((await OpenAsync(suspended, billable: true)).UnbilledWork);
        Assert.False((await OpenAsync(await ClientAsync(), billable: true)).UnbilledWork);
    }

    [Fact]
    public async Task Bad_tickets_are_400_naming_the_fields()
    {
        var response = await _http.PostAsJsonAsync("/api/tickets", new { clientId = Guid.NewGuid(), subject = "", requiredSkill = "", minLevel = 9 });
        await AssertFieldErrorsAsync(response, "subject", "requiredSkill", "minLevel");

        var unknownClient = await _http.PostAsJsonAsync("/api/tickets", Ticket(Guid.NewGuid()));
        await AssertFieldErrorsAsync(unknownClient, "clientId");
    }

    [Fact]
    public async Task A_specialist_going_absent_has_their_not_started_tickets_redispatched_at_once()
    {
        var client = await ClientAsync();
        var leaving = await SpecialistAsync("Відпустка");
        var ticket = await OpenExpectingAsync(client, leaving);
        var staying = await SpecialistAsync("Залишається", capacity: 10);

        var absent = await _http.PutAsJsonAsync($"/api/specialists/{leaving}/availability", new { status = "Absent", until = DateTimeOffset.UtcNow.AddDays(7) });
        Assert.Equal(HttpStatusCode.OK, absent.StatusCode);

        var moved = await EventuallyAsync(() => TicketAsync(ticket.Id), t => t.AssigneeId == staying);
        Assert.Equal("Відпустка is Absent", moved.History.Single(h => h.Kind == TicketHistoryKind.Redirected).Reason);
        Assert.Equal(0, (await SpecialistDetailsAsync(leaving)).Load);
    }

    [Fact]
    public async Task A_specialist_coming_on_duty_takes_the_waiting_ticket()
    {
        var client = await ClientAsync();
        var late = await SpecialistAsync("Пізня", availability: "OffShift");
        var ticket = await OpenExpectingAsync(client, null);

        await _http.PutAsJsonAsync($"/api/specialists/{late}/availability", new { status = "OnDuty" });
        await EventuallyAsync(() => TicketAsync(ticket.Id), t => t.AssigneeId == late);
    }

    [Fact]
    public async Task Rebalance_moves_not_started_tickets_to_those_below_the_average()
    {
        var client = await ClientAsync();
        var overloaded = await SpecialistAsync("Перевантажена");
        var tickets = new List<TicketDetails>();
        for (var i = 0; i < 3; i++)
        {
            tickets.Add(await OpenExpectingAsync(client, overloaded));
        }

        var newcomer = await SpecialistAsync("Новенька");
        var moves = await CrmHost.ReadAsync<List<RebalanceMove>>(await _http.PostAsync("/api/dispatch/rebalance", null));
        var mine = moves.Where(m => tickets.Any(t => t.Id == m.TicketId)).ToList();
        Assert.Single(mine); // 6 and 0 become 4 and 2: one more move would not narrow the spread
        Assert.Equal((overloaded, newcomer), (mine[0].FromSpecialistId, mine[0].ToSpecialistId));
        Assert.Equal((4, 2), ((await SpecialistDetailsAsync(overloaded)).Load, (await SpecialistDetailsAsync(newcomer)).Load));
        var history = (await TicketAsync(mine[0].TicketId)).History[^1];
        Assert.Equal(TicketHistoryKind.Redirected, history.Kind);
        Assert.StartsWith("rebalance:", history.Reason);
    }

    [Fact]
    public async Task Lists_filter_by_status_assignee_client_and_skill()
    {
        var client = await ClientAsync();
        var specialist = await SpecialistAsync("Фільтр");
        var assigned = await OpenExpectingAsync(client, specialist);
        await ActAsync(assigned.Id, "accept");
        await OpenExpectingAsync(client, specialist);

        var mine = await CrmHost.ReadAsync<JsonObject>(await _http.GetAsync($"/api/tickets?assignee={specialist}"));
        Assert.Equal(2, mine["total"]!.GetValue<int>());
        var accepted = await CrmHost.ReadAsync<JsonObject>(await _http.GetAsync($"/api/tickets?assignee={specialist}&status=Accepted"));
        Assert.Equal(assigned.Id, accepted["items"]![0]!["id"]!.GetValue<Guid>());
        Assert.Equal(2, (await CrmHost.ReadAsync<JsonObject>(await _http.GetAsync($"/api/tickets?client={client}&skill={_skill}")))["total"]!.GetValue<int>());
        Assert.Equal(0, (await CrmHost.ReadAsync<JsonObject>(await _http.GetAsync($"/api/tickets?client={client}&overdue=true")))["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task Comments_and_time_are_recorded()
    {
        var client = await ClientAsync();
        await SpecialistAsync("Коментатор");
        var ticket = await OpenAsync(client);
        await _http.PostAsJsonAsync($"/api/tickets/{ticket.Id}/comments", new { text = "Підключилась через AnyDesk" });
        var logged = await CrmHost.ReadAsync<TicketDetails>(await _http.PostAsJsonAsync($"/api/tickets/{ticket.Id}/time", new { minutes = 25, note = "оновлення релізу" }));
        Assert.Equal(25, logged.MinutesLogged);
        Assert.Equal([TicketHistoryKind.Comment, TicketHistoryKind.TimeLogged], logged.History.Skip(2).Select(h => h.Kind));
        await AssertFieldErrorsAsync(await _http.PostAsJsonAsync($"/api/tickets/{ticket.Id}/time", new { minutes = 0 }), "minutes");
    }

    private async Task<Guid> ClientAsync(string status = "Active")
    {
        var response = await _http.PostAsJsonAsync("/api/clients", new { legalName = $"ТОВ «Клієнт {_skill}»", supportStatus = status });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await CrmHost.ReadAsync<ClientDetails>(response)).Id;
    }

    private async Task<Guid> SpecialistAsync(string name, int level = 3, int capacity = 10, string availability = "OnDuty")
    {
        var response = await _http.PostAsJsonAsync("/api/specialists", new { name, skills = new[] { new { code = _skill, level } }, capacity });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var id = (await CrmHost.ReadAsync<SpecialistDetails>(response)).Id;
        if (availability != "OnDuty")
        {
            Assert.Equal(HttpStatusCode.OK, (await _http.PutAsJsonAsync($"/api/specialists/{id}/availability", new { status = availability })).StatusCode);
        }

        return id;
    }

    private JsonObject Ticket(Guid client, string priority = "Normal", int minLevel = 1, bool billable = false, string? overrideReason = null) => new()
    {
        ["clientId"] = client,
        ["subject"] = "Не формується звіт",
        ["description"] = "Після оновлення BAS не формується податкова накладна",
        ["channel"] = "Phone",
        ["priority"] = priority,
        ["requiredSkill"] = _skill,
        ["minLevel"] = minLevel,
        ["billable"] = billable,
        ["overrideReason"] = overrideReason,
    };

    private async Task<TicketDetails> OpenAsync(Guid client, string priority = "Normal", bool billable = false)
    {
        var response = await _http.PostAsJsonAsync("/api/tickets", Ticket(client, priority, billable: billable));
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await CrmHost.ReadAsync<TicketDetails>(response);
    }

    /// <summary>Opens a ticket and checks who got it: that specialist, or nobody (null: it waits in the queue).</summary>
    private async Task<TicketDetails> OpenExpectingAsync(Guid client, Guid? assignee, string priority = "Normal")
    {
        var ticket = await OpenAsync(client, priority);
        Assert.Equal(assignee, ticket.AssigneeId);
        return ticket;
    }

    private async Task<TicketDetails> ActAsync(Guid ticket, string action, string? reason = null)
    {
        var response = await _http.PostAsJsonAsync($"/api/tickets/{ticket}/{action}", new { reason });
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await CrmHost.ReadAsync<TicketDetails>(response);
    }

    private async Task<TicketDetails> TicketAsync(Guid id) => await CrmHost.ReadAsync<TicketDetails>(await _http.GetAsync($"/api/tickets/{id}"));

    private async Task<SpecialistDetails> SpecialistDetailsAsync(Guid id) => await CrmHost.ReadAsync<SpecialistDetails>(await _http.GetAsync($"/api/specialists/{id}"));

}

[Collection(SqliteHostCollection.Name)]
public sealed class SqliteServiceDeskApiTests(SqliteHostFixture fixture) : ServiceDeskApiTests(fixture);

[Collection(PostgresHostCollection.Name)]
public sealed class PostgresServiceDeskApiTests(PostgresHostFixture fixture) : ServiceDeskApiTests(fixture);
