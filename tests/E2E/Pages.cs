using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace OrleansCrm.E2E;

/// <summary>What every browser test does on the way to what it checks.</summary>
public static partial class Pages
{

    /// <summary>
    /// Signs in through the sign-in page's form, as a person would, and waits until it has left that page; then makes
    /// <paramref name="culture"/> the user's language unless it is null. The language is kept with the user, and the
    /// tests share the demo users: each test says which language it expects rather than inheriting another test's.
    /// </summary>
    public static async Task SignInAsync(IPage page, string userName, string password = BrowserFixture.DemoPassword, string? culture = "en")
    {
        await page.GotoAsync("/login");
        await page.FillAsync("#userName", userName);
        await page.FillAsync("#password", password);
        await page.ClickAsync("button[type=submit]");
        await AtAsync(page, "^[^?#]*://[^/]+/(?!login)");
        if (culture is not null && await page.EvaluateAsync<string>("() => document.documentElement.lang") != culture)
        {
            await page.GotoAsync($"/culture/set?culture={culture}&redirectUri={Uri.EscapeDataString(new Uri(page.Url).PathAndQuery)}");
            await page.WaitForFunctionAsync($"() => document.documentElement.lang === '{culture}'");
        }
    }

    /// <summary>Opens a page and waits until its interactive circuit has taken over the prerendered HTML.</summary>
    public static async Task OpenAsync(IPage page, string path)
    {
        await page.GotoAsync(path);
        await InteractiveAsync(page);
    }

    /// <summary>
    /// Waits until the page's address matches <paramref name="address"/>. Not WaitForURLAsync: it reads the address, then
    /// subscribes to navigations, and a navigation in between (a Blazor NavigateTo lands within milliseconds of the
    /// click) is lost for good, a 20 s timeout on a page already there (microsoft/playwright-dotnet#3364; it failed this
    /// suite on a loaded machine). The assertion polls the address instead.
    /// </summary>
    public static Task AtAsync(IPage page, Regex address) => Assertions.Expect(page).ToHaveURLAsync(address, new() { Timeout = 20_000 });

    public static Task AtAsync(IPage page, [System.Diagnostics.CodeAnalysis.StringSyntax("Regex")] string address) => AtAsync(page, new Regex(address));

    public static Task InteractiveAsync(IPage page) => page.Locator(".crm-page[data-interactive]").WaitForAsync();

    /// <summary>
    /// Waits until the open dialog has finished fading in, so that a screenshot shows it as a person sees it, and until Radzen
    /// has put the focus on its first field. Radzen does that 500 ms after opening, wherever the focus is by then, so a field
    /// being filled at that moment gives its text to the first one: a specialist was created as "… uk-a4beb8e2e.admin" (the
    /// skill code after the name), and a user named with the specialist filter's text after the name is shown in the grid
    /// (it contains the name looked for) but is not in GET /api/users under the name typed. A dialog with nothing to focus
    /// (Radzen's own list of what is focusable) is not waited for.
    /// </summary>
    public static async Task DialogShownAsync(IPage page)
    {
        var dialog = page.Locator(".rz-dialog").Last;
        await dialog.WaitForAsync();
        await dialog.EvaluateAsync("d => Promise.all([d, ...d.parentElement.children].flatMap(e => e.getAnimations({ subtree: true })).map(a => a.finished))");
        await page.WaitForFunctionAsync("""
            () => {
                const content = [...document.querySelectorAll('.rz-dialog-content')].pop();
                const focusable = content ? [...content.querySelectorAll('a, button, input, textarea, select, details, summary, [contenteditable], [tabindex]')]
                    .filter(e => !e.hasAttribute('disabled') && e.offsetParent !== null && e.tabIndex > -1) : [];
                return focusable.length === 0 || content.contains(document.activeElement);
            }
            """);
    }

    [GeneratedRegex("/tickets/[0-9a-f-]{36}$")]
    public static partial Regex TicketUrl();

    [GeneratedRegex("/clients/[0-9a-f-]{36}$")]
    public static partial Regex ClientUrl();
}
