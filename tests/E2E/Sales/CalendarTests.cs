using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace OrleansCrm.E2E.Sales;

/// <summary>
/// The manager's calendar of planned interactions is live and re-plans by dragging: an interaction planned through the API
/// appears without a reload, dragged to another day and hour it is planned there (the API says so), and the month's load
/// for that day counts it; a month's line of several interactions is not moved (the user is told to open the week).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class CalendarTests(BrowserFixture fixture)
{
    private static readonly TimeZoneInfo Kyiv = TimeZoneInfo.FindSystemTimeZoneById("Europe/Kyiv");

    [Theory]
    [InlineData("en")]
    [InlineData("uk")]
    public async Task An_interaction_planned_elsewhere_appears_live_and_a_drag_to_another_day_replans_it(string culture)
    {
        using var manager = await fixture.ApiAsync("manager");
        var today = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, Kyiv).Date;
        var notes = $"Дзвінок {culture} {Guid.NewGuid().ToString("N")[..6]}";

        var page = await fixture.NewPageAsync();
        await Language.SignInAsync(page, "manager", culture);
        try
        {
            await Pages.OpenAsync(page, "/sales/tasks");
            var calendar = page.Locator("[data-testid=interaction-calendar]");
            await calendar.Locator(".rz-scheduler-nav-views button", new LocatorLocatorOptions { HasText = culture == "en" ? "Week" : "Тиждень" }).ClickAsync();
            await calendar.Locator($"[data-slot='{today:yyyy-MM-dd}T19:00']").WaitForAsync();
            await page.EvaluateAsync("() => window.__sameCalendar = true"); // gone if the page were loaded again

            // Planned through the API (late in the day, where the demo plans nothing): the open calendar shows it.
            var created = await ReadAsync(await manager.PostAsJsonAsync("/api/interactions",
                new { kind = "Call", clientId = fixture.SomeClient.Id, plannedAt = Moment(today.AddHours(19)), notes }), HttpStatusCode.Created);
            var id = created["id"]!.GetValue<Guid>();
            var item = calendar.Locator($"[data-testid=calendar-item][data-interaction='{id}']");
            await item.WaitForAsync();
            Assert.Contains(notes, await item.InnerTextAsync(), StringComparison.Ordinal);

            // Dragged to the next day of the shown week (the day before when today ends it), an hour later.
            var day = await calendar.Locator($"[data-slot='{today.AddDays(1):yyyy-MM-dd}T20:00']").CountAsync() > 0 ? today.AddDays(1) : today.AddDays(-1);
            await item.DragToAsync(calendar.Locator($"[data-slot='{day:yyyy-MM-dd}T20:00']"));
            var toast = page.Locator(".rz-notification-message", new PageLocatorOptions { HasText = culture == "en" ? "re-planned" : "перенесено" });
            await toast.WaitForAsync();
            await calendar.Locator($"[data-slot='{day:yyyy-MM-dd}T20:00']").WaitForAsync();
            await page.WaitForFunctionAsync(
                $"() => [...document.querySelectorAll('[data-interaction=\"{id}\"]')].some(e => e.closest('.rz-slots')?.querySelector('[data-slot=\"{day:yyyy-MM-dd}T20:00\"]'))");
            Assert.True(await page.EvaluateAsync<bool>("() => window.__sameCalendar === true"));
            await BrowserFixture.ScreenshotAsync(page, $"manager-calendar-moved-{culture}");

            // The API plans it there, in the company's zone.
            var from = Moment(day);
            var planned = (await ReadArrayAsync(await manager.GetAsync(
                    $"/api/interactions?from={Uri.EscapeDataString(from.ToString("O"))}&to={Uri.EscapeDataString(from.AddDays(1).ToString("O"))}&status=planned")))
                .Select(i => i!.AsObject()).ToList();
            var moved = planned.Single(i => i["id"]!.GetValue<Guid>() == id);
            Assert.Equal(Moment(day.AddHours(20)), moved["plannedAt"]!.GetValue<DateTimeOffset>());
            Assert.Equal(created["version"]!.GetValue<int>() + 1, moved["version"]!.GetValue<int>()); // moved once

            // The month's load for that day counts it among the day's planned ones, and one more planned there meanwhile. Other
            // tests plan the demo manager's days too (robots, and this test's other culture), so the count is compared with
            // itself: the line holds the moved call, and grows by one.
            await calendar.Locator(".rz-scheduler-nav-views button", new LocatorLocatorOptions { HasText = culture == "en" ? "Month" : "Місяць" }).ClickAsync();
            var load = calendar.Locator($"[data-testid=calendar-item][title*='{notes}']");
            await load.WaitForAsync();
            var before = int.Parse((await load.GetAttributeAsync("data-count"))!, CultureInfo.InvariantCulture);
            Assert.InRange(before, 1, planned.Count);
            var second = (await ReadAsync(await manager.PostAsJsonAsync("/api/interactions",
                new { kind = "Meeting", clientId = fixture.SomeClient.Id, plannedAt = Moment(day.AddHours(19)), notes = notes + " 2" }), HttpStatusCode.Created))["id"]!.GetValue<Guid>();
            var count = (before + 1).ToString(CultureInfo.InvariantCulture);
            await page.WaitForFunctionAsync($"() => [...document.querySelectorAll('[data-testid=calendar-item]')].some(e => e.title.includes('{notes}') && e.dataset.count === '{count}')");

            // A line of several is not one interaction to move: the user is told to open the week, and nothing moves.
            await load.DragToAsync(calendar.Locator($"[data-slot='{today:yyyy-MM-dd}T00:00']"), new LocatorDragToOptions { TargetPosition = new TargetPosition { X = 4, Y = 4 } });
            await page.Locator(".rz-notification-message", new PageLocatorOptions { HasText = culture == "en" ? "open the week" : "відкрийте тиждень" }).WaitForAsync();
            var still = (await ReadArrayAsync(await manager.GetAsync(
                    $"/api/interactions?from={Uri.EscapeDataString(from.ToString("O"))}&to={Uri.EscapeDataString(from.AddDays(1).ToString("O"))}&status=planned")))
                .Select(i => i!["id"]!.GetValue<Guid>()).ToList();
            Assert.Contains(id, still);
            Assert.Contains(second, still);
            Assert.Equal(count, await load.GetAttributeAsync("data-count"));
            await BrowserFixture.ScreenshotAsync(page, $"manager-calendar-month-several-{culture}");
            if (culture != "en")
            {
                await Language.AssertNoEnglishAsync(page);
            }
        }
        finally
        {
            await page.GotoAsync("/culture/set?culture=en&redirectUri=%2F");
        }
    }

    /// <summary>A local time of the company's zone as a moment.</summary>
    private static DateTimeOffset Moment(DateTime local) => new(local, Kyiv.GetUtcOffset(local));

    private static async Task<JsonObject> ReadAsync(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK) =>
        (await ReadNodeAsync(response, expected)).AsObject();

    private static async Task<JsonArray> ReadArrayAsync(HttpResponseMessage response) => (await ReadNodeAsync(response, HttpStatusCode.OK)).AsArray();

    private static async Task<JsonNode> ReadNodeAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{response.StatusCode}: {text}");
        return JsonNode.Parse(text)!;
    }
}
