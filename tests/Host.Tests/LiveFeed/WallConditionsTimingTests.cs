using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using OrleansCrm.BuildingBlocks.LiveFeed;
using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.ServiceDesk.Contracts;
using OrleansCrm.Testing;

namespace OrleansCrm.Host.Tests.LiveFeed;

/// <summary>A condition that begins by time alone (a ticket waiting too long) reaches the walls when it begins, not a period later.</summary>
public sealed class WallConditionsTimingTests() : DatabaseTest(DatabaseProvider.Sqlite)
{
    [Fact]
    public async Task A_ticket_waiting_too_long_is_on_the_wall_when_its_limit_passes_not_at_the_next_period()
    {
        var limit = TimeSpan.FromSeconds(4);
        await using var host = Database.StartHost(new Dictionary<string, string?>
        {
            ["Crm:ServiceDesk:UnassignedAlertAfter"] = limit.ToString(),
            ["Crm:ServiceDesk:WallConditionsPeriod"] = "00:10:00", // far beyond the test: only the due reading can show it
        });
        using var http = host.Http();
        var (subscription, received) = host.Services.GetRequiredService<ILiveFeedSubscriptions>().Collect();
        using var _ = subscription;

        // A wall is on (it asks once), then a ticket nobody can take starts waiting.
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/dispatch/wall")).StatusCode);
        var client = await CrmHost.ReadAsync<OrleansCrm.Clients.Contracts.ClientDetails>(
            await http.PostAsJsonAsync("/api/clients", new { legalName = "ТОВ «Годинник»", shortName = "Годинник" }, CrmHost.Json));
        var opened = await http.PostAsJsonAsync("/api/tickets", new
        {
            clientId = client.Id, subject = "Чекає довше за межу", channel = "Phone", priority = "Low", requiredSkill = "nobody-has-it", minLevel = 1,
        }, CrmHost.Json);
        Assert.Equal(HttpStatusCode.Created, opened.StatusCode);
        var ticket = await CrmHost.ReadAsync<TicketDetails>(opened);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/dispatch/wall")).StatusCode); // the wall asks after the change

        var shown = await received.WaitForAsync<WallConditionsChanged>(c => c.Conditions.Any(x => x.Key == $"Unassigned/{ticket.Id}"));
        var condition = shown.Conditions.Single(x => x.Key == $"Unassigned/{ticket.Id}");
        Assert.Equal(ticket.CreatedAt.ToUnixTimeMilliseconds(), condition.Since.ToUnixTimeMilliseconds());
        Assert.True(shown.At >= ticket.CreatedAt + limit, $"shown at {shown.At:O}, before the limit passed ({ticket.CreatedAt + limit:O})");
    }
}
