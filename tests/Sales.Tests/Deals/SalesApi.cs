using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OrleansCrm.BuildingBlocks.Security;
using OrleansCrm.Testing;

namespace OrleansCrm.Sales.Tests.Deals;

/// <summary>What the deal tests do over the real API: clients, users, pipelines and deals, named uniquely per test.</summary>
internal sealed class SalesApi(HttpClient http, CrmHost host)
{
    public SalesApi(HostFixture fixture)
        : this(fixture.Http, fixture.Host)
    {
    }

    public HttpClient Http => http;

    public static string Unique(string name) => name + " " + Guid.NewGuid().ToString("N")[..8];

    public async Task<Guid> ClientAsync()
    {
        var response = await Http.PostAsJsonAsync("/api/clients", new { legalName = "ТОВ «" + Unique("Угода") + "»" }, CrmHost.Json);
        return await IdAsync(response);
    }

    /// <summary>A Manager (or another role) with its own client and id.</summary>
    public async Task<(HttpClient Http, Guid Id)> UserAsync(string role = CrmRoles.Manager)
    {
        var name = "u" + Guid.NewGuid().ToString("N")[..10];
        var http = await host.HttpAsync(name, [role]);
        var users = JsonNode.Parse(await Http.GetStringAsync("/api/users"))!.AsArray();
        var id = Guid.Parse(users.First(u => u!["userName"]!.GetValue<string>() == name)!["id"]!.GetValue<string>());
        return (http, id);
    }

    public async Task<JsonObject> PipelineAsync(object body)
    {
        var response = await Http.PostAsJsonAsync("/api/pipelines", body, CrmHost.Json);
        return await ReadAsync(response, HttpStatusCode.Created);
    }

    public async Task<JsonObject> DealAsync(HttpClient http, object body)
    {
        var response = await http.PostAsJsonAsync("/api/deals", body, CrmHost.Json);
        return await ReadAsync(response, HttpStatusCode.Created);
    }

    public async Task<JsonObject> GetDealAsync(Guid id) => await ReadAsync(await Http.GetAsync($"/api/deals/{id}"), HttpStatusCode.OK);

    public static async Task<JsonObject> ReadAsync(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    public static async Task<Guid> IdAsync(HttpResponseMessage response) => (await ReadAsync(response, HttpStatusCode.Created))["id"]!.GetValue<Guid>();

    public static Guid Id(JsonObject o) => o["id"]!.GetValue<Guid>();

    public static int Version(JsonObject o) => o["version"]!.GetValue<int>();

    public static IReadOnlyList<string> Stages(JsonObject deal) =>
        deal["history"]!.AsArray().Select(h => h!["stage"]!.GetValue<string>()).ToList();
}
