using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace OrleansCrm.E2E.Sales;

/// <summary>
/// The deal page's files section (issue 18's attachments) through the UI: a manager uploads a text file, sees it listed,
/// downloads the same bytes, and a file whose content is no accepted type is refused with the server's message in the
/// user's language.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class DealFilesTests(BrowserFixture fixture)
{
    [Theory]
    [InlineData("en")]
    [InlineData("uk")]
    public async Task A_file_is_uploaded_listed_and_downloaded_and_a_wrong_type_is_refused_with_a_message(string culture)
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        using var manager = await fixture.ApiAsync("manager");
        var pipelineId = await DemoSales.PipelineAsync(manager);
        var deal = await ReadAsync(await manager.PostAsJsonAsync("/api/deals",
            new { clientId = fixture.SomeClient.Id, pipelineId, title = $"Файли {culture} {suffix}", amount = 1200m }), HttpStatusCode.Created);
        var id = deal["id"]!.GetValue<Guid>();
        var text = $"Протокол зустрічі {suffix}: клієнт погодив графік впровадження.";

        var page = await fixture.NewPageAsync();
        await Language.SignInAsync(page, "manager", culture);
        try
        {
            await Pages.OpenAsync(page, $"/deals/{id}");
            var files = page.Locator("[data-testid=deal-attachments]");
            await files.WaitForAsync();

            // Upload: a kind, a file, "add": the list shows it.
            await page.FillAsync("[data-testid=attachment-kind]", "minutes");
            await files.Locator("input[type=file]").SetInputFilesAsync(new FilePayload
            {
                Name = $"protocol-{suffix}.txt", MimeType = "text/plain", Buffer = Encoding.UTF8.GetBytes(text),
            });
            await page.ClickAsync("[data-testid=attachment-add]");
            var link = files.Locator("[data-testid=attachment-link]", new LocatorLocatorOptions { HasText = $"protocol-{suffix}.txt" });
            await link.WaitForAsync();

            // Download: the same bytes come back.
            var download = await page.RunAndWaitForDownloadAsync(() => link.ClickAsync());
            Assert.Equal($"protocol-{suffix}.txt", download.SuggestedFilename);
            await using (var stream = await download.CreateReadStreamAsync())
            using (var reader = new StreamReader(stream, Encoding.UTF8))
            {
                Assert.Equal(text, await reader.ReadToEndAsync());
            }

            // A program disguised by nothing: its content is no accepted type, and the field says so in the user's language.
            await files.Locator("input[type=file]").SetInputFilesAsync(new FilePayload
            {
                Name = $"setup-{suffix}.exe", MimeType = "application/octet-stream", Buffer = [0x4D, 0x5A, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0xFF, 0xFE, 0x00, 0x01],
            });
            await page.FillAsync("[data-testid=attachment-kind]", "minutes");
            await page.ClickAsync("[data-testid=attachment-add]");
            var refusal = files.Locator(".crm-field-error[data-field=file]");
            await refusal.WaitForAsync();
            Assert.Contains(culture == "en" ? "is not accepted" : "не приймається", await refusal.InnerTextAsync(), StringComparison.Ordinal);
            Assert.Equal(1, await files.Locator("[data-testid=attachment-link]").CountAsync());
            await BrowserFixture.ScreenshotAsync(page, $"manager-deal-files-{culture}");

            var stored = await ReadAsync(await manager.GetAsync($"/api/deals/{id}"));
            Assert.Equal([$"protocol-{suffix}.txt"], stored["attachments"]!.AsArray().Select(a => a!["fileName"]!.GetValue<string>()));
        }
        finally
        {
            // The language is kept with the user; other tests sign the demo users in and expect English.
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
