using System.Net;
using System.Net.Http.Json;
using OrleansCrm.BuildingBlocks.Security;
using OrleansCrm.Sales.Tests.Api;
using OrleansCrm.Testing;
using static OrleansCrm.Sales.Tests.Activities.ActivitiesHost;

namespace OrleansCrm.Sales.Tests.Activities;

/// <summary>Handing a client over to support makes one service-desk ticket with the contact's phone and the last interaction's notes.</summary>
public abstract class HandoverTests(HostFixture fixture)
{
    private readonly ActivitiesHost _host = new(fixture);

    [Fact]
    public async Task Handing_over_an_interaction_or_a_task_twice_makes_one_ticket_carrying_the_contact_and_the_last_notes()
    {
        var (manager, managerId) = await _host.UserAsync("handover-manager", CrmRoles.Manager);
        var client = await JsonAsync(await manager.PostAsJsonAsync("/api/clients", new
        {
            legalName = "ТОВ «Передача " + Guid.NewGuid().ToString("N")[..6] + "»", kind = "Company", supportStatus = "Active",
            contacts = new[] { new { name = "Марія Головбух", phones = new[] { "+380 44 123 45 67" } } },
        }, CrmHost.Json), HttpStatusCode.Created);
        var clientId = client["id"]!.GetValue<string>();
        var contactId = client["contacts"]![0]!["id"]!.GetValue<string>();
        var phone = client["contacts"]![0]!["phones"]![0]!.GetValue<string>(); // as Clients stores it
        var call = await JsonAsync(await PostAsync(manager, "/api/interactions", new
        {
            kind = "Call", clientId, contactId, doneAt = DateTimeOffset.UtcNow, notes = "Не відправляється звіт у M.E.Doc, потрібна допомога",
        }), HttpStatusCode.Created);

        var first = await JsonAsync(await PostAsync(manager, $"/api/interactions/{call["id"]}/handover"), HttpStatusCode.OK);
        var again = await JsonAsync(await PostAsync(manager, $"/api/interactions/{call["id"]}/handover"), HttpStatusCode.OK);
        Assert.Equal(first["ticketId"]!.GetValue<string>(), again["ticketId"]!.GetValue<string>());

        var ticket = await JsonAsync(await fixture.Host.Http().GetAsync($"/api/tickets/{first["ticketId"]}"), HttpStatusCode.OK);
        Assert.Equal(clientId, ticket["clientId"]!.GetValue<string>());
        Assert.Equal(contactId, ticket["contactId"]!.GetValue<string>());
        var description = ticket["description"]!.GetValue<string>();
        Assert.Contains(phone, description);
        Assert.Contains("Не відправляється звіт у M.E.Doc", description);

        // A task about the client: the ticket takes the contact and notes from the client's last interaction.
        var task = await JsonAsync(await PostAsync(manager, "/api/tasks", new
        {
            title = "Передати в підтримку оновлення", executorIds = new[] { managerId }, dueAt = DateTimeOffset.UtcNow.AddDays(1), clientId,
        }), HttpStatusCode.Created);
        var fromTask = await JsonAsync(await PostAsync(manager, $"/api/tasks/{task[0]!["id"]}/handover"), HttpStatusCode.OK);
        Assert.Equal(fromTask["ticketId"]!.GetValue<string>(),
            (await JsonAsync(await PostAsync(manager, $"/api/tasks/{task[0]!["id"]}/handover"), HttpStatusCode.OK))["ticketId"]!.GetValue<string>());
        Assert.NotEqual(first["ticketId"]!.GetValue<string>(), fromTask["ticketId"]!.GetValue<string>());
        var taskTicket = await JsonAsync(await fixture.Host.Http().GetAsync($"/api/tickets/{fromTask["ticketId"]}"), HttpStatusCode.OK);
        Assert.Equal("Передати в підтримку оновлення", taskTicket["subject"]!.GetValue<string>());
        Assert.Contains(phone, taskTicket["description"]!.GetValue<string>());
        Assert.Contains("Не відправляється звіт у M.E.Doc", taskTicket["description"]!.GetValue<string>());

        // A task with no client has nothing to hand over.
        var bare = await JsonAsync(await PostAsync(manager, "/api/tasks", new { title = "Без клієнта", executorIds = new[] { managerId }, dueAt = DateTimeOffset.UtcNow.AddDays(1) }),
            HttpStatusCode.Created);
        await ApiAssert.AssertFieldErrorsAsync(await PostAsync(manager, $"/api/tasks/{bare[0]!["id"]}/handover"), "clientId");
    }
}

[Collection(SqliteHostCollection.Name)]
public sealed class HandoverOnSqlite(SqliteHostFixture fixture) : HandoverTests(fixture);

[Collection(PostgresHostCollection.Name)]
public sealed class HandoverOnPostgres(PostgresHostFixture fixture) : HandoverTests(fixture);
