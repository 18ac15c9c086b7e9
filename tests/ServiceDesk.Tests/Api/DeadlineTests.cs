using System.Net;
using System.Net.Http.Json;
using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.Clients.Contracts;
using OrleansCrm.ServiceDesk.Contracts;
using OrleansCrm.Staff.Contracts;
using OrleansCrm.Testing;
using static OrleansCrm.Testing.ApiAssert;

namespace OrleansCrm.ServiceDesk.Tests.Api;

/// <summary>
/// Deadlines on a real host whose calendar works round the clock, with a 2-second assignment timeout and normal
/// tickets due at once, so that timers fire within a test. Each test has a host and database of its own.
/// </summary>
public abstract class DeadlineTests(DatabaseProvider provider) : DatabaseTest(provider)
{
    /// <summary>A calendar that works round the clock with a 2-second assignment timeout (other tests start from it too).</summary>
    internal static readonly Dictionary<string, string?> RoundTheClock = new()
    {
        ["Crm:ServiceDesk:Sla:WorkingDays:0"] = "Monday",
        ["Crm:ServiceDesk:Sla:WorkingDays:1"] = "Tuesday",
        ["Crm:ServiceDesk:Sla:WorkingDays:2"] = "Wednesday",
        ["Crm:ServiceDesk:Sla:WorkingDays:3"] = "Thursday",
        ["Crm:ServiceDesk:Sla:WorkingDays:4"] = "Friday",
        ["Crm:ServiceDesk:Sla:WorkingDays:5"] = "Saturday",
        ["Crm:ServiceDesk:Sla:WorkingDays:6"] = "Sunday",
        ["Crm:ServiceDesk:Sla:DayStart"] = "00:00",
        ["Crm:ServiceDesk:Sla:DayEnd"] = "23:59:59",
        ["Crm:ServiceDesk:Sla:AssignmentTimeout"] = "00:00:02",
    };

    [Fact]
    public async Task A_ticket_not_accepted_in_time_goes_to_the_next_best_as_a_redirect_and_raises_an_alert()
    {
        await using var host = Database.StartHost(RoundTheClock);
        using var http = host.Http();
        var client = await ClientAsync(http);
        await SpecialistAsync(http, "Повільна");
        await SpecialistAsync(http, "Швидка");
        var ticket = await OpenAsync(http, client, "High");
        var first = ticket.AssigneeId!.Value;

        // The re-dispatch is one-way from the ticket's timer: wait for the entry after the redirect too.
        var moved = await EventuallyAsync(() => TicketAsync(http, ticket.Id),
            t => t.History.FirstOrDefault(h => h.Kind == TicketHistoryKind.Redirected) is { } r && t.History.Count > r.Sequence);
        var redirect = moved.History.First(h => h.Kind == TicketHistoryKind.Redirected);
        Assert.Equal(first, redirect.FromSpecialistId);
        Assert.StartsWith("not accepted within the assignment timeout", redirect.Reason);
        Assert.Equal(TicketHistoryKind.Assigned, moved.History[redirect.Sequence].Kind); // the next entry: the dispatcher's new choice
        Assert.NotEqual(first, moved.History[redirect.Sequence].ToSpecialistId);

        var alerts = await CrmHost.ReadAsync<List<TicketAlert>>(await http.GetAsync("/api/dispatch/alerts"));
        Assert.Contains(alerts, a => a.Kind == TicketAlertKind.NeverTaken && a.TicketId == ticket.Id && a.SpecialistId == first);
        Assert.True((await SpecialistAsync(http, first)).Counters.RedirectedAway >= 1);
    }

    [Fact]
    public async Task A_ticket_past_its_due_time_is_marked_overdue_once_and_raises_one_alert()
    {
        var settings = new Dictionary<string, string?>(RoundTheClock)
        {
            ["Crm:ServiceDesk:Sla:Normal:Resolution"] = "0m",
            ["Crm:ServiceDesk:Sla:AssignmentTimeout"] = "01:00:00",
        };
        await using var host = Database.StartHost(settings);
        using var http = host.Http();
        var client = await ClientAsync(http);
        await SpecialistAsync(http, "Прострочена");
        var ticket = await OpenAsync(http, client, "Normal");

        var overdue = await EventuallyAsync(() => TicketAsync(http, ticket.Id), t => t.Overdue);
        Assert.Single(overdue.History, h => h.Kind == TicketHistoryKind.Overdue);
        var alerts = await CrmHost.ReadAsync<List<TicketAlert>>(await http.GetAsync("/api/dispatch/alerts"));
        Assert.Single(alerts, a => a.Kind == TicketAlertKind.Overdue && a.TicketId == ticket.Id);
        var list = await CrmHost.ReadAsync<System.Text.Json.Nodes.JsonObject>(await http.GetAsync("/api/tickets?overdue=true"));
        Assert.Equal(1, list["total"]!.GetValue<int>());

        // A restart recomputes from stored times and marks nothing twice.
        await host.DisposeAsync();
        await using var again = Database.StartHost(settings);
        using var http2 = again.Http();
        await Task.Delay(500);
        Assert.Single((await TicketAsync(http2, ticket.Id)).History, h => h.Kind == TicketHistoryKind.Overdue);
    }

    private static async Task<Guid> ClientAsync(HttpClient http) =>
        (await CrmHost.ReadAsync<ClientDetails>(await http.PostAsJsonAsync("/api/clients", new { legalName = "ТОВ «Годинник»" }))).Id;

    private static async Task<Guid> SpecialistAsync(HttpClient http, string name)
    {
        var response = await http.PostAsJsonAsync("/api/specialists", new { name, skills = new[] { new { code = "bas", level = 3 } } });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await CrmHost.ReadAsync<SpecialistDetails>(response)).Id;
    }

    private static async Task<SpecialistDetails> SpecialistAsync(HttpClient http, Guid id) =>
        await CrmHost.ReadAsync<SpecialistDetails>(await http.GetAsync($"/api/specialists/{id}"));

    private static async Task<TicketDetails> OpenAsync(HttpClient http, Guid client, string priority)
    {
        var response = await http.PostAsJsonAsync("/api/tickets", new { clientId = client, subject = "Не відкривається база", priority, requiredSkill = "bas" });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await CrmHost.ReadAsync<TicketDetails>(response);
    }

    private static async Task<TicketDetails> TicketAsync(HttpClient http, Guid id) =>
        await CrmHost.ReadAsync<TicketDetails>(await http.GetAsync($"/api/tickets/{id}"));

}

public sealed class SqliteDeadlineTests() : DeadlineTests(DatabaseProvider.Sqlite);

public sealed class PostgresDeadlineTests() : DeadlineTests(DatabaseProvider.PostgreSql);
