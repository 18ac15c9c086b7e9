using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using OrleansCrm.Host.Tests.Api;
using OrleansCrm.Host.Tests.Observability;
using OrleansCrm.Testing;

namespace OrleansCrm.Host.Tests.Security;

/// <summary>
/// The HTTP edge answers what no module should see: NUL characters, undefined enum values, over-long addresses and
/// headers are a 400/414/431 ProblemDetails naming the field, and nothing is stored. Every response carries the
/// security headers.
/// </summary>
public abstract class EdgeTests(HostFixture fixture)
{
    private readonly HttpClient _http = fixture.Http;

    [Fact]
    public async Task A_NUL_character_in_a_body_field_or_a_query_parameter_is_a_400_naming_it_and_stores_nothing()
    {
        var before = await ClientCountAsync();
        await AssertFieldsAsync(await _http.PostAsJsonAsync("/api/clients", new { legalName = "ТОВ «Нуль\0»", contacts = new[] { new { name = "Іван\0" } } }),
            ("legalName", "Http.NulCharacter"), ("contacts[0].name", "Http.NulCharacter"));
        await AssertFieldsAsync(await _http.PostAsJsonAsync("/api/clients", new { legalName = "ТОВ «Сегмент»", segments = new[] { "a\0b" } }), ("segments[0]", "Http.NulCharacter"));
        Assert.Equal(before, await ClientCountAsync());

        await AssertFieldsAsync(await _http.GetAsync("/api/clients?search=%00abc"), ("search", "Http.NulCharacter"));
        await AssertFieldsAsync(await _http.GetAsync("/api/clients/lookup?phone=0441%00"), ("phone", "Http.NulCharacter"));
        await AssertFieldsAsync(await _http.GetAsync("/api/tickets?skill=me%00doc"), ("skill", "Http.NulCharacter"));
        await AssertFieldsAsync(await _http.GetAsync("/api/specialists?search=x%00"), ("search", "Http.NulCharacter"));
    }

