using System.Net;
using System.Net.Http.Json;
using Microsoft.Playwright;
using OrleansCrm.ServiceDesk.Contracts;
using OrleansCrm.Staff.Contracts;
using OrleansCrm.Testing;

namespace OrleansCrm.E2E.Roles;

/// <summary>The dispatcher's day on /dispatch: a ticket waits in the queue, and they give it to a specialist of their choice.</summary>
[Collection(BrowserCollection.Name)]
public sealed class DispatcherTests(BrowserFixture fixture)
{
    [Theory]
    [InlineData("en")]
    [InlineData("uk")]
    public async Task The_dispatcher_assigns_a_waiting_ticket_to_a_specialist_by_dragging_it_onto_their_lane(string culture)
    {
        // A specialist of this test's own, with a skill nobody else has; the ticket waits after they declined it, the way
        // a ticket waits at a desk: the dispatcher does not offer it straight back to whoever declined it.
        using var api = await fixture.ApiAsync("dispatcher");
        var skill = "z" + Random.Shared.Next(100_000, 999_999);
        var created = await api.PostAsJsonAsync("/api/specialists", new { name = $"Черговий Остап {skill[1..]}", skills = new[] { new { code = skill, level = 3 } }, capacity = 10 }, CrmHost.Json);
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var ostap = (await CrmHost.ReadAsync<SpecialistDetails>(created)).Id;
        var subject = $"Не відкривається звіт {skill[1..]}";
        var opened = await api.PostAsJsonAsync("/api/tickets", new
        {
            clientId = fixture.SomeClient.Id, subject, channel = "Phone", priority = "Normal", requiredSkill = skill, minLevel = 2,
        }, CrmHost.Json);
        Assert.True(opened.StatusCode == HttpStatusCode.Created, await opened.Content.ReadAsStringAsync());
        var ticket = await CrmHost.ReadAsync<TicketDetails>(opened);
        Assert.Equal(ostap, ticket.AssigneeId);
        var declined = await api.PostAsJsonAsync($"/api/tickets/{ticket.Id}/decline", new { reason = "на виїзді" }, CrmHost.Json);
        Assert.True(declined.StatusCode == HttpStatusCode.OK, await declined.Content.ReadAsStringAsync());

        // Tall enough for every lane of the demo board (and of the specialists earlier tests added) without scrolling mid-drag.
        var page = await fixture.NewPageAsync(1920, 1600);
        await Language.SignInAsync(page, "dispatcher", culture);
        await Pages.OpenAsync(page, "/dispatch");
        var queue = page.Locator("[data-testid=dispatch-queue]");
        var card = queue.Locator($"[data-testid=dispatch-card][data-ticket-id='{ticket.Id}']");
        await card.WaitForAsync();
        Assert.Equal(fixture.SomeClient.ShortName, (await card.Locator("[data-testid=dispatch-card-client]").TextContentAsync())?.Trim());
        await BrowserFixture.ScreenshotAsync(page, $"dispatcher-queue-{culture}");
        if (culture == "uk")
        {
            await Language.AssertNoEnglishAsync(page);
        }

        var lane = page.Locator($"[data-testid=dispatch-column][data-specialist-id='{ostap}']");
        await lane.ScrollIntoViewIfNeededAsync();
        await card.DragToAsync(lane, new LocatorDragToOptions { TargetPosition = new TargetPosition { X = 40, Y = 12 } }); // onto the lane's header
        var dialog = page.Locator("[data-testid=redirect-dialog]");
        await dialog.WaitForAsync();
        Assert.Equal(0, await page.Locator("[data-testid=redirect-dispatcher-chooses]").CountAsync()); // a waiting ticket is assigned, not handed back
        await page.FillAsync("[data-testid=redirect-reason]", "Остап уже повернувся з виїзду");
        await Pages.DialogShownAsync(page);
        await BrowserFixture.ScreenshotAsync(page, $"dispatcher-assign-dialog-{culture}");
        if (culture == "uk")
        {
            await Language.AssertNoEnglishAsync(page);
        }

        await page.ClickAsync("[data-testid=redirect-submit]");
        await dialog.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Detached });

        // On Ostap's lane now, out of the queue, and his history says who assigned it and why.
        await lane.Locator($"[data-ticket-id='{ticket.Id}']").WaitForAsync();
        Assert.Equal(0, await queue.Locator($"[data-ticket-id='{ticket.Id}']").CountAsync());
        await page.ClickAsync($"[data-testid=dispatch-card][data-ticket-id='{ticket.Id}']");
        await page.Locator("[data-testid=dispatch-history]", new PageLocatorOptions { HasText = "Остап уже повернувся з виїзду" }).WaitForAsync();
        await BrowserFixture.ScreenshotAsync(page, $"dispatcher-assigned-{culture}");
        if (culture == "uk")
        {
            await Language.AssertNoEnglishAsync(page);
        }

        var stored = await CrmHost.ReadAsync<TicketDetails>(await api.GetAsync($"/api/tickets/{ticket.Id}"));
        Assert.Equal((TicketStatus.Assigned, ostap, "dispatcher"), (stored.Status, stored.AssigneeId, stored.History[^1].Actor));
    }
}
