using Microsoft.Playwright;

namespace OrleansCrm.E2E;

/// <summary>
/// The Content-Security-Policy the host sends leaves Blazor and Radzen working: each workplace, opened as its role,
/// becomes interactive, and the browser reports no refused script, style, font or connection on the way. An unknown
/// address shows the app's own 404 page.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class SecurityPolicyTests(BrowserFixture fixture)
{
    [Theory]
    [InlineData("director", new[] { "/wall", "/clients", "/tickets", "/tickets/new" })]
    [InlineData("dispatcher", new[] { "/dispatch", "/tickets" })]
    [InlineData("specialist", new[] { "/my" })]
    public async Task The_workplaces_work_under_the_content_security_policy(string user, string[] paths)
    {
        var page = await fixture.NewPageAsync();
        var refused = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase) || message.Text.Contains("Refused to", StringComparison.Ordinal))
            {
                refused.Add(message.Text);
            }
        };
        page.PageError += (_, error) => refused.Add(error);

        await Pages.SignInAsync(page, user);
        foreach (var path in paths)
        {
            await Pages.OpenAsync(page, path);
        }

        var response = await page.GotoAsync("/clients");
        Assert.Contains("script-src 'self'", (await response!.AllHeadersAsync())["content-security-policy"]);
        await Pages.InteractiveAsync(page);
        Assert.Empty(refused);
    }

    [Theory]
    [InlineData("en", "Page not found")]
    [InlineData("uk", "Сторінку не знайдено")]
    public async Task An_unknown_address_shows_the_apps_404_page_in_the_users_language(string culture, string title)
    {
        var page = await fixture.NewPageAsync();
        await Language.SignInAsync(page, "manager", culture);
        var response = await page.GotoAsync("/no/such/page");
        Assert.Equal(404, response!.Status);
        await page.Locator("[data-testid=not-found]").WaitForAsync();
        Assert.Contains(title, await page.Locator("[data-testid=not-found] h1").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(1, await page.Locator(".crm-layout").CountAsync()); // inside the app's frame
        if (culture == "uk")
        {
            await Language.AssertNoEnglishAsync(page);
        }

        await BrowserFixture.ScreenshotAsync(page, $"not-found-{culture}");
    }
}
