using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Microsoft.Playwright;
using OrleansCrm.Clients.Contracts;
using OrleansCrm.Testing;

namespace OrleansCrm.E2E.Roles;

/// <summary>
/// The contract pages as the head of sales uses them: a new contract for a client from its card, activated, a termination
/// scheduled for a later day and withdrawn again. In English and in Ukrainian, with no English left on a Ukrainian screen.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ContractPagesTests(BrowserFixture fixture)
{
    [Theory]
    [InlineData("en")]
    [InlineData("uk")]
    public async Task The_head_of_sales_creates_activates_schedules_a_termination_and_withdraws_it(string culture)
    {
        using var api = await fixture.ApiAsync("saleshead");
        var name = $"ТОВ «Договірна {Random.Shared.Next(100_000, 999_999)}»";
        var created = await api.PostAsJsonAsync("/api/clients", new { legalName = name, kind = "Company", taxId = "3" + Random.Shared.Next(1_000_000, 9_999_999) }, CrmHost.Json);
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var client = (await CrmHost.ReadAsync<ClientDetails>(created)).Id;

        var page = await fixture.NewPageAsync(1600, 1000);
        try
        {
            await Language.SignInAsync(page, "saleshead", culture);
            await Pages.OpenAsync(page, $"/clients/{client}");
            await page.ClickAsync("[data-testid=client-new-contract]");
            await page.WaitForURLAsync(url => url.Contains("/contracts/new", StringComparison.Ordinal));
            await Pages.InteractiveAsync(page);
            await page.FillAsync("[data-testid=contract-fee] input", "7500");
            await page.FillAsync("[data-testid=contract-hours] input", "10");
            await BrowserFixture.ScreenshotAsync(page, $"saleshead-contract-new-{culture}");
            if (culture == "uk")
            {
                await Language.AssertNoEnglishAsync(page, "IBAN");
            }

            await page.ClickAsync("[data-testid=contract-save]");
            await page.WaitForURLAsync(url => System.Text.RegularExpressions.Regex.IsMatch(url, "/contracts/[0-9a-f-]{36}$"));
            await Pages.InteractiveAsync(page);
            var status = page.Locator("[data-testid=contract-status]");
            await status.Filter(new LocatorFilterOptions { HasText = culture == "en" ? "Draft" : "Чернетка" }).WaitForAsync();

            await page.ClickAsync("[data-testid=contract-activate]");
            await status.Filter(new LocatorFilterOptions { HasText = culture == "en" ? "Active" : "Діє" }).WaitForAsync();

            // A termination from a later day: the contract stays active with the date shown, and the withdrawal is offered.
            var on = DateTime.Today.AddDays(20);
            await page.FillAsync("[data-testid=terminate-reason]", "Клієнт закриває філію");
            var date = page.Locator("[data-testid=terminate-on] input");
            await date.FillAsync(on.ToString("d", CultureInfo.GetCultureInfo(culture)));
            await date.PressAsync("Tab");
            await page.ClickAsync("[data-testid=contract-terminate]");
            await page.Locator("[data-testid=contract-terminated-on]").WaitForAsync();
            await page.Locator("[data-testid=contract-withdraw]").WaitForAsync();
            Assert.Contains(on.ToString("d", CultureInfo.GetCultureInfo(culture)), await page.Locator("[data-testid=contract-terminated-on]").TextContentAsync(), StringComparison.Ordinal);
            await BrowserFixture.ScreenshotAsync(page, $"saleshead-contract-scheduled-{culture}");
            if (culture == "uk")
            {
                await Language.AssertNoEnglishAsync(page, "DOCX", "PDF");
            }

            await page.ClickAsync("[data-testid=contract-withdraw]");
            await page.Locator("[data-testid=contract-withdraw]").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Detached });
            Assert.Equal(0, await page.Locator("[data-testid=contract-terminated-on]").CountAsync());
            await status.Filter(new LocatorFilterOptions { HasText = culture == "en" ? "Active" : "Діє" }).WaitForAsync();
            await BrowserFixture.ScreenshotAsync(page, $"saleshead-contract-withdrawn-{culture}");
            if (culture == "uk")
            {
                await Language.AssertNoEnglishAsync(page, "DOCX", "PDF");
            }
        }
        finally
        {
            // The language is kept with the user; other tests sign the demo users in and expect English.
            await page.GotoAsync("/culture/set?culture=en&redirectUri=%2F");
        }
    }
}
