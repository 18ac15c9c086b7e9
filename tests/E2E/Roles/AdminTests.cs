using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using OrleansCrm.Identity.Contracts;
using OrleansCrm.Staff.Contracts;
using OrleansCrm.Staff.SearchSpecialists;
using OrleansCrm.Testing;

namespace OrleansCrm.E2E.Roles;

/// <summary>
/// The administrator's day in the browser: a new colleague gets a specialist record and a user account, and someone is
/// marked absent until a date; and the people who plan the work mark a colleague absent on /staff. In English and in
/// Ukrainian, with no English left on the Ukrainian screens.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class AdminTests(BrowserFixture fixture)
{
    /// <summary>The labels the tests click, as each language shows them.</summary>
    private static readonly Dictionary<string, (string Absent, string SpecialistRole)> Labels = new()
    {
        ["en"] = ("Absent", "Specialist"),
        ["uk"] = ("Відсутній", "Фахівець"),
    };

    [Theory]
    [InlineData("en")]
    [InlineData("uk")]
    public async Task The_admin_creates_a_specialist_and_a_user_and_marks_the_specialist_absent_until_a_date(string culture)
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var specialistName = $"Коваленко Олена {culture}-{suffix}";
        var userName = $"kovalenko.{culture}{suffix}";
        var page = await fixture.NewPageAsync();
        await SignInAsAdminAsync(page, culture);
        try
        {
            // The staff list, with the admin's actions.
            await Pages.OpenAsync(page, "/staff");
            var rows = page.Locator("[data-testid=staff-grid] .rz-data-row");
            await rows.First.WaitForAsync();
            await AssertNoEnglishAsync(page, culture);
            await BrowserFixture.ScreenshotAsync(page, $"admin-staff-{culture}");

            // A new specialist with a skill of their own (no demo ticket needs it, so the dispatcher gives them nothing).
            await page.ClickAsync("[data-testid=specialist-new]");
            await Pages.DialogShownAsync(page);
            await page.FillAsync("[data-testid=specialist-name]", specialistName);
            await page.ClickAsync("[data-testid=skill-add]");
            await page.FillAsync("[data-testid=skill-code-0] input", "e2e.admin");
            await AssertNoEnglishAsync(page, culture);
            await BrowserFixture.ScreenshotAsync(page, $"admin-new-specialist-{culture}");
            await page.ClickAsync("[data-testid=specialist-submit]");
            var row = rows.Filter(new LocatorFilterOptions { HasText = specialistName });
            await row.WaitForAsync();
            Assert.Equal(1, await rows.CountAsync()); // the list now shows the new one

            // Absent until tomorrow 09:00 (the dialog's default), then on duty again by itself.
            await row.Locator("[data-testid=specialist-availability]").ClickAsync();
            await Pages.DialogShownAsync(page);
            await page.Locator("[data-testid=availability-dialog]").GetByText(Labels[culture].Absent, new LocatorGetByTextOptions { Exact = true }).ClickAsync();
            await page.Locator("[data-testid=availability-until-input]").WaitForAsync();
            await AssertNoEnglishAsync(page, culture);
            await BrowserFixture.ScreenshotAsync(page, $"admin-absent-{culture}");
            await page.ClickAsync("[data-testid=availability-submit]");
            await row.Locator("[data-testid=availability-until]").WaitForAsync();
            Assert.Contains(Labels[culture].Absent, await row.Locator("[data-testid=availability]").InnerTextAsync(), StringComparison.OrdinalIgnoreCase); // badges are upper case

            using var api = await AdminApiAsync();
            var specialist = Assert.Single((await api.GetFromJsonAsync<SpecialistPage>($"/api/specialists?search={Uri.EscapeDataString(specialistName)}", CrmHost.Json))!.Items);
            Assert.Equal(AvailabilityStatus.Absent, specialist.Availability.Status);
            Assert.True(specialist.Availability.Until > DateTimeOffset.UtcNow, $"{specialist.Availability.Until}");
            Assert.Contains(specialist.Skills, s => s.Code == "e2e.admin" && s.Level == 3);

            // A user account for the new colleague, working as that specialist.
            await Pages.OpenAsync(page, "/admin/users");
            var users = page.Locator("[data-testid=users-grid] .rz-data-row");
            await users.First.WaitForAsync();
            await AssertNoEnglishAsync(page, culture);
            await BrowserFixture.ScreenshotAsync(page, $"admin-users-{culture}");

            await page.ClickAsync("[data-testid=user-new]");
            await Pages.DialogShownAsync(page);
            await page.FillAsync("[data-testid=user-name-input]", userName);
            await page.FillAsync("[data-testid=user-password-input]", "Olena-2026!");
            await page.Locator("[data-testid=user-dialog]").GetByText(Labels[culture].SpecialistRole, new LocatorGetByTextOptions { Exact = true }).ClickAsync();
            await page.ClickAsync("[data-testid=user-specialist]");
            await page.Locator(".rz-dropdown-filter").Last.FillAsync(suffix);
            await page.Locator(".rz-dropdown-item", new PageLocatorOptions { HasText = specialistName }).First.ClickAsync();
            await AssertNoEnglishAsync(page, culture);
            await BrowserFixture.ScreenshotAsync(page, $"admin-new-user-{culture}");
            await page.ClickAsync("[data-testid=user-submit]");
            // The name exactly as typed: a row that only contains it would be another name.
            var userRow = users.Filter(new LocatorFilterOptions { Has = page.Locator("[data-testid=user-row-name]", new PageLocatorOptions { HasTextRegex = new Regex($"^{Regex.Escape(userName)}$") }) });
            await userRow.WaitForAsync();
            Assert.Contains(specialistName, await userRow.InnerTextAsync(), StringComparison.Ordinal);

            var created = Assert.Single((await api.GetFromJsonAsync<List<UserDetails>>("/api/users", CrmHost.Json))!, u => u.UserName == userName);
            Assert.Equal(("Specialist", specialist.Id, false), (Assert.Single(created.Roles), created.SpecialistId, created.Locked));
            var token = await CrmHost.RequestTokenAsync(fixture.Host.CreateClient(), userName, "Olena-2026!");
            Assert.Equal(HttpStatusCode.OK, token.StatusCode); // the new colleague can sign in
        }
        finally
        {
            await page.GotoAsync("/culture/set?culture=en&redirectUri=%2F"); // the language is kept with the user: leave them in English for other tests
        }
    }

    [Theory]
    [InlineData("en")]
    [InlineData("uk")]
    public async Task A_dispatcher_marks_a_colleague_absent_on_the_staff_page_and_the_list_shows_it(string culture)
    {
        var name = $"Мельник Тарас {culture}-{Guid.NewGuid():N}"[..30];
        using var api = await fixture.ApiAsync("director");
        var response = await api.PostAsJsonAsync("/api/specialists", new { name, skills = new[] { new { code = "e2e.dispatcher", level = 2 } } }, CrmHost.Json);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var specialist = await CrmHost.ReadAsync<SpecialistDetails>(response);

        var page = await fixture.NewPageAsync();
        await Language.SignInAsync(page, "dispatcher", culture);
        try
        {
            await Pages.OpenAsync(page, "/staff");
            var rows = page.Locator("[data-testid=staff-grid] .rz-data-row");
            await rows.First.WaitForAsync();
            await page.FillAsync("[data-testid=staff-search]", name);
            await page.PressAsync("[data-testid=staff-search]", "Enter");
            var row = rows.Filter(new LocatorFilterOptions { HasText = name });
            await page.WaitForFunctionAsync("() => document.querySelectorAll('[data-testid=staff-grid] .rz-data-row').length === 1");
            await row.WaitForAsync();

            // Absent until further notice: the date is unticked.
            await row.Locator("[data-testid=specialist-availability]").ClickAsync();
            await Pages.DialogShownAsync(page);
            await page.Locator("[data-testid=availability-dialog]").GetByText(Labels[culture].Absent, new LocatorGetByTextOptions { Exact = true }).ClickAsync();
            await page.ClickAsync("[data-testid=availability-has-end] .rz-chkbox-box");
            await page.Locator("[data-testid=availability-until-input]").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Detached });
            await AssertNoEnglishAsync(page, culture);
            await page.ClickAsync("[data-testid=availability-submit]");

            await row.Locator("[data-testid=availability] [data-status=Absent]").WaitForAsync();
            Assert.Equal(0, await row.Locator("[data-testid=availability-until]").CountAsync());
            await AssertNoEnglishAsync(page, culture);
            await BrowserFixture.ScreenshotAsync(page, $"dispatcher-staff-absent-{culture}");

            var stored = await api.GetFromJsonAsync<SpecialistDetails>($"/api/specialists/{specialist.Id}", CrmHost.Json);
            Assert.Equal(new Availability(AvailabilityStatus.Absent, null), stored!.Availability);

            // The dispatcher cannot create specialists' accounts: no users page in their menu.
            Assert.Equal(0, await page.Locator("a[href='/admin/users']").CountAsync());
        }
        finally
        {
            await page.GotoAsync("/culture/set?culture=en&redirectUri=%2F"); // the language is kept with the user: leave them in English for other tests
        }
    }

    /// <summary>
    /// The test host seeds <c>admin</c> with <see cref="CrmHost.AdminPassword"/> (as server mode does from configuration;
    /// demo seeding never resets an existing user's password), so the admin signs in with that, then takes the language.
    /// </summary>
    private static async Task SignInAsAdminAsync(IPage page, string culture)
    {
        await Pages.SignInAsync(page, "admin", CrmHost.AdminPassword);
        await page.GotoAsync($"/culture/set?culture={culture}&redirectUri=%2F");
        await page.WaitForFunctionAsync($"() => document.documentElement.lang === '{culture}'");
    }

    private async Task<HttpClient> AdminApiAsync()
    {
        var http = fixture.Host.CreateClient();
        var response = await CrmHost.RequestTokenAsync(http, "admin", CrmHost.AdminPassword);
        response.EnsureSuccessStatusCode();
        http.DefaultRequestHeaders.Authorization = new("Bearer", (await CrmHost.ReadAsync<IssuedToken>(response)).AccessToken);
        return http;
    }

    /// <summary>
    /// The Material icons' ligature names the buttons on these pages carry: the browser draws them as icons, but they are
    /// text in the page (a "search" icon is the word search).
    /// </summary>
    private static readonly string[] IconNames =
        ["search", "save", "add", "delete", "person", "school", "speed", "event", "busy", "edit", "key", "lock", "open", "manage", "accounts", "badge"];

    /// <summary>Skill codes are data (Latin by design): their words may show on a Ukrainian screen, as may icon names.</summary>
    private async Task AssertNoEnglishAsync(IPage page, string culture)
    {
        if (culture != "uk")
        {
            return;
        }

        using var api = await fixture.ApiAsync("director");
        var specialists = (await api.GetFromJsonAsync<SpecialistPage>("/api/specialists?pageSize=200", CrmHost.Json))!.Items;
        var codes = specialists.SelectMany(s => s.Skills).SelectMany(s => Word().Matches(s.Code).Select(m => m.Value)).Distinct().ToArray();
        await Language.AssertNoEnglishAsync(page, [.. codes, .. IconNames]);
    }

    [GeneratedRegex("[A-Za-z]+")]
    private static partial Regex Word();
}
