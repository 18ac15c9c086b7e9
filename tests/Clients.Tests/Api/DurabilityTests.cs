using System.Net;
using System.Net.Http.Json;
using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.Clients.Contracts;
using OrleansCrm.Clients.Tests.TestData;
using OrleansCrm.Testing;

namespace OrleansCrm.Clients.Tests.Api;

/// <summary>Stop the host, start a new one on the same database: every client, version and search row is still there.</summary>
public abstract class DurabilityTests(DatabaseProvider provider) : DatabaseTest(provider)
{

    [Fact]
    public async Task Clients_survive_a_restart()
    {
        var phone = TestPhones.Next();
        var taxId = TestTaxIds.Edrpou();
        ClientDetails created;
        await using (var first = Database.StartHost())
        {
            using var http = first.Http();
            var response = await http.PostAsJsonAsync("/api/clients", ClientJson.Company("ТОВ «Незнищенний»", taxId, "durable", contacts: [ClientJson.Contact("Вічний", phone, null)]));
            created = await CrmHost.ReadAsync<ClientDetails>(response);
            var updated = await http.PutAsJsonAsync($"/api/clients/{created.Id}", ClientJson.Company("ТОВ «Незнищенний»", taxId, "durable", contacts: [ClientJson.Contact("Вічний", phone, null)], version: 1, status: "Suspended"));
            Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        }

        await using var second = Database.StartHost();
        using var again = second.Http();
        var read = await CrmHost.ReadAsync<ClientDetails>(await again.GetAsync($"/api/clients/{created.Id}"));
        Assert.Equal(2, read.Version);
        Assert.Equal(SupportStatus.Suspended, read.SupportStatus);
        Assert.Equal([phone], read.Contacts[0].Phones);
        Assert.Equal(created.CreatedAt, read.CreatedAt);

        var page = await CrmHost.ReadAsync<ClientPage>(await again.GetAsync($"/api/clients?search={taxId}"));
        Assert.Equal(2, Assert.Single(page.Items).Version);

        // The restarted host keeps enforcing versions.
        var stale = await again.PutAsJsonAsync($"/api/clients/{created.Id}", ClientJson.Company("ТОВ «Старий»", taxId, "durable", version: 1));
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
    }

    [Fact]
    public async Task Schema_bootstrap_is_idempotent_across_restarts()
    {
        for (var i = 0; i < 2; i++)
        {
            await using var host = Database.StartHost();
            using var http = host.Http();
            var ready = await http.GetAsync("/health/ready");
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        }
    }
}

public sealed class SqliteDurabilityTests() : DurabilityTests(DatabaseProvider.Sqlite);

public sealed class PostgresDurabilityTests() : DurabilityTests(DatabaseProvider.PostgreSql);
