using System.Net;
using System.Text.RegularExpressions;
using OrleansCrm.Identity.Contracts;
using OrleansCrm.Testing;

namespace OrleansCrm.Host.Tests.Security;

/// <summary>A browser's view of the host: cookies kept, redirects shown rather than followed, signed in through the login form.</summary>
public sealed partial class CookieBrowser : IDisposable
{
    public CookieBrowser(CrmHost host)
    {
        host.AnonymousHttp().Dispose(); // the server runs, and its address is known
        Http = new HttpClient(new SocketsHttpHandler { CookieContainer = Cookies, UseCookies = true, AllowAutoRedirect = false })
        {
            BaseAddress = host.ClientOptions.BaseAddress,
        };
    }

    public CookieContainer Cookies { get; } = new();

    public HttpClient Http { get; }

    /// <summary>This site's origin, as a browser sends it in <c>Origin</c>.</summary>
    public string Origin => Http.BaseAddress!.GetLeftPart(UriPartial.Authority);

    /// <summary>Signs in through the login page's form (user created beforehand by the test).</summary>
    public async Task SignInAsync(string userName, string password)
    {
        var page = await Http.GetStringAsync(AccountRoutes.LoginPage);
        var token = WebUtility.HtmlDecode(TokenInput().Match(page).Groups["value"].Value);
        using var request = new HttpRequestMessage(HttpMethod.Post, AccountRoutes.Login)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                [LoginFields.UserName] = userName,
                [LoginFields.Password] = password,
                ["__RequestVerificationToken"] = token,
            }),
        };
        request.Headers.Add("Origin", Origin);
        var response = await Http.SendAsync(request);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.OriginalString == "/",
            $"sign-in of {userName}: {response.StatusCode} {response.Headers.Location}");
    }

    public void Dispose() => Http.Dispose();

    [GeneratedRegex("<input[^>]*name=\"__RequestVerificationToken\"[^>]*value=\"(?<value>[^\"]+)\"")]
    private static partial Regex TokenInput();
}
