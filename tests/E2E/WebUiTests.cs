using Microsoft.Playwright;

namespace OrleansCrm.E2E;

/// <summary>The web UI as its users meet it: sign-in, the clients workplace, the language switch and a new ticket.</summary>
[Collection(BrowserCollection.Name)]
public sealed class WebUiTests(BrowserFixture fixture)
{
    [Fact]
    public async Task A_wrong_password_brings_the_sign_in_page_back_with_the_error()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/login");
        await page.FillAsync("#userName", "director");
        await page.FillAsync("#password", "not-the-password");
        await page.ClickAsync("button[type=submit]");

        await page.Locator("[data-testid=login-error]").WaitForAsync();
        Assert.Contains("error=invalid", page.Url, StringComparison.Ordinal);
        Assert.Contains("Wrong user name or password.", await page.Locator("[data-testid=login-error]").InnerTextAsync(), StringComparison.Ordinal);
        await BrowserFixture.ScreenshotAsync(page, "login-error");
    }

    [Fact]
    public async Task The_director_finds_a_client_and_opens_its_card()
    {
        var page = await fixture.NewPageAsync();
        await Pages.SignInAsync(page, "director");
        Assert.Equal("director", (await page.Locator("[data-testid=user-name]").InnerTextAsync()).Trim());

        await Pages.OpenAsync(page, "/clients");
        var rows = page.Locator("[data-testid=clients-grid] .rz-data-row");
        await rows.First.WaitForAsync();
        Assert.True(await rows.CountAsync() > 1);
        await BrowserFixture.ScreenshotAsync(page, "clients");

        var client = fixture.SomeClient;
        await page.FillAsync("[data-testid=client-search]", client.TaxId!);
        await page.PressAsync("[data-testid=client-search]", "Enter");
        await page.WaitForFunctionAsync("() => document.querySelectorAll('[data-testid=clients-grid] .rz-data-row').length === 1");
        await rows.First.ClickAsync();

        await Pages.AtAsync(page, Pages.ClientUrl());
        Assert.Equal(client.ShortName, (await page.Locator("[data-testid=client-name]").InnerTextAsync()).Trim());
        Assert.Equal(client.TaxId, (await page.Locator("[data-testid=client-tax-id]").InnerTextAsync()).Trim());
        await BrowserFixture.ScreenshotAsync(page, "client-card");
    }

    [Fact]
    public async Task The_language_switch_turns_the_pages_Ukrainian_and_follows_the_user_to_another_browser()
    {
        // Not the director: the choice is kept with the user, and the other tests expect the director in English.
        var page = await fixture.NewPageAsync();
        await Pages.SignInAsync(page, "manager");
        await Pages.OpenAsync(page, "/clients");
        Assert.Equal("Clients", (await page.Locator("h1").InnerTextAsync()).Trim());

        await page.ClickAsync("[data-culture=uk]");
        await page.WaitForFunctionAsync("() => document.documentElement.lang === 'uk'");
        await Pages.InteractiveAsync(page);

        Assert.Equal("Клієнти", (await page.Locator("h1").InnerTextAsync()).Trim());
        Assert.EndsWith("/clients", page.Url, StringComparison.Ordinal);
        await page.Locator("[data-testid=clients-grid] .rz-data-row").First.WaitForAsync();
        await BrowserFixture.ScreenshotAsync(page, "clients-uk");

        // A fresh browser (no culture cookie) signed in as the same user speaks Ukrainian too.
        var elsewhere = await fixture.NewPageAsync();
        await Pages.SignInAsync(elsewhere, "manager", culture: null);
        await Pages.OpenAsync(elsewhere, "/clients");
        Assert.Equal("Клієнти", (await elsewhere.Locator("h1").InnerTextAsync()).Trim());
    }

    [Fact]
    public async Task A_ticket_opened_through_the_form_shows_its_page()
    {
        var page = await fixture.NewPageAsync();
        await Pages.SignInAsync(page, "director");
        await Pages.OpenAsync(page, "/tickets/new");

        // Sent empty, the handler's validation names each field the form must fix.
        await page.ClickAsync("[data-testid=ticket-submit]");
        await page.Locator("[data-field=subject]").WaitForAsync();
        Assert.True(await page.Locator("[data-field=clientId]").IsVisibleAsync());
        Assert.True(await page.Locator("[data-field=requiredSkill]").IsVisibleAsync());
        await BrowserFixture.ScreenshotAsync(page, "ticket-form-errors");

        // The client is picked by its tax id, as a dispatcher on the phone would.
        var client = fixture.SomeClient;
        await page.ClickAsync("[data-testid=ticket-client]");
        await page.Locator(".rz-dropdown-filter").Last.FillAsync(client.TaxId!);
        var choice = page.Locator(".rz-dropdown-item", new PageLocatorOptions { HasText = client.ShortName });
        await choice.First.ClickAsync();
        await page.FillAsync("[data-testid=ticket-subject-input]", "M.E.Doc does not send the report");
        await page.FillAsync("[data-testid=ticket-skill] input", "medoc");
        await page.ClickAsync("[data-testid=ticket-submit]");

        await Pages.AtAsync(page, Pages.TicketUrl());
        Assert.Equal("M.E.Doc does not send the report", (await page.Locator("[data-testid=ticket-subject]").InnerTextAsync()).Trim());
        await page.Locator("[data-testid=ticket-history] .rz-timeline-item").First.WaitForAsync();
        await BrowserFixture.ScreenshotAsync(page, "ticket");

        await Pages.OpenAsync(page, "/tickets");
        await page.Locator("[data-testid=tickets-grid] .rz-data-row", new PageLocatorOptions { HasText = "M.E.Doc does not send the report" }).First.WaitForAsync();
        await BrowserFixture.ScreenshotAsync(page, "tickets");
    }
}
