using System.Net;
using System.Net.Http.Json;
using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.BuildingBlocks.Security;
using OrleansCrm.ServiceDesk.Contracts;
using OrleansCrm.Staff.Contracts;
using OrleansCrm.Testing;

namespace OrleansCrm.Host.Tests.LiveFeed;

/// <summary>The product's own changes reach the screens: tickets and loads from their grains, as they are stored.</summary>
public sealed class ProductEventsTests() : DatabaseTest(DatabaseProvider.Sqlite)
{
    [Fact]
    public async Task An_assignment_and_its_acceptance_reach_the_wall_and_the_specialist_with_the_load()
    {
        await using var host = Database.StartHost();
        using var http = host.Http();
        var specialist = await HubClient.CreateSpecialistAsync(http, "Ірина Мельник");
        await using var wall = await HubClient.ConnectAsync(host, CrmRoles.Director);
        await using var own = await HubClient.ConnectAsync(host, CrmRoles.Specialist, specialist);

        var client = await http.PostAsJsonAsync("/api/clients", new { legalName = "ТОВ «Екран»", supportStatus = "Active" });
        var clientId = (await CrmHost.ReadAsync<OrleansCrm.Clients.Contracts.ClientDetails>(client)).Id;
        var opened = await http.PostAsJsonAsync("/api/tickets", new { clientId, subject = "Не відправляється звіт", priority = "High", requiredSkill = "medoc" });
        Assert.Equal(HttpStatusCode.Created, opened.StatusCode);
        var ticket = await CrmHost.ReadAsync<TicketDetails>(opened);
        Assert.Equal(specialist, ticket.AssigneeId);

        // The specialist's grain tells of the load before the ticket tells of itself: order between them is not promised.
        foreach (var screen in new[] { wall, own })
        {
            await screen.FirstAsync(TicketChanged.HubMessage, ticket.Id, t => t.GetProperty("status").GetString() == "Assigned");
            await screen.FirstAsync(LoadChanged.HubMessage, specialist, l => l.GetProperty("load").GetInt32() == 3); // High weighs 3
        }

        Assert.Equal(HttpStatusCode.OK, (await http.PostAsJsonAsync($"/api/tickets/{ticket.Id}/accept", new { })).StatusCode);
        foreach (var screen in new[] { wall, own })
        {
            var accepted = await screen.FirstAsync(TicketChanged.HubMessage, ticket.Id, t => t.GetProperty("status").GetString() == "Accepted");
            Assert.Equal(specialist, accepted.GetProperty("assigneeId").GetGuid());
        }
    }
}
