using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using OrleansCrm.Testing;

namespace OrleansCrm.E2E.Roles;

/// <summary>
/// The director reads the audit log: a client a manager just renamed shows there with the manager's name, the action
/// and the name before and after, in the director's language.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AuditTests(BrowserFixture fixture)
{
    [Theory]
    [InlineData("en")]
    [InlineData("uk")]
    public async Task A_director_sees_who_changed_a_client_and_what(string culture)
    {
        // The manager's change, made through the API as their client program would.
        using var manager = await fixture.ApiAsync("manager");
        var suffix = Guid.NewGuid().ToString("N")[..4];
        var body = new JsonObject { ["legalName"] = $"ТОВ «Аудит {suffix}»", ["shortName"] = $"Аудит {suffix}", ["kind"] = "Company", ["segments"] = new JsonArray("аудит") };
        var created = await manager.PostAsJsonAsync("/api/clients", body);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await CrmHost.ReadAsync<JsonObject>(created))["id"]!.GetValue<Guid>();
        body["shortName"] = $"Аудит-перевірка {suffix}";
        body["version"] = 1;
        Assert.Equal(HttpStatusCode.OK, (await manager.PutAsJsonAsync($"/api/clients/{id}", body)).StatusCode);

        var page = await fixture.NewPageAsync();
        await Language.SignInAsync(page, "director", culture);
        // The menu leads there (from a page with the menu: the director's landing page is the wall, made for a TV).
        await Pages.OpenAsync(page, "/clients");
        await page.Locator("a[href$='audit']").First.ClickAsync();
        await Pages.AtAsync(page, "/audit([?#].*)?$");
        await Pages.InteractiveAsync(page);
        await page.Locator("[data-testid=audit-grid] tbody tr").First.WaitForAsync();
        await BrowserFixture.ScreenshotAsync(page, $"audit-{culture}");
        if (culture == "uk")
        {
            // "support" is the demo tickets' queue code (data, as a skill code is); "mail" is of "E-mail", the Ukrainian
            // texts' own word for the e-mail channel.
            await Language.AssertNoEnglishAsync(page, "support", "mail");
        }

        // The client's own log, as a link from its card would open it.
        await Pages.OpenAsync(page, $"/audit?entity=client&id={id}");
        var rows = page.Locator("[data-testid=audit-grid] tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(2);
        var update = rows.First;
        await Assertions.Expect(update.Locator("[data-testid=audit-actor-name]")).ToHaveTextAsync("manager");
        await Assertions.Expect(update.Locator("[data-testid=audit-action]")).ToHaveTextAsync(culture == "uk" ? "Редагування" : "Edited");
        await Assertions.Expect(update.Locator("[data-testid=audit-changes]"))
            .ToContainTextAsync($"{(culture == "uk" ? "коротка назва" : "short name")}: Аудит {suffix} → Аудит-перевірка {suffix}");
        await Assertions.Expect(rows.Nth(1).Locator("[data-testid=audit-action]")).ToHaveTextAsync(culture == "uk" ? "Створення" : "Created");
        await BrowserFixture.ScreenshotAsync(page, $"audit-client-{culture}");
        if (culture == "uk")
        {
            await Language.AssertNoEnglishAsync(page);
        }

        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_manager_is_not_shown_the_audit_log()
    {
        var page = await fixture.NewPageAsync();
        await Language.SignInAsync(page, "manager", "en");
        await Pages.OpenAsync(page, "/audit");
        await Assertions.Expect(page.Locator("[data-testid=not-allowed]")).ToBeVisibleAsync();
        await Pages.OpenAsync(page, "/clients");
        await page.Locator("a[href$='clients']").First.WaitForAsync(); // the menu is there, without the audit log
        await Assertions.Expect(page.Locator("a[href$='audit']")).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }
}