    [Fact]
    public async Task An_undefined_enum_value_in_json_or_in_the_query_is_a_400_naming_it_and_stores_nothing()
    {
        var client = JsonNode.Parse(await (await _http.PostAsJsonAsync("/api/clients", new { legalName = "ТОВ «Перелік»" })).Content.ReadAsStringAsync())!["id"]!.GetValue<Guid>();
        var before = await ClientCountAsync();
        await AssertFieldsAsync(await PostRawAsync("/api/clients", """{ "legalName": "ТОВ «Вид»", "kind": 999, "supportStatus": 999 }"""), ("kind", "Http.UndefinedValue"), ("supportStatus", "Http.UndefinedValue"));
        var numericString = await PostRawAsync("/api/clients", """{ "legalName": "ТОВ «Вид»", "kind": "999" }""");
        Assert.Equal(HttpStatusCode.BadRequest, numericString.StatusCode);
        Assert.Contains("kind", await numericString.Content.ReadAsStringAsync());
        Assert.Equal(before, await ClientCountAsync());

        await AssertFieldsAsync(await PostRawAsync("/api/tickets", $$"""{ "clientId": "{{client}}", "subject": "Пріоритет", "requiredSkill": "medoc", "priority": 999 }"""), ("priority", "Http.UndefinedValue"));
        await AssertFieldsAsync(await PostRawAsync("/api/tickets", $$"""{ "clientId": "{{client}}", "subject": "Канал", "requiredSkill": "medoc", "channel": 999 }"""), ("channel", "Http.UndefinedValue"));
        var tickets = JsonNode.Parse(await (await _http.GetAsync($"/api/tickets?client={client}")).Content.ReadAsStringAsync())!["total"]!.GetValue<int>();
        Assert.Equal(0, tickets);

        await AssertFieldsAsync(await _http.GetAsync("/api/tickets?tile=999"), ("tile", "Http.UndefinedValue"));
        await AssertFieldsAsync(await _http.GetAsync("/api/tickets?status=-1"), ("status", "Http.UndefinedValue"));

        var specialist = JsonNode.Parse(await (await _http.PostAsJsonAsync("/api/specialists", new { name = "Перелік Андрій" })).Content.ReadAsStringAsync())!["id"]!.GetValue<Guid>();
        var availability = await _http.PutAsync($"/api/specialists/{specialist}/availability", new StringContent("""{ "status": 999 }""", Encoding.UTF8, "application/json"));
        await AssertFieldsAsync(availability, ("status", "Http.UndefinedValue"));
        var stored = JsonNode.Parse(await (await _http.GetAsync($"/api/specialists/{specialist}")).Content.ReadAsStringAsync())!;
        Assert.Equal("OnDuty", stored["availability"]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_address_or_headers_over_the_limit_get_ProblemDetails_and_beyond_kestrels_own_limit_a_bare_answer()
    {
        var longQuery = await _http.GetAsync("/api/clients?search=" + new string('a', 9000));
        Assert.Equal(HttpStatusCode.RequestUriTooLong, longQuery.StatusCode);
        Assert.Equal("application/problem+json", longQuery.Content.Headers.ContentType?.MediaType);

        using (var request = new HttpRequestMessage(HttpMethod.Get, "/api/clients"))
        {
            request.Headers.Add("X-Big", new string('b', 40_000));
            var big = await _http.SendAsync(request);
            Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, big.StatusCode);
            Assert.Equal("application/problem+json", big.Content.Headers.ContentType?.MediaType);
        }

        // Past Kestrel's own limit no middleware runs: Kestrel answers 414 itself, without a body.
        var huge = await RawAsync($"GET /api/clients?search={new string('a', 20_000)} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        Assert.StartsWith("HTTP/1.1 414", huge);
    }

    [Fact]
    public async Task Every_response_carries_the_security_headers()
    {
        using var anonymous = fixture.Host.AnonymousHttp();
        foreach (var response in new[]
                 {
                     await anonymous.GetAsync("/login"), await anonymous.GetAsync("/health"), await anonymous.GetAsync("/api/clients"),
                     await _http.GetAsync("/api/nothing-here"), await _http.GetAsync("/api/clients?search=%00"), await _http.GetAsync("/openapi/v1.json"),
                 })
        {
            var what = response.RequestMessage!.RequestUri!.PathAndQuery;
            Assert.True(response.Headers.TryGetValues("X-Content-Type-Options", out var nosniff) && nosniff.Single() == "nosniff", what);
            Assert.True(response.Headers.Contains("Referrer-Policy"), what);
            Assert.True(response.Headers.TryGetValues("Content-Security-Policy", out var csp) && csp.Single().Contains("frame-ancestors 'none'"), what);
        }
    }

    [Fact]
    public async Task An_unknown_page_shows_the_apps_404_page_and_an_unknown_api_path_stays_ProblemDetails()
    {
        using var browser = new CookieBrowser(fixture.Host);
        await fixture.Host.TokenAsync("not-found-manager", [OrleansCrm.BuildingBlocks.Security.CrmRoles.Manager]);
        await browser.SignInAsync("not-found-manager", CrmHost.UserPassword);
        foreach (var (culture, title) in new[] { ("en", "Page not found"), ("uk", "Сторінку не знайдено"), ("ru", "Страница не найдена") })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/no/such/page");
            request.Headers.Add("Accept", "text/html");
            request.Headers.Add("Cookie", $".AspNetCore.Culture=c={culture}|uic={culture}");
            var page = await browser.Http.SendAsync(request);
            Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
            var html = WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync()); // Blazor writes Cyrillic as character references
            Assert.Contains("data-testid=\"not-found\"", html);
            Assert.Contains(title, html);
            Assert.Contains("crm-layout", html); // inside the app's frame
        }

        var api = await browser.Http.GetAsync("/api/nothing-here");
        Assert.Equal(HttpStatusCode.NotFound, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);

        var login = await browser.Http.GetStringAsync("/login");
        var icon = System.Text.RegularExpressions.Regex.Match(login, "<link rel=\"icon\"[^>]*href=\"([^\"]+)\"").Groups[1].Value;
        Assert.NotEmpty(icon);
        var favicon = await browser.Http.GetAsync("/" + icon.TrimStart('/'));
        Assert.Equal(HttpStatusCode.OK, favicon.StatusCode);
        Assert.Equal("image/svg+xml", favicon.Content.Headers.ContentType?.MediaType);
    }

    private async Task<HttpResponseMessage> PostRawAsync(string url, string json) =>
        await _http.PostAsync(url, new StringContent(json, Encoding.UTF8, "application/json"));

    private async Task<int> ClientCountAsync() =>
        JsonNode.Parse(await (await _http.GetAsync("/api/clients?pageSize=1")).Content.ReadAsStringAsync())!["total"]!.GetValue<int>();

    private async Task<string> RawAsync(string request)
    {
        var address = fixture.Host.ClientOptions.BaseAddress;
        using var socket = new TcpClient();
        await socket.ConnectAsync(address.Host, address.Port);
        var stream = socket.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        using var reader = new StreamReader(stream, Encoding.ASCII);
        return await reader.ReadToEndAsync();
    }

    private static async Task AssertFieldsAsync(HttpResponseMessage response, params (string Field, string Code)[] expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{response.RequestMessage?.RequestUri?.PathAndQuery}: {(int)response.StatusCode} {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = JsonNode.Parse(text)!;
        Assert.Equal(expected.Select(e => e.Field).Order(), body["errors"]!.AsObject().Select(e => e.Key).Order());
        foreach (var (field, code) in expected)
        {
            Assert.Contains(code, body["errorCodes"]![field]!.AsArray().Select(c => c!.GetValue<string>()));
        }
    }
}

[Collection(SqliteHostCollection.Name)]
public sealed class SqliteEdgeTests(SqliteHostFixture fixture) : EdgeTests(fixture);

[Collection(PostgresHostCollection.Name)]
public sealed class PostgresEdgeTests(PostgresHostFixture fixture) : EdgeTests(fixture);
