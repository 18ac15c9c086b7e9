using System.Net;
using Microsoft.Extensions.DependencyInjection;
using OrleansCrm.BuildingBlocks.LiveFeed;
using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.BuildingBlocks.Security;
using OrleansCrm.ServiceDesk.Contracts;
using OrleansCrm.Staff.Contracts;
using OrleansCrm.Testing;

namespace OrleansCrm.Host.Tests.LiveFeed;

/// <summary>The hub at /hubs/operations as screens and outside clients use it.</summary>
public sealed class OperationsHubTests() : DatabaseTest(DatabaseProvider.Sqlite)
{
    [Fact]
    public async Task Only_signed_in_users_connect()
    {
        await using var host = Database.StartHost();
        host.AnonymousHttp().Dispose();

        await using var anonymous = HubClient.Connection(host, null);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Assert.ThrowsAsync<HttpRequestException>(() => anonymous.StartAsync())).StatusCode);

        await using var forged = HubClient.Connection(host, "not-a-token");
        Assert.Equal(HttpStatusCode.Unauthorized, (await Assert.ThrowsAsync<HttpRequestException>(() => forged.StartAsync())).StatusCode);
    }

    [Fact]
    public async Task Dispatchers_and_the_director_hear_everything_once_and_a_specialist_only_their_own()
    {
        await using var host = Database.StartHost();
        using var http = host.Http();
        var olena = await HubClient.CreateSpecialistAsync(http, "Олена Коваль");
        var petro = await HubClient.CreateSpecialistAsync(http, "Петро Бондар");
        await using var dispatcher = await HubClient.ConnectAsync(host, CrmRoles.Dispatcher);
        await using var director = await HubClient.ConnectAsync(host, CrmRoles.Director);
        await using var olenasScreen = await HubClient.ConnectAsync(host, CrmRoles.Specialist, olena);
        await using var petrosScreen = await HubClient.ConnectAsync(host, CrmRoles.Specialist, petro);
        var feed = host.Services.GetRequiredService<ILiveFeed>();

        var olenasTicket = TestEvents.Ticket("Не формується звіт", olena);
        var petrosLoad = TestEvents.Load(petro);
        var alert = TestEvents.Alert();
        feed.Publish(olenasTicket);
        feed.Publish(petrosLoad);
        feed.Publish(alert);

        foreach (var wall in new[] { dispatcher, director })
        {
            await wall.WaitForAsync(TicketChanged.HubMessage, olenasTicket.Id);
            await wall.WaitForAsync(LoadChanged.HubMessage, petro);
            await wall.WaitForAsync(AlertRaised.HubMessage, alert.Id);
        }

        await olenasScreen.WaitForAsync(TicketChanged.HubMessage, olenasTicket.Id);
        await petrosScreen.WaitForAsync(LoadChanged.HubMessage, petro);

        // One more event for everyone: whatever the earlier ones were going to bring has arrived before it (one connection, one order).
        var last = TestEvents.Ticket("last", olena, petro);
        feed.Publish(last);
        foreach (var screen in new[] { dispatcher, director, olenasScreen, petrosScreen })
        {
            await screen.WaitForAsync(TicketChanged.HubMessage, last.Id);
        }

        // Dispatchers and the director are in both "wall" and "dispatch", yet hear each change once.
        Assert.Equal(1, dispatcher.Count(TicketChanged.HubMessage, olenasTicket.Id));
        Assert.Equal(1, director.Count(LoadChanged.HubMessage, petro));
        Assert.Equal(1, director.Count(TicketChanged.HubMessage, last.Id));
        Assert.Equal(
            [(TicketChanged.HubMessage, olenasTicket.Id), (TicketChanged.HubMessage, last.Id)],
            olenasScreen.Received.Select(r => (r.Message, r.Body.GetProperty("id").GetGuid())));
        Assert.Equal([LoadChanged.HubMessage, TicketChanged.HubMessage], petrosScreen.Received.Select(r => r.Message));
    }

    [Fact]
    public async Task Messages_are_camel_case_json_with_enums_as_names()
    {
        await using var host = Database.StartHost();
        using var http = host.Http();
        var olena = await HubClient.CreateSpecialistAsync(http, "Олена Коваль");
        await using var director = await HubClient.ConnectAsync(host, CrmRoles.Director);
        var ticket = TestEvents.Ticket("Не формується звіт", olena);
        var load = TestEvents.Load(olena);
        var alert = TestEvents.Alert(olena);
        var feed = host.Services.GetRequiredService<ILiveFeed>();
        await director.ListeningAsync(() =>
        {
            var probe = TestEvents.Ticket("probe", olena);
            feed.Publish(probe);
            return probe.Id;
        });
        feed.Publish(ticket);
        feed.Publish(load);
        feed.Publish(alert);

        var ticketJson = await director.FirstAsync(TicketChanged.HubMessage, ticket.Id, _ => true);
        Assert.Equal(
            ["id", "version", "subject", "clientId", "status", "priority", "assigneeId", "previousAssigneeId", "dueAt", "redirectCount", "declineCount", "neverTaken", "overdue", "at"],
            ticketJson.EnumerateObject().Select(p => p.Name));
        Assert.Equal("Assigned", ticketJson.GetProperty("status").GetString());
        Assert.Equal("High", ticketJson.GetProperty("priority").GetString());
        Assert.Equal("Не формується звіт", ticketJson.GetProperty("subject").GetString());
        Assert.Equal(olena, ticketJson.GetProperty("assigneeId").GetGuid());

        // The feed keeps each thing's own order, not an order across kinds: take each from what arrived, whenever it did.
        var loadJson = await director.FirstAsync(LoadChanged.HubMessage, olena, _ => true);
        Assert.Equal(["specialistId", "version", "name", "load", "capacity", "rating", "availability", "at"], loadJson.EnumerateObject().Select(p => p.Name));
        Assert.Equal("OnDuty", loadJson.GetProperty("availability").GetString());

        var alertJson = await director.FirstAsync(AlertRaised.HubMessage, alert.Id, _ => true);
        Assert.Equal(["id", "kind", "text", "ticketId", "specialistId", "clientId", "at", "message"], alertJson.EnumerateObject().Select(p => p.Name));
        Assert.Equal("AboutToBreach", alertJson.GetProperty("kind").GetString());
    }
}
