using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.StaticAssets;
using Microsoft.Extensions.DependencyInjection;
using OrleansCrm.BuildingBlocks.Security;
using OrleansCrm.ServiceDesk.Contracts;
using OrleansCrm.ServiceDesk.SearchTickets;
using OrleansCrm.Staff.Contracts;
using OrleansCrm.Testing;
using static OrleansCrm.Identity.Tests.HttpAssert;

namespace OrleansCrm.Identity.Tests;

/// <summary>
/// The API's security as an outsider meets it: every endpoint the host maps (read from the host itself, so a new one
/// cannot be forgotten) needs sign-in; each role is refused (403) where it has no business; a specialist reaches their
/// own tickets only.
/// </summary>
public abstract partial class ApiSecurityTests(HostFixture fixture)
{
    /// <summary>What may be called without signing in: probes, sign-in itself, the API description, static files.</summary>
    private static readonly HashSet<string> Anonymous =
    [
        "/health", "/health/ready", "/api/auth/token", "/account/login", "/login", "/openapi/{documentName}.json", "/scalar/{documentName?}", "/culture/set",
        "/metrics", // checks Admin or an allowed address itself, so that a scraper gets 401, not the sign-in redirect (MetricsTests)
        "/not-found", // the 404 page: it shows nothing but that the address does not exist
    ];

    private readonly CrmHost _host = fixture.Host;
    private readonly HttpClient _operator = fixture.Http;
    private readonly string _skill = "sec-" + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task Every_endpoint_needs_sign_in_except_the_anonymous_ones()
    {
        var endpoints = _host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<StaticAssetDescriptor>() is null)
            .ToList();
        Assert.Contains(endpoints, e => e.RoutePattern.RawText == "/api/tickets/{id:guid}/redirect");

        var anonymous = endpoints.Where(e => e.Metadata.GetMetadata<IAllowAnonymous>() is not null).Select(e => e.RoutePattern.RawText!).ToHashSet();
        // Scalar's page comes with its own script and icon files.
        Assert.Empty(anonymous.Where(p => !p.StartsWith("/scalar/", StringComparison.Ordinal)).Except(Anonymous));

        using var http = _host.AnonymousHttp();
        var checkedCount = 0;
        foreach (var endpoint in endpoints.Where(e => !anonymous.Contains(e.RoutePattern.RawText!)))
        {
            var method = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.FirstOrDefault() ?? HttpMethods.Get;
            var path = "/" + Concrete(endpoint.RoutePattern.RawText!).TrimStart('/');
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            if (method is "POST" or "PUT")
            {
                request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
            }

            var response = await http.SendAsync(request);
            var what = $"{method} {path}";
            if (path.StartsWith("/api/", StringComparison.Ordinal) || path.StartsWith("/hubs/", StringComparison.Ordinal))
            {
                await StatusAsync(HttpStatusCode.Unauthorized, response, what);
            }
            else
            {
                // Pages (and everything else a browser asks for) go to the sign-in page.
                await StatusAsync(HttpStatusCode.Redirect, response, what);
                Assert.Contains("/login?returnUrl=", response.Headers.Location!.OriginalString);
            }

            checkedCount++;
        }

        Assert.True(checkedCount >= 25, $"only {checkedCount} endpoints checked");

        // A bearer token that is not ours is no sign-in either.
        http.DefaultRequestHeaders.Authorization = new("Bearer", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl");
        await StatusAsync(HttpStatusCode.Unauthorized, await http.GetAsync("/api/clients"));
    }

