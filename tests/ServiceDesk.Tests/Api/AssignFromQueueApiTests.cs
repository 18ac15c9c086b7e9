using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.BuildingBlocks.Security;
using OrleansCrm.Clients.Contracts;
using OrleansCrm.ServiceDesk.Contracts;
using OrleansCrm.Staff.Contracts;
using OrleansCrm.Testing;
using static OrleansCrm.Testing.ApiAssert;

namespace OrleansCrm.ServiceDesk.Tests.Api;

/// <summary>
/// <c>POST /api/dispatch/queue/{id}/assign</c>: a dispatcher gives a waiting ticket to a specialist they choose, with the
/// checks of a redirect. A ticket waits while nobody it may go to has room, so each test makes one wait the way it happens
/// at a desk: the only specialist with its skill declines it, and the dispatcher does not offer it straight back.
/// </summary>
public abstract class AssignFromQueueApiTests(HostFixture fixture)
{
    private readonly HostFixture _fixture = fixture;
    private readonly HttpClient _http = fixture.Http;
    private readonly string _skill = "queue-" + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task A_waiting_ticket_goes_to_the_chosen_specialist_with_the_assignment_in_its_history()
    {
        var client = await ClientAsync();
        var anna = await SpecialistAsync("Анна Черга", level: 3);
        var ticket = await WaitingAsync(client, anna);

        var assigned = await AssignAsync(ticket.Id, new { specialistId = anna, reason = "клієнт просить саме Анну" });
        Assert.True(assigned.StatusCode == HttpStatusCode.OK, await assigned.Content.ReadAsStringAsync());
        var details = await CrmHost.ReadAsync<TicketDetails>(assigned);
        Assert.Equal((TicketStatus.Assigned, anna), (details.Status, details.AssigneeId));
        var entry = details.History[^1];
        Assert.Equal((TicketHistoryKind.Assigned, anna, "клієнт просить саме Анну", CrmHost.OperatorUserName), (entry.Kind, entry.ToSpecialistId!.Value, entry.Reason, entry.Actor));
        Assert.Equal(2, (await SpecialistDetailsAsync(anna)).Load);

        var board = await CrmHost.ReadAsync<DispatchBoard>(await _http.GetAsync("/api/dispatch/board"));
        Assert.DoesNotContain(board.Waiting, t => t.Id == ticket.Id);
        var card = Assert.Single(board.Specialists.Single(s => s.Id == anna).Tickets, t => t.Id == ticket.Id);
        Assert.Equal(client, card.ClientId);
        Assert.Equal($"Черга {_skill}", card.ClientName);
    }

    [Fact]
    public async Task A_specialist_who_may_not_take_it_is_refused_with_the_reason_and_the_ticket_waits_on()
    {
        var client = await ClientAsync();
        // Everyone first: a change of a specialist has the dispatcher look at the queue again (and offer the ticket back).
        var anna = await SpecialistAsync("Анна Черга", level: 3);
        var novice = await SpecialistAsync("Новачок Черга", level: 1);
        var full = await SpecialistAsync("Повна Черга", level: 3, capacity: 1);
        var away = await SpecialistAsync("Відсутня Черга", level: 3);
        var absent = await _http.PutAsJsonAsync($"/api/specialists/{away}/availability", new { status = "Absent", until = (DateTimeOffset?)null }, CrmHost.Json);
        Assert.True(absent.StatusCode == HttpStatusCode.OK, await absent.Content.ReadAsStringAsync());
        var ticket = await WaitingAsync(client, anna);

        await AssertRefusedAsync(ticket.Id, novice, "ServiceDesk.Dispatch_TargetLacksSkill", $"Новачок Черга does not have {_skill} at level 2 or higher.");
        await AssertRefusedAsync(ticket.Id, full, "ServiceDesk.Dispatch_TargetFull", "Повна Черга has no room: load 0 of 1, the ticket weighs 2.");
        await AssertRefusedAsync(ticket.Id, away, "ServiceDesk.Dispatch_TargetAbsent", "Відсутня Черга is absent and cannot take the ticket.");

        Assert.Equal(HttpStatusCode.NotFound, (await AssignAsync(ticket.Id, new { specialistId = Guid.NewGuid() })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await AssignAsync(Guid.NewGuid(), new { specialistId = anna })).StatusCode);
        await AssertFieldErrorsAsync(await AssignAsync(ticket.Id, new { specialistId = Guid.Empty }), "specialistId");
        await AssertFieldErrorsAsync(await AssignAsync(ticket.Id, new { specialistId = anna, reason = new string('x', 2001) }), "reason");

        // Refused requests moved nothing.
        var after = await TicketAsync(ticket.Id);
        Assert.Equal((TicketStatus.New, (Guid?)null, ticket.Version), (after.Status, after.AssigneeId, after.Version));
        Assert.All(new[] { novice, full, away }, id => Assert.Equal(0, SpecialistDetailsAsync(id).GetAwaiter().GetResult().Load));
    }

