using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OrleansCrm.BuildingBlocks.Security;
using OrleansCrm.Sales.Tests.Api;
using OrleansCrm.Testing;
using static OrleansCrm.Sales.Tests.Activities.ActivitiesHost;

namespace OrleansCrm.Sales.Tests.Activities;

/// <summary>A task's and an interaction's client, deal, ticket and people must exist: each unknown one is a 400 naming its field.</summary>
public abstract class ActivityLinkTests(HostFixture fixture)
{
    private readonly ActivitiesHost _host = new(fixture);

    [Fact]
    public async Task A_task_linking_what_does_not_exist_is_refused_field_by_field_and_real_links_are_taken()
    {
        var (head, _) = await _host.UserAsync("links-head", CrmRoles.SalesHead);
        var (manager, managerId) = await _host.UserAsync("links-manager", CrmRoles.Manager);
        var due = DateTimeOffset.UtcNow.AddDays(1);
        var nobody = Guid.NewGuid();

        var refused = await PostAsync(head, "/api/tasks", new
        {
            title = "Зателефонувати", executorIds = new[] { managerId, nobody }, dueAt = due,
            clientId = Guid.NewGuid(), dealId = Guid.NewGuid(), ticketId = Guid.NewGuid(),
        });
        var codes = await CodesAsync(refused, "clientId", "dealId", "ticketId", "executorIds");
        Assert.Equal("Sales.LinkClientUnknown", codes["clientId"]);
        Assert.Equal("Sales.LinkDealUnknown", codes["dealId"]);
        Assert.Equal("Sales.LinkTicketUnknown", codes["ticketId"]);
        Assert.Equal("Sales.LinkUserUnknown", codes["executorIds"]);
        Assert.Equal(0, await _host.CountAsync($"SELECT COUNT(*) FROM {_host.Db.Tasks} WHERE executor_id = @id", ("id", _host.Db.Id(nobody))));

        // Real ones: a client, its deal, and a ticket the hand-over opened for that client.
        var client = Guid.Parse((await JsonAsync(await fixture.Host.Http().PostAsJsonAsync("/api/clients",
            new { legalName = "ТОВ «Зв'язки " + Guid.NewGuid().ToString("N")[..6] + "»", kind = "Company", supportStatus = "Active" }, CrmHost.Json),
            HttpStatusCode.Created))["id"]!.GetValue<string>());
        var deal = await _host.DealAsync(managerId, clientId: client);
        var call = await JsonAsync(await PostAsync(manager, "/api/interactions", new { kind = "Call", clientId = client, dealId = deal, doneAt = DateTimeOffset.UtcNow }),
            HttpStatusCode.Created);
        var ticket = (await JsonAsync(await PostAsync(manager, $"/api/interactions/{call["id"]}/handover"), HttpStatusCode.OK))["ticketId"]!.GetValue<string>();
        var task = await JsonAsync(await PostAsync(head, "/api/tasks", new
        {
            title = "Перевірити заявку клієнта", executorIds = new[] { managerId }, dueAt = due, clientId = client, dealId = deal, ticketId = ticket,
        }), HttpStatusCode.Created);
        Assert.Equal(ticket, task[0]!["ticketId"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_interaction_naming_an_unknown_deal_ticket_or_owner_is_refused_with_those_fields()
    {
        var (head, _) = await _host.UserAsync("links-head", CrmRoles.SalesHead);
        var client = await _host.ClientAsync();

        var codes = await CodesAsync(await PostAsync(head, "/api/interactions", new
        {
            kind = "Meeting", clientId = client, dealId = Guid.NewGuid(), ticketId = Guid.NewGuid(), ownerId = Guid.NewGuid(), plannedAt = DateTimeOffset.UtcNow.AddDays(1),
        }), "dealId", "ticketId", "ownerId");
        Assert.Equal("Sales.LinkUserUnknown", codes["ownerId"]);

        var unknownClient = await CodesAsync(await PostAsync(head, "/api/interactions", new { kind = "Call", clientId = Guid.NewGuid(), plannedAt = DateTimeOffset.UtcNow }), "clientId");
        Assert.Equal("Sales.LinkClientUnknown", unknownClient["clientId"]);
    }

    /// <summary>A 400 naming exactly these fields; each field's first code.</summary>
    private static async Task<Dictionary<string, string>> CodesAsync(HttpResponseMessage response, params string[] fields)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{response.StatusCode}: {text}");
        var problem = JsonNode.Parse(text)!;
        Assert.Equal(fields.Order(), problem["errors"]!.AsObject().Select(e => e.Key).Order());
        return problem["errorCodes"]!.AsObject().ToDictionary(e => e.Key, e => e.Value![0]!.GetValue<string>());
    }
}

[Collection(SqliteHostCollection.Name)]
public sealed class ActivityLinksOnSqlite(SqliteHostFixture fixture) : ActivityLinkTests(fixture);

[Collection(PostgresHostCollection.Name)]
public sealed class ActivityLinksOnPostgres(PostgresHostFixture fixture) : ActivityLinkTests(fixture);
