using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using OrleansCrm.BuildingBlocks.Texts;
using OrleansCrm.Clients.Contracts;
using OrleansCrm.ServiceDesk.Contracts;
using OrleansCrm.Staff.Contracts;
using OrleansCrm.Testing;

namespace OrleansCrm.ServiceDesk.Tests.Api;

/// <summary>
/// The dispatcher's reasons reach the ticket's history as codes (the entry's <c>Text</c>), so the ticket page shows them
/// in the reader's language; the English stays in <c>Reason</c> for readers that know no codes. Entries stored before
/// hold only the English, which <c>StoredEnglish</c> reads back (StoredEnglishTests).
/// </summary>
public abstract class DispatchReasonHistoryTests(HostFixture fixture)
{
    private static readonly CultureInfo Ukrainian = CultureInfo.GetCultureInfo("uk");
    private readonly HttpClient _http = fixture.Http;
    private readonly string _skill = "rsn-" + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task The_dispatchers_choice_and_an_absence_move_are_kept_as_texts_in_the_history()
    {
        var client = await PostAsync<ClientDetails>("/api/clients", new { legalName = $"ТОВ «Причини {_skill}»", supportStatus = "Active" });
        var first = await SpecialistAsync("Перший");

        var ticket = await PostAsync<TicketDetails>("/api/tickets", new
        {
            clientId = client.Id, subject = "Не друкує чек", channel = "Phone", priority = "Normal", requiredSkill = _skill, minLevel = 1,
        });
        Assert.Equal(first, ticket.AssigneeId);
        var assigned = ticket.History.Single(h => h.Kind == TicketHistoryKind.Assigned);
        Assert.Equal("ServiceDesk.Dispatch_LowestLoad", assigned.Text?.Code);
        Assert.Equal($"lowest load 0 among 1 with skill {_skill}≥1", assigned.Reason);
        Assert.Equal($"найменше навантаження 0 серед 1 з навичкою {_skill}≥1", ServerTexts.Render(assigned.Text!, Ukrainian));

        // The assignee goes absent: the ticket is moved back to the queue and on to a colleague, both with reasons as texts.
        var second = await SpecialistAsync("Друга");
        Assert.Equal(HttpStatusCode.OK, (await _http.PutAsJsonAsync($"/api/specialists/{first}/availability", new { status = "Absent" })).StatusCode);
        var moved = await ApiAssert.EventuallyAsync(
            async () => await CrmHost.ReadAsync<TicketDetails>(await _http.GetAsync($"/api/tickets/{ticket.Id}")), t => t.AssigneeId == second);
        var away = moved.History.Single(h => h.Kind == TicketHistoryKind.Redirected);
        Assert.Equal("ServiceDesk.Dispatch_AwayAbsent", away.Text?.Code);
        Assert.Equal(ServerTexts.InEnglish(away.Text!), away.Reason);
        Assert.EndsWith("відсутній", ServerTexts.Render(away.Text!, Ukrainian));
        Assert.StartsWith("ServiceDesk.Dispatch_", moved.History.Last(h => h.Kind == TicketHistoryKind.Assigned).Text?.Code);

        // A reason a person typed stays theirs, with no text.
        var third = await SpecialistAsync("Третій");
        var redirected = await PostAsync<TicketDetails>($"/api/tickets/{ticket.Id}/redirect", new { toSpecialistId = third, reason = "клієнт просить саме його" });
        var typed = redirected.History.Last(h => h.Kind == TicketHistoryKind.Redirected);
        Assert.Equal(("клієнт просить саме його", null), (typed.Reason, typed.Text));
    }

    private async Task<Guid> SpecialistAsync(string name) =>
        (await PostAsync<SpecialistDetails>("/api/specialists", new { name = $"{name} {_skill}", skills = new[] { new { code = _skill, level = 3 } }, capacity = 10 })).Id;

    private async Task<T> PostAsync<T>(string url, object body)
    {
        var response = await _http.PostAsJsonAsync(url, body);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return await CrmHost.ReadAsync<T>(response);
    }
}

[Collection(SqliteHostCollection.Name)]
public sealed class SqliteDispatchReasonHistoryTests(SqliteHostFixture fixture) : DispatchReasonHistoryTests(fixture);

[Collection(PostgresHostCollection.Name)]
public sealed class PostgresDispatchReasonHistoryTests(PostgresHostFixture fixture) : DispatchReasonHistoryTests(fixture);