    [Fact]
    public async Task Only_dispatchers_and_directors_assign_from_the_queue_and_only_a_waiting_ticket()
    {
        var client = await ClientAsync();
        var anna = await SpecialistAsync("Анна Черга", level: 3);
        var ticket = await WaitingAsync(client, anna);
        foreach (var role in CrmRoles.All.Where(r => r is not (CrmRoles.Dispatcher or CrmRoles.Director)))
        {
            using var http = _fixture.Host.Http(role);
            var response = await http.PostAsJsonAsync($"/api/dispatch/queue/{ticket.Id}/assign", new { specialistId = anna }, CrmHost.Json);
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{role}: {response.StatusCode}");
        }

        using var director = _fixture.Host.Http(CrmRoles.Director);
        var assigned = await director.PostAsJsonAsync($"/api/dispatch/queue/{ticket.Id}/assign", new { specialistId = anna }, CrmHost.Json);
        Assert.True(assigned.StatusCode == HttpStatusCode.OK, await assigned.Content.ReadAsStringAsync());

        // Assigned now: no longer in the queue.
        await AssertRefusedAsync(ticket.Id, anna, "ServiceDesk.Dispatch_NotWaiting", "The ticket is no longer waiting in the queue.");
    }

    [Fact]
    public async Task The_queue_entry_is_taken_once_when_two_dispatchers_assign_it_at_the_same_moment()
    {
        var client = await ClientAsync();
        var anna = await SpecialistAsync("Анна Черга", level: 3);
        var ticket = await WaitingAsync(client, anna);
        using var second = _fixture.Host.Http(CrmRoles.Dispatcher);

        var answers = await Task.WhenAll(
            AssignAsync(ticket.Id, new { specialistId = anna, reason = "перший диспетчер" }),
            second.PostAsJsonAsync($"/api/dispatch/queue/{ticket.Id}/assign", new { specialistId = anna, reason = "другий диспетчер" }, CrmHost.Json));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], answers.Select(a => a.StatusCode).Order());
        var details = await TicketAsync(ticket.Id);
        Assert.Single(details.History, h => h.Kind == TicketHistoryKind.Assigned && h.Reason is "перший диспетчер" or "другий диспетчер");
        Assert.Equal(2, (await SpecialistDetailsAsync(anna)).Load); // one ticket's weight, once
    }

    [Fact]
    public async Task A_write_that_fails_leaves_the_ticket_waiting_and_nobody_carrying_it_and_the_retry_assigns_it()
    {
        var client = await ClientAsync();
        var anna = await SpecialistAsync("Анна Черга", level: 3);
        var ticket = await WaitingAsync(client, anna);
        var grain = _fixture.Host.HostServices.GetRequiredService<IGrainFactory>().GetGrain<ITicketGrain>(ticket.Id).GetGrainId();

        using (_fixture.Host.Faults.FailWrite("ticket", grain, failure: () => new DatabaseUnavailableException("Injected: the database did not take the write.")))
        {
            var failed = await AssignAsync(ticket.Id, new { specialistId = anna });
            Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
        }

        Assert.Equal((TicketStatus.New, (Guid?)null), ((await TicketAsync(ticket.Id)).Status, (await TicketAsync(ticket.Id)).AssigneeId));
        Assert.Equal(0, (await SpecialistDetailsAsync(anna)).Load);
        var board = await CrmHost.ReadAsync<DispatchBoard>(await _http.GetAsync("/api/dispatch/board"));
        Assert.Contains(board.Waiting, t => t.Id == ticket.Id);
        Assert.Equal(0, board.Specialists.Single(s => s.Id == anna).Load);

        var retried = await AssignAsync(ticket.Id, new { specialistId = anna });
        Assert.True(retried.StatusCode == HttpStatusCode.OK, await retried.Content.ReadAsStringAsync());
        Assert.Equal(2, (await SpecialistDetailsAsync(anna)).Load);
    }

    [Fact]
    public async Task A_ticket_whose_skill_nobody_has_is_flagged_on_the_board()
    {
        var client = await ClientAsync();
        var anna = await SpecialistAsync("Анна Черга", level: 2);
        var nobody = await OpenAsync(client, _skill + "-nobody", minLevel: 1);
        var tooHigh = await OpenAsync(client, _skill, minLevel: 5);
        var fits = await OpenAsync(client, _skill, minLevel: 2);
        Assert.Equal(anna, fits.AssigneeId);

        var board = await CrmHost.ReadAsync<DispatchBoard>(await _http.GetAsync("/api/dispatch/board"));
        Assert.True(board.Waiting.Single(t => t.Id == nobody.Id).NobodyHasSkill);
        Assert.True(board.Waiting.Single(t => t.Id == tooHigh.Id).NobodyHasSkill);
        Assert.False(board.Specialists.Single(s => s.Id == anna).Tickets.Single(t => t.Id == fits.Id).NobodyHasSkill);
    }

    /// <summary>A ticket in the queue: its only possible specialist declined it, and the dispatcher does not offer it straight back.</summary>
    private async Task<TicketDetails> WaitingAsync(Guid client, Guid onlyOne)
    {
        var ticket = await OpenAsync(client, _skill, minLevel: 2);
        Assert.Equal(onlyOne, ticket.AssigneeId);
        var declined = await _http.PostAsJsonAsync($"/api/tickets/{ticket.Id}/decline", new { reason = "не зараз" }, CrmHost.Json);
        Assert.True(declined.StatusCode == HttpStatusCode.OK, await declined.Content.ReadAsStringAsync());
        var waiting = await CrmHost.ReadAsync<TicketDetails>(declined);
        Assert.Equal((TicketStatus.New, (Guid?)null), (waiting.Status, waiting.AssigneeId));
        return waiting;
    }

    private async Task AssertRefusedAsync(Guid ticket, Guid specialist, string code, string detail)
    {
        var response = await AssignAsync(ticket, new { specialistId = specialist });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Conflict, $"{response.StatusCode}: {body}");
        using var problem = JsonDocument.Parse(body);
        Assert.Equal(code, problem.RootElement.GetProperty("code").GetString());
        Assert.Equal(detail, problem.RootElement.GetProperty("detail").GetString());
    }

    private Task<HttpResponseMessage> AssignAsync(Guid ticket, object body) =>
        _http.PostAsJsonAsync($"/api/dispatch/queue/{ticket}/assign", body, CrmHost.Json);

    private async Task<Guid> ClientAsync()
    {
        var response = await _http.PostAsJsonAsync("/api/clients", new { legalName = $"ТОВ «Черга {_skill}»", shortName = $"Черга {_skill}" });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await CrmHost.ReadAsync<ClientDetails>(response)).Id;
    }

    private async Task<Guid> SpecialistAsync(string name, int level, int capacity = 10)
    {
        var response = await _http.PostAsJsonAsync("/api/specialists", new { name, skills = new[] { new { code = _skill, level } }, capacity });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await CrmHost.ReadAsync<SpecialistDetails>(response)).Id;
    }

    private async Task<TicketDetails> OpenAsync(Guid client, string skill, int minLevel)
    {
        var response = await _http.PostAsJsonAsync("/api/tickets", new { clientId = client, subject = "Черга чекає", priority = "Normal", requiredSkill = skill, minLevel });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await CrmHost.ReadAsync<TicketDetails>(response);
    }

    private async Task<TicketDetails> TicketAsync(Guid id) => await CrmHost.ReadAsync<TicketDetails>(await _http.GetAsync($"/api/tickets/{id}"));

    private async Task<SpecialistDetails> SpecialistDetailsAsync(Guid id) => await CrmHost.ReadAsync<SpecialistDetails>(await _http.GetAsync($"/api/specialists/{id}"));
}

[Collection(SqliteHostCollection.Name)]
public sealed class SqliteAssignFromQueueApiTests(SqliteHostFixture fixture) : AssignFromQueueApiTests(fixture);

[Collection(PostgresHostCollection.Name)]
public sealed class PostgresAssignFromQueueApiTests(PostgresHostFixture fixture) : AssignFromQueueApiTests(fixture);
