using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.Clients.Contracts;
using OrleansCrm.Testing;

namespace OrleansCrm.Host.Tests.Cluster;

/// <summary>Server mode: two hosts on one PostgreSQL database are one Orleans cluster and one product.</summary>
public sealed class TwoHostClusterTests() : DatabaseTest(DatabaseProvider.PostgreSql)
{
    [Fact]
    public async Task A_client_written_through_one_host_is_read_through_the_other()
    {
        // Started together: both run the schema bootstrap at once.
        await using var first = Database.StartHost();
        await using var second = Database.StartHost();
        var starts = await Task.WhenAll(Task.Run(first.Http), Task.Run(second.Http));
        using var a = starts[0];
        using var b = starts[1];

        var created = await a.PostAsJsonAsync("/api/clients", new JsonObject
        {
            ["legalName"] = "ТОВ «Кластер»",
            ["taxId"] = "14360570",
            ["contacts"] = new JsonArray(new JsonObject { ["name"] = "Вузол", ["phones"] = new JsonArray("+380 44 555 00 11") }),
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var client = await CrmHost.ReadAsync<ClientDetails>(created);

        var read = await CrmHost.ReadAsync<ClientDetails>(await b.GetAsync($"/api/clients/{client.Id}"));
        Assert.Equal(client.Version, read.Version);
        var lookup = await CrmHost.ReadAsync<List<PhoneLookupMatch>>(await b.GetAsync("/api/clients/lookup?phone=0445550011"));
        Assert.Equal(client.Id, Assert.Single(lookup).Client.Id);

        // Both hosts route one client's commands to its single activation: versions never fork.
        var updates = await Task.WhenAll(
            a.PutAsJsonAsync($"/api/clients/{client.Id}", new { legalName = "ТОВ «Кластер А»", version = 1 }),
            b.PutAsJsonAsync($"/api/clients/{client.Id}", new { legalName = "ТОВ «Кластер Б»", version = 1 }));
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], updates.Select(u => u.StatusCode).Order());

        foreach (var http in new[] { a, b })
        {
            var ready = JsonNode.Parse(await (await http.GetAsync("/health/ready")).Content.ReadAsStringAsync())!;
            Assert.Equal("Healthy", ready["status"]!.GetValue<string>());
        }

        Assert.Equal(2, await ActiveSilosAsync());
    }

    /// <summary>Status 3 is SiloStatus.Active in Orleans' membership table.</summary>
    private Task<long> ActiveSilosAsync() => ScalarAsync("SELECT count(*) FROM orleans_membership WHERE status = 3");
}
