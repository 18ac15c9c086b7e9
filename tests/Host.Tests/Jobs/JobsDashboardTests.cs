using System.Net;
using System.Text.RegularExpressions;
using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.BuildingBlocks.Security;
using OrleansCrm.Identity.Contracts;
using OrleansCrm.Testing;

namespace OrleansCrm.Host.Tests.Jobs;

/// <summary>The Hangfire dashboard at /hangfire: the Admin role's only, through the web UI's cookie sign-in.</summary>
public abstract partial class JobsDashboardTests(HostFixture fixture)
{
    [Fact]
    public async Task An_admin_signed_in_to_the_web_ui_sees_the_dashboard_and_the_modules_jobs()
    {
        using var browser = await SignedInAsync("admin", CrmHost.AdminPassword);

        var home = await browser.GetAsync("/hangfire");
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        Assert.Contains("OrleansCrm jobs", await home.Content.ReadAsStringAsync());

        var recurring = await (await browser.GetAsync("/hangfire/recurring")).Content.ReadAsStringAsync();
        Assert.Contains("servicedesk.deadline-sweep", recurring);
        Assert.Contains("staff.absence-catch-up", recurring);
    }

    [Fact]
    public async Task Another_role_signed_in_to_the_web_ui_is_refused()
    {
        await fixture.Host.TokenAsync("dashboard-dispatcher", [CrmRoles.Dispatcher]); // creates the user
        using var browser = await SignedInAsync("dashboard-dispatcher", CrmHost.UserPassword);

        Assert.Equal(HttpStatusCode.Forbidden, (await browser.GetAsync("/hangfire")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.GetAsync("/hangfire/recurring")).StatusCode);
    }

    [Fact]
    public async Task Someone_not_signed_in_is_sent_to_the_sign_in_page()
    {
        using var http = fixture.Host.AnonymousHttp();

        var response = await http.GetAsync("/hangfire");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith(AccountRoutes.LoginPage + "?returnUrl=", response.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task An_api_client_of_another_role_is_refused()
    {
        using var http = fixture.Host.Http(CrmRoles.Director);
        Assert.Equal(HttpStatusCode.Forbidden, (await http.GetAsync("/hangfire")).StatusCode);
    }

    /// <summary>A cookie-keeping client signed in through the sign-in form, as a browser would be.</summary>
    private async Task<HttpClient> SignedInAsync(string userName, string password)
    {
        using (fixture.Host.AnonymousHttp())
        {
            // the server runs, and its address is known
        }

        var http = new HttpClient(new SocketsHttpHandler { CookieContainer = new CookieContainer(), UseCookies = true, AllowAutoRedirect = false })
        {
            BaseAddress = fixture.Host.ClientOptions.BaseAddress,
        };
        var page = await (await http.GetAsync(AccountRoutes.LoginPage)).Content.ReadAsStringAsync();
        var token = AntiforgeryInput().Match(page);
        Assert.True(token.Success, "no antiforgery token on the sign-in page");

        var signIn = await http.PostAsync(AccountRoutes.Login, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            [LoginFields.UserName] = userName,
            [LoginFields.Password] = password,
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups["value"].Value),
        }));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.DoesNotContain(AccountRoutes.LoginPage, signIn.Headers.Location?.OriginalString ?? "");
        return http;
    }

    [GeneratedRegex("<input[^>]*name=\"__RequestVerificationToken\"[^>]*value=\"(?<value>[^\"]+)\"")]
    private static partial Regex AntiforgeryInput();
}

public sealed class SqliteJobsDashboardTests(SqliteHostFixture fixture) : JobsDashboardTests(fixture), IClassFixture<SqliteHostFixture>;

public sealed class PostgresJobsDashboardTests(PostgresHostFixture fixture) : JobsDashboardTests(fixture), IClassFixture<PostgresHostFixture>;
