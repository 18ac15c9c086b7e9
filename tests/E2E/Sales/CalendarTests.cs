using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using OrleansCrm.BuildingBlocks.Security;
using OrleansCrm.Testing;

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

            // The month's load for that day counts the day's planned ones as the API does, and one more planned there meanwhile.
            // Its line is looked for in the month view only: just after the click the week is still drawn, and its item of
            // this call says 1 (what once made this test read 1 against the API's 2).
            await calendar.Locator(".rz-scheduler-nav-views button", new LocatorLocatorOptions { HasText = culture == "en" ? "Month" : "Місяць" }).ClickAsync();
            var line = $".rz-month-view [data-testid=calendar-item][title*='{notes}']";
            var load = calendar.Locator(line);
            await load.WaitForAsync();
            await LineCountsAsync(page, line, planned.Count);
            var second = (await ReadAsync(await manager.PostAsJsonAsync("/api/interactions",
                new { kind = "Meeting", clientId = fixture.SomeClient.Id, plannedAt = Moment(day.AddHours(19)), notes = notes + " 2" }), HttpStatusCode.Created))["id"]!.GetValue<Guid>();
            var count = (planned.Count + 1).ToString(CultureInfo.InvariantCulture);
            await LineCountsAsync(page, line, planned.Count + 1);

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

    /// <summary>
    /// The month counts a manager's planned interactions per company day (Kyiv), as the API's day does: 00:30 and 23:30 are
    /// today's, 23:30 of yesterday is yesterday's, with the server's own zone a day away from Kyiv's. The calendar opens on,
    /// and "Today" returns to, the company's today (Radzen's default is the server's). And switched from the week, the month
    /// never draws the week's interactions as lines of one while its own load is on its way. A manager of its own, so no
    /// other test plans their days.
    /// </summary>
    [Fact]
    public async Task The_month_counts_the_company_day_from_its_first_drawing()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var userName = $"calendar.{suffix}";
        using var manager = await fixture.Host.HttpAsync(userName, [CrmRoles.Manager]);
        var today = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, Kyiv).Date;
        using var serverZone = ServerZone.OnAnotherDayThan(today);
        var marker = $"cal-{suffix}";
        var planned = new (DateTime At, string Notes)[]
        {
            (today.AddMinutes(30), $"{marker} d0030"),          // yesterday evening in UTC
            (today.AddHours(10), $"{marker} d1000"),
            (today.AddHours(23).AddMinutes(30), $"{marker} d2330"),
            (today.AddMinutes(-30), $"{marker} y2330"),         // yesterday's, though a few hours from today's first
        };
        foreach (var (at, notes) in planned)
        {
            await ReadAsync(await manager.PostAsJsonAsync("/api/interactions",
                new { kind = "Call", clientId = fixture.SomeClient.Id, plannedAt = Moment(at), notes }), HttpStatusCode.Created);
        }

        // The API's company day holds the three.
        var from = Moment(today);
        var ofToday = await ReadArrayAsync(await manager.GetAsync(
            $"/api/interactions?from={Uri.EscapeDataString(from.ToString("O"))}&to={Uri.EscapeDataString(Moment(today.AddDays(1)).ToString("O"))}&status=planned"));
        Assert.Equal(3, ofToday.Count);

        var page = await fixture.NewPageAsync();
        await Pages.SignInAsync(page, userName, CrmHost.UserPassword);
        await Pages.OpenAsync(page, "/sales/tasks");
        var calendar = page.Locator("[data-testid=interaction-calendar]");
        await calendar.Locator($".rz-month-view [data-testid=calendar-item][title*='{marker} d1000']").WaitForAsync(); // the month is the first view
        await calendar.Locator(".rz-scheduler-nav-views button", new LocatorLocatorOptions { HasText = "Week" }).ClickAsync();
        await calendar.Locator($".rz-week-view [data-testid=calendar-item][title*='{marker} d1000']").WaitForAsync();
        // The week widens its hours to the night's interactions (its working day is 07:00 to 21:00).
        await calendar.Locator($".rz-week-view [data-testid=calendar-item][title*='{marker} d0030']").WaitForAsync();
        await calendar.Locator($".rz-week-view [data-testid=calendar-item][title*='{marker} d2330']").WaitForAsync();

        // Every line the month view ever draws with one of these interactions, from the click on.
        await page.EvaluateAsync("""
            marker => {
                window.__monthLines = [];
                const note = () => document.querySelectorAll('.rz-month-view [data-testid=calendar-item]').forEach(e => {
                    if (e.title.includes(marker)) window.__monthLines.push(e.dataset.count + ' ' + e.title.replaceAll('\n', ' | '));
                });
                new MutationObserver(note).observe(document.querySelector('[data-testid=interaction-calendar]'), { subtree: true, childList: true, attributes: true });
            }
            """, marker);
        await calendar.Locator(".rz-scheduler-nav-views button", new LocatorLocatorOptions { HasText = "Month" }).ClickAsync();
        var todayLine = calendar.Locator($".rz-month-view [data-testid=calendar-item][title*='{marker} d1000']");
        await todayLine.WaitForAsync();
        await LineCountsAsync(page, $".rz-month-view [data-testid=calendar-item][title*='{marker} d1000']", 3);
        var todayTitle = (await todayLine.GetAttributeAsync("title"))!;
        Assert.All(new[] { "d0030", "d1000", "d2330" }, n => Assert.Contains($"{marker} {n}", todayTitle, StringComparison.Ordinal));
        Assert.DoesNotContain($"{marker} y2330", todayTitle, StringComparison.Ordinal);

        // Yesterday's line (shown unless the month's grid starts today) holds only yesterday's.
        var yesterdayLine = calendar.Locator($".rz-month-view [data-testid=calendar-item][title*='{marker} y2330']");
        if (await calendar.Locator($".rz-month-view [data-slot='{today.AddDays(-1):yyyy-MM-dd}T00:00']").CountAsync() > 0)
        {
            await yesterdayLine.WaitForAsync();
            Assert.Equal("1", await yesterdayLine.GetAttributeAsync("data-count"));
        }

        var drawn = await page.EvaluateAsync<string[]>("() => window.__monthLines");
        Assert.NotEmpty(drawn);
        Assert.All(drawn, line => Assert.True(
            line.StartsWith(line.Contains($"{marker} d", StringComparison.Ordinal) ? "3 " : "1 ", StringComparison.Ordinal), string.Join("\n", drawn)));
        await BrowserFixture.ScreenshotAsync(page, "manager-calendar-month-company-day");

        // The day view is the company's today; after a step forward, "Today" comes back to it.
        var todaySlot = calendar.Locator($".rz-day-view [data-slot='{today:yyyy-MM-dd}T10:00']");
        await calendar.Locator(".rz-scheduler-nav-views button", new LocatorLocatorOptions { HasText = "Day" }).ClickAsync();
        await todaySlot.WaitForAsync();
        await calendar.Locator($".rz-day-view [data-testid=calendar-item][title*='{marker} d1000']").WaitForAsync();
        await calendar.Locator("button.rz-next").ClickAsync();
        await calendar.Locator($".rz-day-view [data-slot='{today.AddDays(1):yyyy-MM-dd}T10:00']").WaitForAsync();
        await calendar.Locator("button.rz-today").ClickAsync();
        await todaySlot.WaitForAsync();
    }

    /// <summary>
    /// The test host's local zone (this process's) set for a while to one whose date is not the company's today: UTC-12
    /// or UTC+14, whichever is on another day now. Tests of the browser collection run one at a time.
    /// </summary>
    private sealed class ServerZone : IDisposable
    {
        private readonly string? _was = Environment.GetEnvironmentVariable("TZ");

        private ServerZone(string zone) => Use(zone);

        public static ServerZone OnAnotherDayThan(DateTime companyToday)
        {
            var zone = new[] { "Etc/GMT+12", "Pacific/Kiritimati" }
                .First(z => TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById(z)).Date != companyToday);
            var set = new ServerZone(zone);
            Assert.NotEqual(companyToday, DateTime.Today);
            return set;
        }

        public void Dispose() => Use(_was);

        private static void Use(string? zone)
        {
            Environment.SetEnvironmentVariable("TZ", zone);
            TimeZoneInfo.ClearCachedData();
        }
    }

    /// <summary>Waits until the month's line says <paramref name="count"/> (a live re-read may still be on its way), else fails saying what it says.</summary>
    private static async Task LineCountsAsync(IPage page, string line, int count)
    {
        try
        {
            await page.WaitForFunctionAsync("([line, count]) => document.querySelector(line)?.dataset.count === count", new object[] { line, count.ToString(CultureInfo.InvariantCulture) });
        }
        catch (System.TimeoutException)
        {
            Assert.Equal(count.ToString(CultureInfo.InvariantCulture), await page.Locator(line).GetAttributeAsync("data-count"));
            throw;
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
