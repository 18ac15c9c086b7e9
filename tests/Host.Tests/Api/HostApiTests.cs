using System.Net;
using System.Text.Json.Nodes;
using OrleansCrm.Testing;

namespace OrleansCrm.Host.Tests.Api;

[CollectionDefinition(Name)]
public sealed class SqliteHostCollection : ICollectionFixture<SqliteHostFixture>
{
    public const string Name = "host on sqlite";
}

/// <summary>What every deployment relies on: health probes, the OpenAPI document, the API page, error shapes.</summary>
[Collection(SqliteHostCollection.Name)]
public sealed class HostApiTests(SqliteHostFixture fixture)
{
    private readonly HttpClient _http = fixture.Http;

    [Fact]
    public async Task Liveness_and_readiness()
    {
        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync("/health")).StatusCode);

        var ready = await _http.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        var report = JsonNode.Parse(await ready.Content.ReadAsStringAsync())!;
        Assert.Equal("Healthy", report["status"]!.GetValue<string>());
        Assert.Equal("Healthy", report["checks"]!["database"]!["status"]!.GetValue<string>());
        Assert.Equal("Healthy", report["checks"]!["silo"]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task OpenApi_document_describes_the_clients_api_with_string_enums()
    {
        var response = await _http.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var paths = document["paths"]!.AsObject();
        foreach (var path in new[] { "/api/clients", "/api/clients/{id}", "/api/clients/lookup", "/api/clients/{id}/contacts" })
        {
            Assert.True(paths.ContainsKey(path), path);
        }

        var kind = document["components"]!["schemas"]!["ClientKind"]!;
        Assert.Equal(["Company", "SoleProprietor", "BudgetInstitution"], kind["enum"]!.AsArray().Select(v => v!.GetValue<string>()));
    }

    [Fact]
    public async Task Scalar_serves_the_interactive_api_page()
    {
        var response = await _http.GetAsync("/scalar");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("openapi/v1.json", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Unknown_routes_are_problem_details()
    {
        var response = await _http.GetAsync("/api/nothing-here");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
