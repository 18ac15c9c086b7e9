using System.Net;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OrleansCrm.BuildingBlocks.Security;
using OrleansCrm.Host.Tests.Api;
using OrleansCrm.Host.Tests.Observability;
using OrleansCrm.ServiceDesk.Contracts;
using OrleansCrm.Testing;

namespace OrleansCrm.Host.Tests.Security;

/// <summary>
/// The sign-in cookie cannot be made to change anything from another site: a state-changing API call on the cookie needs
/// the X-Requested-With header and this site's Origin; bearer-token calls are not affected.
/// </summary>
public abstract class CrossSiteTests(HostFixture fixture)
{
    private const string Evil = "https://evil.example";

    [Fact]
    public async Task A_cross_site_form_post_cannot_cancel_a_ticket_and_changes_nothing()
    {
        var ticket = await OpenTicketAsync();
        using var browser = await DispatcherBrowserAsync();

        // What a form on another site sends: a simple content type, the victim's cookie, that site's Origin.
        using (var form = new HttpRequestMessage(HttpMethod.Post, $"/api/tickets/{ticket.Id}/cancel") { Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["reason"] = "x" }) })
        {
            form.Headers.Add("Origin", Evil);
            var refused = await browser.Http.SendAsync(form);
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            Assert.Equal("Http.ForeignOrigin", JsonNode.Parse(await refused.Content.ReadAsStringAsync())!["code"]!.GetValue<string>());
        }

        // Without an Origin (an older browser, a simple fetch), the missing header still refuses it, even as JSON.
        using (var json = new HttpRequestMessage(HttpMethod.Post, $"/api/tickets/{ticket.Id}/cancel") { Content = JsonContent.Create(new { reason = "x" }) })
        {
            var refused = await browser.Http.SendAsync(json);
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Equal("Http.CrossSiteRefused", JsonNode.Parse(await refused.Content.ReadAsStringAsync())!["code"]!.GetValue<string>());
        }

        // The header from another Origin does not help either.
        using (var foreign = new HttpRequestMessage(HttpMethod.Post, $"/api/tickets/{ticket.Id}/cancel") { Content = JsonContent.Create(new { reason = "x" }) })
        {
            foreign.Headers.Add("Origin", Evil);
            foreign.Headers.Add("X-Requested-With", "XMLHttpRequest");
            Assert.Equal(HttpStatusCode.Forbidden, (await browser.Http.SendAsync(foreign)).StatusCode);
        }

        var after = await CrmHost.ReadAsync<TicketDetails>(await fixture.Http.GetAsync($"/api/tickets/{ticket.Id}"));
        Assert.Equal((ticket.Status, ticket.Version), (after.Status, after.Version));

        // The same call from this site, with the header, is what a script of this site may do: it works.
        using var own = new HttpRequestMessage(HttpMethod.Post, $"/api/tickets/{ticket.Id}/cancel") { Content = JsonContent.Create(new { reason = "x" }) };
        own.Headers.Add("Origin", browser.Origin);
        own.Headers.Add("X-Requested-With", "XMLHttpRequest");
        var accepted = await browser.Http.SendAsync(own);
        Assert.True(accepted.StatusCode == HttpStatusCode.OK, await accepted.Content.ReadAsStringAsync());
        Assert.Equal(TicketStatus.Cancelled, (await CrmHost.ReadAsync<TicketDetails>(accepted)).Status);
    }

    [Fact]
    public async Task Reading_with_the_cookie_and_changing_with_a_bearer_token_from_anywhere_still_work()
    {
        var ticket = await OpenTicketAsync();
        using var browser = await DispatcherBrowserAsync();
        using var read = new HttpRequestMessage(HttpMethod.Get, $"/api/tickets/{ticket.Id}");
        read.Headers.Add("Origin", Evil);
        Assert.Equal(HttpStatusCode.OK, (await browser.Http.SendAsync(read)).StatusCode);

        using var bearer = new HttpRequestMessage(HttpMethod.Post, $"/api/tickets/{ticket.Id}/cancel") { Content = JsonContent.Create(new { reason = "x" }) };
        bearer.Headers.Add("Origin", Evil);
        var response = await fixture.Http.SendAsync(bearer);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_login_form_is_refused_from_another_site()
    {
        using var browser = new CookieBrowser(fixture.Host);
        using var login = new HttpRequestMessage(HttpMethod.Post, "/account/login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["userName"] = "admin", ["password"] = CrmHost.AdminPassword }),
        };
        login.Headers.Add("Origin", Evil);
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.Http.SendAsync(login)).StatusCode);
    }

    [Fact]
    public void The_cookies_are_Secure_when_served_over_https()
    {
        var services = fixture.Host.HostServices;
        var signIn = services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(IdentityConstants.ApplicationScheme);
        var antiforgery = services.GetRequiredService<IOptions<AntiforgeryOptions>>().Value;
        Assert.Equal(CookieSecurePolicy.SameAsRequest, signIn.Cookie.SecurePolicy);
        Assert.Equal(CookieSecurePolicy.SameAsRequest, antiforgery.Cookie.SecurePolicy);
        Assert.Equal(SameSiteMode.Lax, signIn.Cookie.SameSite);
        Assert.True(signIn.Cookie.HttpOnly);
    }

    private async Task<CookieBrowser> DispatcherBrowserAsync()
    {
        await fixture.Host.TokenAsync("cross-site-dispatcher", [CrmRoles.Dispatcher]);
        var browser = new CookieBrowser(fixture.Host);
        await browser.SignInAsync("cross-site-dispatcher", CrmHost.UserPassword);
        return browser;
    }

    private async Task<TicketDetails> OpenTicketAsync()
    {
        var client = JsonNode.Parse(await (await fixture.Http.PostAsJsonAsync("/api/clients", new { legalName = "ТОВ «Крос-сайт»" })).Content.ReadAsStringAsync())!["id"]!.GetValue<Guid>();
        var opened = await fixture.Http.PostAsJsonAsync("/api/tickets", new { clientId = client, subject = "Чужий сайт", priority = "Normal", requiredSkill = "nobody-has-it" });
        Assert.True(opened.StatusCode == HttpStatusCode.Created, await opened.Content.ReadAsStringAsync());
        return await CrmHost.ReadAsync<TicketDetails>(opened);
    }
}

[Collection(SqliteHostCollection.Name)]
public sealed class SqliteCrossSiteTests(SqliteHostFixture fixture) : CrossSiteTests(fixture);

[Collection(PostgresHostCollection.Name)]
public sealed class PostgresCrossSiteTests(PostgresHostFixture fixture) : CrossSiteTests(fixture);