    [Fact]
    public async Task Each_role_is_refused_where_it_has_no_business()
    {
        var specialistA = await SpecialistAsync("Роль А");
        var client = await ClientAsync();
        var ticket = await OpenAsync(client, specialistA);
        var office = CrmRoles.All.Where(r => r != CrmRoles.Specialist).ToArray();
        string[] dispatch = [CrmRoles.Dispatcher, CrmRoles.Director];
        var some = Guid.NewGuid();

        // Who may call what; bodies are such that an allowed call changes nothing it should not (400/404/409 are fine).
        (string Method, string Path, object? Body, string[] Allowed)[] matrix =
        [
            ("POST", "/api/clients", new { }, [CrmRoles.Director, CrmRoles.SalesHead, CrmRoles.Manager, CrmRoles.Dispatcher]),
            ("PUT", $"/api/clients/{some}", new { }, [CrmRoles.Director, CrmRoles.SalesHead, CrmRoles.Manager, CrmRoles.Dispatcher]),
            ("POST", $"/api/clients/{some}/contacts", new { }, [CrmRoles.Director, CrmRoles.SalesHead, CrmRoles.Manager, CrmRoles.Dispatcher, CrmRoles.Specialist]),
            ("GET", "/api/clients", null, CrmRoles.All.ToArray()),
            ("POST", "/api/specialists", new { }, [CrmRoles.Director, CrmRoles.Dispatcher, CrmRoles.Admin]),
            ("PUT", $"/api/specialists/{some}/skills", new { }, [CrmRoles.Director, CrmRoles.Dispatcher, CrmRoles.Methodologist, CrmRoles.Admin]),
            ("PUT", $"/api/specialists/{some}/availability", new { status = "OnDuty" }, [CrmRoles.Director, CrmRoles.Dispatcher, CrmRoles.Admin]),
            ("GET", "/api/specialists", null, CrmRoles.All.ToArray()),
            ("GET", "/api/tickets", null, CrmRoles.All.ToArray()),
            ("GET", $"/api/tickets/{ticket}", null, office),
            ("POST", $"/api/tickets/{ticket}/comments", new { text = "видно всім у офісі" }, office),
            ("POST", $"/api/tickets/{ticket}/pause", new { }, dispatch),
            ("POST", $"/api/tickets/{ticket}/time", new { minutes = 5 }, dispatch),
            ("POST", $"/api/tickets/{ticket}/redirect", new { toSpecialistId = specialistA, reason = "на місці" }, dispatch),
            ("POST", "/api/tickets", Ticket(client, overrideReason: "беремо під відповідальність"), dispatch),
            ("GET", "/api/dispatch/board", null, office),
            ("GET", "/api/dispatch/alerts", null, office),
            ("POST", "/api/dispatch/rebalance?queue=" + _skill, null, dispatch),
            ("GET", "/api/users", null, [CrmRoles.Admin]),
            ("POST", "/api/users", new { }, [CrmRoles.Admin]),
            ("PUT", $"/api/users/{some}", new { roles = new[] { "Manager" } }, [CrmRoles.Admin]),
        ];

        foreach (var role in CrmRoles.All)
        {
            using var http = _host.Http(role);
            foreach (var (method, path, body, allowed) in matrix)
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), path);
                if (body is not null)
                {
                    request.Content = System.Net.Http.Json.JsonContent.Create(body, options: CrmHost.Json);
                }

