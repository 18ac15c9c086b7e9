using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using OrleansCrm.Clients.Domain;

namespace OrleansCrm.E2E.Roles;

/// <summary>
/// The manager's daily job in the clients workplace, through the UI as a person does it: a new client with a contact and
/// an installed product, found again among "My clients" and edited. A role that may not change clients is not offered to.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ManagerTests(BrowserFixture fixture)
{
    [Theory]
    [InlineData("en")]
    [InlineData("uk")]
    public async Task The_manager_creates_a_client_with_a_contact_finds_it_among_their_clients_and_edits_it(string culture)
    {
        var page = await fixture.NewPageAsync();
        await Language.SignInAsync(page, "manager", culture);
        try
        {
            await ManageAClientAsync(page, culture);
        }
        finally
        {
            // The language is kept with the user; other tests sign the demo manager in and expect English.
            await page.GotoAsync("/culture/set?culture=en&redirectUri=%2F");
        }
    }

    [Fact]
    public async Task A_role_that_may_not_change_clients_sees_neither_new_client_nor_edit()
    {
        var page = await fixture.NewPageAsync();
        await Pages.SignInAsync(page, "methodologist");
        await Pages.OpenAsync(page, "/clients");
        var rows = page.Locator("[data-testid=clients-grid] .rz-data-row");
        await rows.First.WaitForAsync();
        Assert.Equal(0, await page.Locator("[data-testid=client-new]").CountAsync());

        await rows.First.ClickAsync();
        await Pages.AtAsync(page, Pages.ClientUrl());
        await page.Locator("[data-testid=client-name]").WaitForAsync();
        Assert.Equal(0, await page.Locator("[data-testid=client-edit]").CountAsync());

        // Typed by hand, the form's address says the page is not for this role and loads nothing.
        await Pages.OpenAsync(page, "/clients/new");
        await page.Locator("[data-testid=not-allowed]").WaitForAsync();
        Assert.Equal(0, await page.Locator("[data-testid=client-save]").CountAsync());
    }

    [Fact]
    public async Task Saving_over_someone_elses_change_says_so_and_offers_their_version()
    {
        using var api = await fixture.ApiAsync("manager");
        var created = await api.PostAsJsonAsync("/api/clients", new { legalName = "ТОВ «Одночасна Правка»", segments = new[] { "e2e" } });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var id = JsonNode.Parse(await created.Content.ReadAsStringAsync())!["id"]!.GetValue<Guid>();

        var page = await fixture.NewPageAsync();
        await Language.SignInAsync(page, "manager", "en");
        await Pages.OpenAsync(page, $"/clients/{id}/edit");
        await page.FillAsync("[data-testid=client-short-name]", "Моя правка");

        // Meanwhile a colleague saves the version this form was filled from.
        var theirs = await api.PutAsJsonAsync($"/api/clients/{id}", new { legalName = "ТОВ «Правка Колеги»", version = 1 });
        Assert.True(theirs.StatusCode == HttpStatusCode.OK, await theirs.Content.ReadAsStringAsync());

        await page.ClickAsync("[data-testid=client-save]");
        var problem = page.Locator("[data-testid=form-problem]");
        await problem.WaitForAsync();
        Assert.Contains("you edited version 1, the current version is 2", await problem.InnerTextAsync(), StringComparison.Ordinal);
        Assert.EndsWith("/edit", page.Url, StringComparison.Ordinal);
        await BrowserFixture.ScreenshotAsync(page, "manager-client-conflict-en");

        await page.ClickAsync("[data-testid=client-reload]");
        await page.WaitForFunctionAsync("() => document.querySelector('[data-testid=client-legal-name]').value === 'ТОВ «Правка Колеги»'");
        Assert.Equal(0, await problem.CountAsync());
    }

    private static async Task ManageAClientAsync(IPage page, string culture)
    {
        var english = culture == "en";
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var shortName = $"Світанок-{culture}-{suffix}";
        var first = Random.Shared.Next(1_000_000, 9_999_999).ToString(CultureInfo.InvariantCulture);
        var taxId = first + TaxId.EdrpouCheckDigit(first);

        await Pages.OpenAsync(page, "/clients");
        await page.Locator("[data-testid=clients-grid] .rz-data-row").First.WaitForAsync();
        await AssertLanguageAsync(page, culture);
        await page.ClickAsync("[data-testid=client-new]");
        await Pages.AtAsync(page, "/clients/new$");
        await Pages.InteractiveAsync(page);
        await page.Locator("[data-testid=contact-name]").WaitForAsync();

        // Sent empty, the module's validation names each field to fix, in the user's language.
        await page.ClickAsync("[data-testid=client-save]");
        await page.Locator("[data-field=legalName]").WaitForAsync();
        Assert.True(await page.Locator("[data-field='contacts[0].name']").IsVisibleAsync());
        Assert.Contains(english ? "legal name" : "юридичну назву", await page.Locator("[data-field=legalName]").InnerTextAsync(), StringComparison.Ordinal);
        await AssertLanguageAsync(page, culture);
        await BrowserFixture.ScreenshotAsync(page, $"manager-client-form-errors-{culture}");

        await page.FillAsync("[data-testid=client-legal-name]", $"ТОВ «{shortName}»");
        await page.FillAsync("[data-testid=client-short-name]", shortName);
        await page.FillAsync("[data-testid=client-tax-id-input]", taxId);
        await page.FillAsync("[data-testid=contact-name]", "Коваленко Ірина");
        await page.FillAsync("[data-testid=contact-position]", "Головний бухгалтер");
        await page.FillAsync("[data-testid=contact-phones]", "044 123 45 67, +380 67 765 43 21");
        await page.FillAsync("[data-testid=contact-emails]", $"buh-{suffix}@svitanok.example.com");
        await page.ClickAsync("[data-testid=installation-add]");
        await page.FillAsync("[data-testid=installation-product]", "M.E.Doc");
        await page.FillAsync("[data-testid=installation-release]", "11.02.160");
        await BrowserFixture.ScreenshotAsync(page, $"manager-client-form-{culture}");
        await page.ClickAsync("[data-testid=client-save]");

        // Saved, the card opens: the signed-in manager looks after the new client (the form suggested them).
        await Pages.AtAsync(page, Pages.ClientUrl());
        await Pages.InteractiveAsync(page);
        Assert.Equal(shortName, (await page.Locator("[data-testid=client-name]").InnerTextAsync()).Trim());
        Assert.Equal(taxId, (await page.Locator("[data-testid=client-tax-id]").InnerTextAsync()).Trim());
        Assert.Equal("manager", (await page.Locator("[data-testid=client-manager-name]").InnerTextAsync()).Trim());
        await page.GetByText("Коваленко Ірина").WaitForAsync();
        await page.GetByText("+380441234567, +380677654321").WaitForAsync();
        await AssertLanguageAsync(page, culture);
        await BrowserFixture.ScreenshotAsync(page, $"manager-client-card-{culture}");

        // Among "My clients", found by name.
        await Pages.OpenAsync(page, "/clients");
        await page.ClickAsync("[data-testid=client-manager-filter]");
        await page.Locator(".rz-dropdown-item", new PageLocatorOptions { HasText = english ? "My clients" : "Мої клієнти" }).First.ClickAsync();
        await page.FillAsync("[data-testid=client-search]", shortName);
        await page.PressAsync("[data-testid=client-search]", "Enter");
        var rows = page.Locator("[data-testid=clients-grid] .rz-data-row");
        await page.WaitForFunctionAsync($"() => [...document.querySelectorAll('[data-testid=clients-grid] .rz-data-row')].length === 1 && document.querySelector('[data-testid=clients-grid] .rz-data-row').innerText.includes('{shortName}')");
        Assert.Contains("manager", await rows.First.InnerTextAsync(), StringComparison.Ordinal);
        await AssertLanguageAsync(page, culture);
        await BrowserFixture.ScreenshotAsync(page, $"manager-my-clients-{culture}");

        // Edited from its card: a new position and a second contact.
        await rows.First.ClickAsync();
        await Pages.AtAsync(page, Pages.ClientUrl());
        await Pages.InteractiveAsync(page);
        await page.ClickAsync("[data-testid=client-edit]");
        await Pages.AtAsync(page, "/edit$");
        await Pages.InteractiveAsync(page);
        await page.Locator("[data-testid=contact-name]").First.WaitForAsync();
        Assert.Equal(shortName, await page.InputValueAsync("[data-testid=client-short-name]"));
        await page.Locator("[data-testid=contact-position]").First.FillAsync("Директор");
        await page.ClickAsync("[data-testid=contact-add]");
        await page.Locator("[data-testid=contact-name]").Nth(1).FillAsync("Мельник Олег");
        await page.Locator("[data-testid=contact-phones]").Nth(1).FillAsync("067 111 22 33");
        await AssertLanguageAsync(page, culture);
        await BrowserFixture.ScreenshotAsync(page, $"manager-client-edit-{culture}");
        await page.ClickAsync("[data-testid=client-save]");

        await Pages.AtAsync(page, Pages.ClientUrl());
        await Pages.InteractiveAsync(page);
        await page.GetByText("Мельник Олег").WaitForAsync();
        await page.GetByText("Директор", new PageGetByTextOptions { Exact = true }).First.WaitForAsync();
        Assert.Equal(shortName, (await page.Locator("[data-testid=client-name]").InnerTextAsync()).Trim());
    }

    private static Task AssertLanguageAsync(IPage page, string culture, params string[] allowed) =>
        culture == "uk" ? Language.AssertNoEnglishAsync(page, allowed) : Task.CompletedTask;
}
