using System.Net;
using System.Net.Http.Json;
using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.ServiceDesk.Contracts;
using OrleansCrm.Staff.Contracts;
using OrleansCrm.Testing;

namespace OrleansCrm.Host.Tests.Cluster;

/// <summary>
/// Server mode, two hosts on one PostgreSQL database; one is killed without warning. Whatever lived on it (tickets, the
/// queue's dispatcher, specialists) comes back on the survivor from stored state: nothing is lost or counted twice.
/// </summary>
public sealed class KilledSiloTests() : DatabaseTest(DatabaseProvider.PostgreSql)
{
    /// <summary>Declare a silent silo dead within seconds rather than Orleans' production pace.</summary>
    private static readonly Dictionary<string, string> FastMembership = new()
    {
        ["Crm:Orleans:Membership:ProbeTimeout"] = "00:00:01",
        ["Crm:Orleans:Membership:NumMissedProbesLimit"] = "2",
        ["Crm:Orleans:Membership:NumVotesForDeathDeclaration"] = "1",
        ["Crm:Orleans:Membership:TableRefreshTimeout"] = "00:00:02",
    };

    private const string Skill = "killed.silo";

    [Fact]
    public async Task Tickets_loads_and_the_queue_survive_a_host_killed_mid_flight()
    {
        using var victim = await HostProcess.StartAsync(new Dictionary<string, string>(FastMembership)
        {
            ["Crm:Database:Provider"] = "PostgreSql",
            ["ConnectionStrings:Crm"] = Database.ConnectionString,
            ["Crm:Orleans:SiloPort"] = FreePorts.Next().ToString(),
            ["Crm:Orleans:GatewayPort"] = FreePorts.Next().ToString(),
            ["Crm:Orleans:AdvertisedIp"] = "127.0.0.1",
            ["Crm:Demo:Seed"] = "false",
        });
        await using var survivor = Database.StartHost(FastMembership.ToDictionary(s => s.Key, s => (string?)s.Value));
        using var http = survivor.Http();
        await ApiAssert.EventuallyAsync(ActiveSilosAsync, count => count == 2);

        // Grains are placed at random over both silos: with this many, some of each kind land on the victim.
        var client = await CreateClientAsync(http);
        var specialists = new List<Guid>();
        for (var i = 0; i < 4; i++)
        {
            specialists.Add(await CreateSpecialistAsync(http, $"Вузол {i + 1}"));
        }

        var before = new List<TicketDetails>();
        for (var i = 0; i < 16; i++)
        {
            var opened = await http.PostAsJsonAsync("/api/tickets", new { clientId = client, subject = $"Збій {i + 1}", priority = "Normal", requiredSkill = Skill });
            Assert.Equal(HttpStatusCode.Created, opened.StatusCode);
            before.Add(await CrmHost.ReadAsync<TicketDetails>(opened));
        }

        Assert.Equal(16, before.Count(t => t.Status == TicketStatus.Assigned)); // 4 × capacity 10 holds 16 × weight 2

        victim.Kill();
        await ApiAssert.EventuallyAsync(ActiveSilosAsync, count => count == 1, seconds: 60);

        // Every ticket is back, as it was stored.
        foreach (var ticket in before)
        {
            var after = await ApiAssert.EventuallyAsync(() => TryGetAsync<TicketDetails>(http, $"/api/tickets/{ticket.Id}"), t => t is not null, seconds: 30);
            Assert.Equal((ticket.Version, ticket.Status, ticket.AssigneeId), (after!.Version, after.Status, after.AssigneeId));
        }

        // Loads equal the open tickets' weights, in the specialists' grains and in the dispatcher's rebuilt view.
        foreach (var specialist in specialists)
        {
            var held = before.Count(t => t.AssigneeId == specialist) * 2;
            // Eventually: a ticket re-sends from its stored outbox what its specialist may not have heard before the kill.
            await ApiAssert.EventuallyAsync(() => TryGetAsync<SpecialistDetails>(http, $"/api/specialists/{specialist}"), s => s?.Load == held, seconds: 30);
        }

        var board = await ApiAssert.EventuallyAsync(() => TryGetAsync<DispatchBoard>(http, "/api/dispatch/board"), b => b is not null, seconds: 30);
        foreach (var column in board!.Specialists.Where(s => specialists.Contains(s.Id)))
        {
            Assert.Equal(before.Count(t => t.AssigneeId == column.Id) * 2, column.Load);
        }

        // The product goes on: the tickets can be worked, and a new one is dispatched by the rebuilt dispatcher.
        foreach (var ticket in before.Take(4))
        {
            Assert.Equal(HttpStatusCode.OK, (await http.PostAsJsonAsync($"/api/tickets/{ticket.Id}/accept", new { })).StatusCode);
        }

        var next = await http.PostAsJsonAsync("/api/tickets", new { clientId = client, subject = "Після аварії", priority = "Normal", requiredSkill = Skill });
        Assert.Equal(HttpStatusCode.Created, next.StatusCode);
        Assert.Contains((await CrmHost.ReadAsync<TicketDetails>(next)).AssigneeId!.Value, specialists);
    }

    private static async Task<T?> TryGetAsync<T>(HttpClient http, string path) where T : class
    {
        var response = await http.GetAsync(path);
        return response.StatusCode == HttpStatusCode.OK ? await CrmHost.ReadAsync<T>(response) : null; // 5xx while the dead silo's grains move
    }

    private static async Task<Guid> CreateClientAsync(HttpClient http)
    {
        var response = await http.PostAsJsonAsync("/api/clients", new { legalName = "ТОВ «Аварія»", supportStatus = "Active" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await CrmHost.ReadAsync<OrleansCrm.Clients.Contracts.ClientDetails>(response)).Id;
    }

    private static async Task<Guid> CreateSpecialistAsync(HttpClient http, string name)
    {
        var response = await http.PostAsJsonAsync("/api/specialists", new { name, skills = new[] { new { code = Skill, level = 3 } }, capacity = 10 });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await CrmHost.ReadAsync<SpecialistDetails>(response)).Id;
    }

    /// <summary>Status 3 is SiloStatus.Active in Orleans' membership table.</summary>
    private Task<long> ActiveSilosAsync() => ScalarAsync("SELECT count(*) FROM orleans_membership WHERE status = 3");
}