                var response = await http.SendAsync(request);
                var what = $"{role}: {method} {path}";
                if (allowed.Contains(role))
                {
                    Assert.True(response.StatusCode is not (HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized or HttpStatusCode.InternalServerError),
                        $"{what} should be allowed: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                }
                else
                {
                    await StatusAsync(HttpStatusCode.Forbidden, response, what);
                    Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                }
            }
        }
    }

    [Fact]
    public async Task A_specialist_reads_and_works_on_their_own_tickets_only()
    {
        var a = await SpecialistAsync("Своя");
        var b = await SpecialistAsync("Чужа");
        var client = await ClientAsync();
        var own = await OpenAsync(client, a);
        var others = await OpenAsync(client, b);
        using var specialist = await _host.HttpAsync("spec-" + _skill, [CrmRoles.Specialist], a);

        // Another's ticket: not readable, not changeable, in any way.
        await StatusAsync(HttpStatusCode.Forbidden, await specialist.GetAsync($"/api/tickets/{others}"));
        foreach (var action in new[] { "accept", "decline", "start", "resolve", "cancel" })
        {
            await StatusAsync(HttpStatusCode.Forbidden, await specialist.PostJsonAsync($"/api/tickets/{others}/{action}", new { reason = "не моя" }), action);
        }

        await StatusAsync(HttpStatusCode.Forbidden, await specialist.PostJsonAsync($"/api/tickets/{others}/comments", new { text = "підгляну" }));
        await StatusAsync(HttpStatusCode.Forbidden, await specialist.PostJsonAsync($"/api/tickets/{others}/time", new { minutes = 10 }));
        await StatusAsync(HttpStatusCode.Forbidden, await specialist.PostJsonAsync($"/api/tickets/{others}/redirect", new { toSpecialistId = a, reason = "заберу" }));
        await StatusAsync(HttpStatusCode.Forbidden, await specialist.GetAsync($"/api/tickets?assignee={b}"));
        await StatusAsync(HttpStatusCode.Forbidden, await specialist.PutJsonAsync($"/api/specialists/{b}/availability", new { status = "OffShift" }));
        await StatusAsync(HttpStatusCode.Forbidden, await specialist.PostAsync("/api/dispatch/rebalance", null));
        await StatusAsync(HttpStatusCode.Forbidden, await specialist.GetAsync("/api/dispatch/board"));
        var untouched = await CrmHost.ReadAsync<TicketDetails>(await _operator.GetAsync($"/api/tickets/{others}"));
        Assert.Equal((TicketStatus.Assigned, b), (untouched.Status, untouched.AssigneeId));
        Assert.DoesNotContain(untouched.History, h => h.Actor == "spec-" + _skill);

        // The list is theirs alone.
        var list = await CrmHost.ReadAsync<TicketPage>(await specialist.GetAsync("/api/tickets?pageSize=200"));
        Assert.Contains(list.Items, t => t.Id == own);
        Assert.All(list.Items, t => Assert.Equal(a, t.AssigneeId));

        // Their own ticket: read, accept, comment, log time, set their own availability.
        await StatusAsync(HttpStatusCode.OK, await specialist.GetAsync($"/api/tickets/{own}"));
        await StatusAsync(HttpStatusCode.OK, await specialist.PostJsonAsync($"/api/tickets/{own}/accept", new { }));
        await StatusAsync(HttpStatusCode.OK, await specialist.PostJsonAsync($"/api/tickets/{own}/comments", new { text = "дивлюся" }));
        var timed = await specialist.PostJsonAsync($"/api/tickets/{own}/time", new { minutes = 15 });
        await StatusAsync(HttpStatusCode.OK, timed);
        var history = (await CrmHost.ReadAsync<TicketDetails>(timed)).History;
        Assert.Equal("spec-" + _skill, history[^1].Actor);

        // Declining is theirs to do; the ticket then goes to B and is no longer theirs to read.
        var declined = await specialist.PostJsonAsync($"/api/tickets/{own}/decline", new { reason = "не мій профіль" });
        await StatusAsync(HttpStatusCode.OK, declined);
        Assert.Equal(b, (await CrmHost.ReadAsync<TicketDetails>(declined)).AssigneeId);
        await StatusAsync(HttpStatusCode.Forbidden, await specialist.GetAsync($"/api/tickets/{own}"));
        await StatusAsync(HttpStatusCode.OK, await specialist.PutJsonAsync($"/api/specialists/{a}/availability", new { status = "OffShift" }));
    }

    private async Task<Guid> SpecialistAsync(string name)
    {
        var response = await _operator.PostJsonAsync("/api/specialists", new { name, skills = new[] { new { code = _skill, level = 3 } }, capacity = 50 });
        await StatusAsync(HttpStatusCode.Created, response);
        return (await CrmHost.ReadAsync<SpecialistDetails>(response)).Id;
    }

    private async Task<Guid> ClientAsync()
    {
        var response = await _operator.PostJsonAsync("/api/clients", new { legalName = "ТОВ «Безпека»", taxId = "14360570" });
        await StatusAsync(HttpStatusCode.Created, response);
        return (await CrmHost.ReadAsync<Clients.Contracts.ClientDetails>(response)).Id;
    }

    private object Ticket(Guid client, string? overrideReason = null) =>
        new { clientId = client, subject = "Перевірка доступу", requiredSkill = _skill, priority = "Low", overrideReason };

    /// <summary>A ticket assigned to this specialist: the others of the test are made absent while it opens.</summary>
    private async Task<Guid> OpenAsync(Guid client, Guid assignee)
    {
        var response = await _operator.PostJsonAsync("/api/tickets", Ticket(client));
        await StatusAsync(HttpStatusCode.Created, response);
        var ticket = await CrmHost.ReadAsync<TicketDetails>(response);
        if (ticket.AssigneeId != assignee)
        {
            var redirected = await _operator.PostJsonAsync($"/api/tickets/{ticket.Id}/redirect", new { toSpecialistId = assignee, reason = "для тесту" });
            await StatusAsync(HttpStatusCode.OK, redirected);
            ticket = await CrmHost.ReadAsync<TicketDetails>(redirected);
        }

        Assert.Equal(assignee, ticket.AssigneeId);
        return ticket.Id;
    }

    /// <summary>A route pattern with a value for every parameter: ids, the ticket action, a file path.</summary>
    private static string Concrete(string pattern) =>
        Parameter().Replace(pattern, match =>
        {
            var (name, constraint) = (match.Groups["name"].Value, match.Groups["constraint"].Value);
            return constraint.Contains("guid", StringComparison.OrdinalIgnoreCase) ? Guid.NewGuid().ToString()
                : name == "action" ? "accept"
                : constraint.Contains("file", StringComparison.Ordinal) ? "some/file.txt"
                : "x";
        });

    [GeneratedRegex(@"\{\**(?<name>\w+)(?<constraint>:[^}]*)?\??\}")]
    private static partial Regex Parameter();
}

[Collection(SqliteHostCollection.Name)]
public sealed class SqliteApiSecurityTests(SqliteHostFixture fixture) : ApiSecurityTests(fixture);

[Collection(PostgresHostCollection.Name)]
public sealed class PostgresApiSecurityTests(PostgresHostFixture fixture) : ApiSecurityTests(fixture);
