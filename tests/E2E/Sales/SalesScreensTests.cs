using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace OrleansCrm.E2E.Sales;

/// <summary>
/// The director's wall with the plan tiles fits a 1920×1080 screen with the demo data; the manager's calendar shows their
/// planned interactions as a load per day (the month) and one by one (the week).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class SalesScreensTests(BrowserFixture fixture)
{
    [Fact]
    public async Task The_directors_wall_with_its_plan_tiles_fits_one_1080_line_screen()
    {
        var page = await fixture.NewPageAsync(1920, 1080);
        await Pages.SignInAsync(page, "director");
        await Pages.OpenAsync(page, "/wall");
        await page.Locator("[data-testid=plan-funnel-stage]").First.WaitForAsync();
        await page.Locator("[data-testid=plan-manager]").First.WaitForAsync();
        await page.Locator("[data-testid=wall-money]").WaitForAsync();
        await BrowserFixture.ScreenshotAsync(page, "director-wall-1080");

        var height = await page.EvaluateAsync<int>("() => Math.max(document.documentElement.scrollHeight, document.body.scrollHeight)");
        var width = await page.EvaluateAsync<int>("() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)");
        Assert.True(height <= 1080, $"the wall is {height} px high");
        Assert.True(width <= 1920, $"the wall is {width} px wide");
        // On the screen, not cut off: the funnel's last stage and every specialist of the demo data.
        var funnelBottom = await page.Locator("[data-testid=plan-funnel-stage]").Last.EvaluateAsync<double>("e => e.getBoundingClientRect().bottom");
        Assert.True(funnelBottom <= 1080, $"the funnel ends at {funnelBottom} px");
        var specialistsCut = await page.EvaluateAsync<int>(
            "() => { const panel = document.querySelector('.crm-wall-load-panel').getBoundingClientRect(); return [...document.querySelectorAll('.crm-wall-specialist')].filter(s => s.getBoundingClientRect().bottom > panel.bottom).length; }");
        Assert.Equal(0, specialistsCut);
    }

    [Theory]
    [InlineData("en")]
    [InlineData("uk")]
    public async Task The_managers_calendar_counts_a_days_planned_interactions_and_lists_them_in_the_week(string culture)
    {
        using var manager = await fixture.ApiAsync("manager");
        var kyiv = TimeZoneInfo.FindSystemTimeZoneById("Europe/Kyiv");
        var today = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, kyiv).Date;
        var noon = new DateTimeOffset(today.AddHours(12), kyiv.GetUtcOffset(today.AddHours(12)));
        var notes = $"Демо {culture} {Guid.NewGuid().ToString("N")[..6]}";
        var created = await manager.PostAsJsonAsync("/api/interactions", new { kind = "Call", clientId = fixture.SomeClient.Id, plannedAt = noon, notes });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var from = new DateTimeOffset(today, kyiv.GetUtcOffset(today));
        var day = JsonNode.Parse(await manager.GetStringAsync(
            $"/api/interactions?from={Uri.EscapeDataString(from.ToString("O"))}&to={Uri.EscapeDataString(from.AddDays(1).ToString("O"))}"))!;
        var items = day.AsArray();
        var planned = items.Count(i => i!["doneAt"] is null);

        var page = await fixture.NewPageAsync();
        await Language.SignInAsync(page, "manager", culture);
        try
        {
            await Pages.OpenAsync(page, "/sales/tasks");
            var load = page.Locator($"[data-testid=interaction-calendar] [data-testid=calendar-item][title*='{notes}']");
            await load.WaitForAsync();
            Assert.Contains(culture == "en" ? "planned" : "заплановано", await load.InnerTextAsync(), StringComparison.Ordinal);
            Assert.Equal(planned.ToString(System.Globalization.CultureInfo.InvariantCulture), await load.GetAttributeAsync("data-count"));
            await BrowserFixture.ScreenshotAsync(page, $"manager-calendar-month-{culture}");

            await page.Locator("[data-testid=interaction-calendar] .rz-scheduler-nav-views button", new PageLocatorOptions { HasText = culture == "en" ? "Week" : "Тиждень" }).ClickAsync();
            await page.Locator("[data-testid=interaction-calendar] [data-testid=calendar-item]", new PageLocatorOptions { HasText = notes }).WaitForAsync();
            await BrowserFixture.ScreenshotAsync(page, $"manager-calendar-week-{culture}");
        }
        finally
        {
            await page.GotoAsync("/culture/set?culture=en&redirectUri=%2F");
        }
    }
}
