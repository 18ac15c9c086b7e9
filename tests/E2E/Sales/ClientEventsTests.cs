using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace OrleansCrm.E2E.Sales;

/// <summary>
/// A kanban card's "client's events at a click" (issue 18's manager workplace): the dialog lists the client's deals and
/// other events, and its document-package button downloads the ZIP Billing builds; a client without a contract gets a
/// sentence saying so instead of the button.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ClientEventsTests(BrowserFixture fixture)
{
    [Theory]
    [InlineData("en")]
    [InlineData("uk")]
    public async Task A_cards_client_events_show_its_deals_and_the_package_downloads_or_says_there_is_no_contract(string culture)
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        using var manager = await fixture.ApiAsync("manager");
        var pipelineId = await DemoSales.PipelineAsync(manager);
        // The demo's deals are of clients with contracts.
        var demo = (await ReadAsync(await manager.GetAsync($"/api/deals?pipelineId={pipelineId}&status=Open&sort=createdAt&pageSize=1")))["items"]!.AsArray().Single()!;
        var client = await ReadAsync(await manager.PostAsJsonAsync("/api/clients",
            new { legalName = $"ТОВ «Без договору {suffix}»", kind = "Company" }), HttpStatusCode.Created);
        var bare = await ReadAsync(await manager.PostAsJsonAsync("/api/deals",
            new { clientId = client["id"]!.GetValue<Guid>(), pipelineId, title = $"Без договору {suffix}" }), HttpStatusCode.Created);

        var page = await fixture.NewPageAsync();
        await Language.SignInAsync(page, "manager", culture);
        try
        {
            await Pages.OpenAsync(page, "/sales");
            await page.ClickAsync("[data-testid=pipeline-select]");
            await page.Locator(".rz-dropdown-item", new PageLocatorOptions { HasTextRegex = new Regex($"^{DemoSales.PipelineName}$") }).First.ClickAsync();

            // A demo deal's client: its deals are listed, and the package is a ZIP.
            await page.ClickAsync($"[data-deal='{demo["id"]}'] [data-testid=card-client-events]");
            var dialog = page.Locator("[data-testid=client-events]");
            await dialog.Locator("[data-testid=events-deals]", new LocatorLocatorOptions { HasText = demo["title"]!.GetValue<string>() }).WaitForAsync();
            Assert.Equal(5, await dialog.Locator("[data-testid^=events-]").CountAsync());
            await Pages.DialogShownAsync(page);
            await BrowserFixture.ScreenshotAsync(page, $"manager-client-events-{culture}");
            var download = await page.RunAndWaitForDownloadAsync(() => dialog.Locator("[data-testid=client-package]").ClickAsync());
            Assert.EndsWith(".zip", download.SuggestedFilename, StringComparison.Ordinal);
            await using (var stream = await download.CreateReadStreamAsync())
            using (var copy = new MemoryStream())
            {
                await stream.CopyToAsync(copy);
                copy.Position = 0;
                using var zip = new ZipArchive(copy);
                Assert.Contains(zip.Entries, e => e.Name.EndsWith(".docx", StringComparison.Ordinal));
            }

            await page.Keyboard.PressAsync("Escape");
            await dialog.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Detached });

            // A new client without a contract: no button, a sentence in the user's language.
            await page.ClickAsync($"[data-deal='{bare["id"]}'] [data-testid=card-client-events]");
            var none = page.Locator("[data-testid=client-package-none]");
            await none.WaitForAsync();
            Assert.Contains(culture == "en" ? "has no contract" : "немає договору", await none.InnerTextAsync(), StringComparison.Ordinal);
            Assert.Equal(0, await page.Locator("[data-testid=client-package]").CountAsync());
        }
        finally
        {
            await page.GotoAsync("/culture/set?culture=en&redirectUri=%2F");
        }
    }

    private static async Task<JsonObject> ReadAsync(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }
}
