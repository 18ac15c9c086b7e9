using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using OrleansCrm.Identity.Contracts;
using OrleansCrm.Testing;

namespace OrleansCrm.Identity.Tests;

[CollectionDefinition(Name)]
public sealed class SqliteHostCollection : ICollectionFixture<SqliteHostFixture>
{
    public const string Name = "identity on sqlite";
}

[CollectionDefinition(Name)]
public sealed class PostgresHostCollection : ICollectionFixture<PostgresHostFixture>
{
    public const string Name = "identity on postgresql";
}

/// <summary>A browser against the host: keeps cookies, does not follow redirects, reads antiforgery tokens from pages.</summary>
public sealed partial class Browser : IDisposable
{
    private readonly HttpClient _http;

    public Browser(CrmHost host)
    {
        host.AnonymousHttp().Dispose(); // the server runs, and its address is known
        _http = new HttpClient(new SocketsHttpHandler { CookieContainer = Cookies, UseCookies = true, AllowAutoRedirect = false })
        {
            BaseAddress = host.ClientOptions.BaseAddress,
        };
    }

    public CookieContainer Cookies { get; } = new();

    public HttpClient Http => _http;

    /// <summary>The cookies as a Cookie header, for another client (another host) to send.</summary>
    public string CookieHeader => Cookies.GetCookieHeader(_http.BaseAddress!);

    /// <summary>The antiforgery token of the first form on the page (the cookie it pairs with is kept).</summary>
    public async Task<string> FormTokenAsync(string path = AccountRoutes.LoginPage)
    {
        var response = await _http.GetAsync(path);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {response.StatusCode}");
        var match = TokenInput().Match(html);
        Assert.True(match.Success, $"no antiforgery token on {path}");
        return WebUtility.HtmlDecode(match.Groups["value"].Value);
    }

    public Task<HttpResponseMessage> LoginAsync(string? token, string userName, string password, string? returnUrl = null)
    {
        var fields = new Dictionary<string, string>
        {
            [LoginFields.UserName] = userName,
            [LoginFields.Password] = password,
        };
        if (returnUrl is not null)
        {
            fields[LoginFields.ReturnUrl] = returnUrl;
        }

        if (token is not null)
        {
            fields["__RequestVerificationToken"] = token;
        }

        return _http.PostAsync(AccountRoutes.Login, new FormUrlEncodedContent(fields));
    }

    public Task<HttpResponseMessage> LogoutAsync(string? token) =>
        _http.PostAsync(AccountRoutes.Logout, new FormUrlEncodedContent(token is null ? [] : new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));

    public void Dispose() => _http.Dispose();

    [GeneratedRegex("<input[^>]*name=\"__RequestVerificationToken\"[^>]*value=\"(?<value>[^\"]+)\"")]
    private static partial Regex TokenInput();
}

public static class HttpAssert
{
    public static async Task StatusAsync(HttpStatusCode expected, HttpResponseMessage response, string? what = null)
    {
        if (response.StatusCode != expected)
        {
            Assert.Fail($"{what ?? response.RequestMessage?.RequestUri?.PathAndQuery}: expected {(int)expected} {expected}, got {(int)response.StatusCode} {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient http, string url, object body) => http.PostAsJsonAsync(url, body, CrmHost.Json);

    public static Task<HttpResponseMessage> PutJsonAsync(this HttpClient http, string url, object body) => http.PutAsJsonAsync(url, body, CrmHost.Json);
}
