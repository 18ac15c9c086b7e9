using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.BuildingBlocks.Security;
using OrleansCrm.Host.Tests.Api;
using OrleansCrm.Testing;

namespace OrleansCrm.Host.Tests.Observability;

[CollectionDefinition(Name)]
public sealed class PostgresHostCollection : ICollectionFixture<PostgresHostFixture>
{
    public const string Name = "host on postgresql";
}

/// <summary>
/// <c>/metrics</c> on the real host: who may read it, and that the product's own instruments, Orleans' and ASP.NET
/// Core's reach it. Counters are process-wide (the product's meter is static), so values are only asserted non-zero.
/// </summary>
public abstract class MetricsTests(HostFixture fixture)
{
    private const string Metrics = "/metrics";

    [Fact]
    public async Task Anonymous_readers_get_401_as_problem_details_not_the_sign_in_page()
    {
        using var http = fixture.Host.AnonymousHttp();
        var response = await http.GetAsync(Metrics);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_signed_in_user_who_is_not_an_admin_gets_403()
    {
        using var http = fixture.Host.Http(CrmRoles.Dispatcher);
        var response = await http.GetAsync(Metrics);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task After_a_ticket_is_opened_an_admin_reads_group_commits_dispatcher_decisions_and_requests()
    {
        await OpenTicketAsync(fixture.Http);
        using var admin = fixture.Host.Http(CrmRoles.Admin);

        // The exporter may answer from a scrape it cached a moment ago: read until the ticket's figures are in.
        var scrape = await ApiAssert.EventuallyAsync(
            () => ScrapeAsync(admin),
            text => Sum(text, "crm_group_commit_batches_total") > 0 && Sum(text, "crm_dispatcher_decisions_total") > 0
                && Sum(text, "http_server_request_duration_seconds_count") > 0);

        Assert.Contains("crm_group_commit_batch_size_bucket", scrape);
        Assert.Contains("crm_dispatcher_queue_length", scrape);
        Assert.Contains("outcome=\"assigned\"", scrape);
        Assert.Contains("http_request_method=\"POST\",http_response_status_code=\"201\",http_route=\"/api/tickets", scrape);
        Assert.Contains("otel_scope_name=\"Microsoft.Orleans\"", scrape);
    }

    [Fact]
    public async Task An_allowed_address_reads_without_signing_in()
    {
        await using var database = await TestDatabase.CreateAsync(fixture.Provider);
        await using var host = database.StartHost(new Dictionary<string, string?> { ["Crm:Telemetry:MetricsAllowedAddresses:0"] = "127.0.0.1" });
        using var http = host.AnonymousHttp();

        var response = await http.GetAsync(Metrics);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType);
        // Only the metrics are open: the API still wants a signed-in user.
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/api/clients")).StatusCode);
    }

    private static async Task<string> ScrapeAsync(HttpClient http)
    {
        var response = await http.GetAsync(Metrics);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>The sum of a metric's samples over all its label sets in a Prometheus text scrape; 0 when absent.</summary>
    private static double Sum(string scrape, string metric)
    {
        var total = 0.0;
        foreach (var line in scrape.Split('\n'))
        {
            if (!line.StartsWith(metric, StringComparison.Ordinal) || line.Length == metric.Length || line[metric.Length] is not ('{' or ' '))
            {
                continue;
            }

            // name{labels} value [timestamp]: label values may hold spaces, so read after the closing brace.
            var rest = line[(line[metric.Length] == '{' ? line.LastIndexOf('}') + 1 : metric.Length)..].Trim();
            total += double.Parse(rest.Split(' ')[0], NumberStyles.Float, CultureInfo.InvariantCulture);
        }

        return total;
    }

    /// <summary>A client, a specialist with a skill of this test's own, and a ticket needing it: one assignment.</summary>
    private static async Task OpenTicketAsync(HttpClient http)
    {
        var skill = "metrics-" + Guid.NewGuid().ToString("N")[..8];
        var client = await CreatedAsync(await http.PostAsJsonAsync("/api/clients", new { legalName = $"ТОВ «Метрики {skill}»", supportStatus = "Active" }, CrmHost.Json));
        await CreatedAsync(await http.PostAsJsonAsync("/api/specialists", new { name = "Метрика", skills = new[] { new { code = skill, level = 3 } }, capacity = 10 }, CrmHost.Json));
        var ticket = await CreatedAsync(await http.PostAsJsonAsync("/api/tickets", new
        {
            clientId = client["id"]!.GetValue<Guid>(),
            subject = "Не формується звіт",
            description = "Після оновлення BAS не формується податкова накладна",
            channel = "Phone",
            priority = "Normal",
            requiredSkill = skill,
            minLevel = 1,
        }, CrmHost.Json));
        Assert.Equal("Assigned", ticket["status"]!.GetValue<string>());
    }

    private static async Task<JsonNode> CreatedAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{response.StatusCode}: {text}");
        return JsonNode.Parse(text)!;
    }
}

[Collection(SqliteHostCollection.Name)]
public sealed class SqliteMetricsTests(SqliteHostFixture fixture) : MetricsTests(fixture);

[Collection(PostgresHostCollection.Name)]
public sealed class PostgresMetricsTests(PostgresHostFixture fixture) : MetricsTests(fixture);
