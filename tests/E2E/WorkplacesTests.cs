using System.Net;
using System.Net.Http.Json;
using Microsoft.Playwright;
using OrleansCrm.ServiceDesk.Contracts;
using OrleansCrm.Staff.Demo;
using OrleansCrm.Testing;

namespace OrleansCrm.E2E;

/// <summary>
/// The live workplaces as their users meet them, each user in a browser context of their own: the dispatcher's board,
/// the specialist's tickets and the director's wall, following one another through the live feed without a reload.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class WorkplacesTests(BrowserFixture fixture)
{
    /// <summary>The demo user <c>specialist</c> works as demo specialist 0 (M.E.Doc at level 3, among other skills).</summary>
    private static readonly Guid Bondarenko = DemoSpecialists.IdOf(0);

    private static readonly Guid Tkachenko = DemoSpecialists.IdOf(1);

    [Fact]
    public async Task A_ticket_redirected_on_the_board_reaches_the_specialist_at_once_and_the_wall_shows_the_load()
    {
        using var api = await fixture.ApiAsync("dispatcher");
        var subject = "M.E.Doc: звіт не надсилається " + Guid.NewGuid().ToString("N")[..6];
        var ticket = await OpenAsync(api, subject, "medoc", 3);
        if (ticket.AssigneeId == Bondarenko)
        {
            // The board test needs it on someone else's column first.
            var moved = await api.PostAsJsonAsync($"/api/tickets/{ticket.Id}/redirect", new { toSpecialistId = Tkachenko, reason = "підготовка тесту" }, CrmHost.Json);
            Assert.True(moved.StatusCode == HttpStatusCode.OK, await moved.Content.ReadAsStringAsync());
        }

        var director = await fixture.NewPageAsync(1920, 1080);
        await Pages.SignInAsync(director, "director");
        Assert.EndsWith("/wall", director.Url, StringComparison.Ordinal);
        await Pages.InteractiveAsync(director);
        var bar = director.Locator($"[data-testid=wall-specialist][data-specialist-id='{Bondarenko}']");
        await bar.WaitForAsync();
        var loadBefore = int.Parse((await bar.GetAttributeAsync("data-load"))!);

        var specialist = await fixture.NewPageAsync();
        await Pages.SignInAsync(specialist, "specialist");
        Assert.EndsWith("/my", specialist.Url, StringComparison.Ordinal);
        await Pages.InteractiveAsync(specialist);
        await specialist.Locator("[data-testid=my-list]").WaitForAsync();
        var row = specialist.Locator($"[data-testid=my-ticket][data-ticket-id='{ticket.Id}']");
        Assert.Equal(0, await row.CountAsync());

        var dispatcher = await fixture.NewPageAsync(1920, 1080);
        await Pages.SignInAsync(dispatcher, "dispatcher");
        Assert.EndsWith("/dispatch", dispatcher.Url, StringComparison.Ordinal);
        await Pages.InteractiveAsync(dispatcher);
        var card = dispatcher.Locator($"[data-testid=dispatch-card][data-ticket-id='{ticket.Id}']");
        var column = dispatcher.Locator($"[data-testid=dispatch-column][data-specialist-id='{Bondarenko}']");
        await card.WaitForAsync();
        await card.DragToAsync(column);
        await dispatcher.Locator("[data-testid=redirect-dialog]").WaitForAsync();
        await dispatcher.FillAsync("[data-testid=redirect-reason]", "Клієнт просить саме Андрія Миколайовича");
        await Pages.DialogShownAsync(dispatcher);
        await BrowserFixture.ScreenshotAsync(dispatcher, "dispatch-redirect-dialog");
        await dispatcher.ClickAsync("[data-testid=redirect-submit]");
        await dispatcher.Locator("[data-testid=redirect-dialog]").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Detached });

        // The redirect has completed: the specialist's page shows it within a second, without a reload, with a notification.
        await row.WaitForAsync(new LocatorWaitForOptions { Timeout = 1_000 });
        await specialist.Locator(".rz-notification-item", new PageLocatorOptions { HasText = subject }).WaitForAsync(new LocatorWaitForOptions { Timeout = 1_000 });

        await column.Locator($"[data-ticket-id='{ticket.Id}']").WaitForAsync();
        await dispatcher.ClickAsync($"[data-testid=dispatch-card][data-ticket-id='{ticket.Id}']");
        await dispatcher.Locator("[data-testid=dispatch-history]", new PageLocatorOptions { HasText = "Андрія Миколайовича" }).WaitForAsync();
        await BrowserFixture.ScreenshotAsync(dispatcher, "dispatch");

        // The specialist takes it into work there, with the client beside it.
        await row.ClickAsync();
        await specialist.Locator("[data-testid=client-panel-name]").WaitForAsync();
        await specialist.ClickAsync("[data-testid=my-accept]");
        await specialist.Locator($"[data-testid=my-ticket][data-ticket-id='{ticket.Id}'][data-status=Accepted]").WaitForAsync();
        Assert.Equal("Accepted", (await specialist.Locator("[data-testid=my-selected-status]").TextContentAsync())?.Trim());
        await BrowserFixture.ScreenshotAsync(specialist, "my-tickets");

        // What the service desk refuses shows beside the field, not as an error page.
        await specialist.ClickAsync("[data-testid=my-log-time]");
        await specialist.Locator("[data-field=minutes]").WaitForAsync();

        // The director's wall follows the load: a normal ticket weighs 2.
        await director.Locator($"[data-testid=wall-specialist][data-specialist-id='{Bondarenko}'][data-load='{loadBefore + 2}']").WaitForAsync();
        await BrowserFixture.ScreenshotAsync(director, "wall");
    }

    [Fact]
    public async Task A_wall_tile_opens_the_list_it_counts_and_the_dispatcher_previews_a_rebalance()
    {
        var director = await fixture.NewPageAsync(1920, 1080);
        await Pages.SignInAsync(director, "director");
        await Pages.OpenAsync(director, "/wall");
        var tile = director.Locator("[data-testid=wall-tile][data-tile=Open]");
        await tile.WaitForAsync();
        var count = await tile.GetAttributeAsync("data-count");
        await tile.ClickAsync();
        await Pages.AtAsync(director, @"/tickets\?tile=Open$");
        await director.Locator("[data-testid=tile-filter]").WaitForAsync();
        await director.Locator($"[data-testid=tickets-grid][data-total='{count}']").WaitForAsync();
        await BrowserFixture.ScreenshotAsync(director, "wall-tile-open");

        var dispatcher = await fixture.NewPageAsync(1920, 1080);
        await Pages.SignInAsync(dispatcher, "dispatcher");
        await Pages.OpenAsync(dispatcher, "/dispatch");
        await dispatcher.Locator("[data-testid=dispatch-queue]").WaitForAsync();
        await dispatcher.ClickAsync("[data-testid=rebalance]");
        await dispatcher.Locator("[data-testid=rebalance-dialog]").WaitForAsync();
        await Pages.DialogShownAsync(dispatcher);
        await BrowserFixture.ScreenshotAsync(dispatcher, "dispatch-rebalance-preview");
        await dispatcher.ClickAsync("[data-testid=rebalance-cancel]");
        await dispatcher.Locator("[data-testid=rebalance-dialog]").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Detached });
    }

    [Fact]
    public async Task A_specialist_is_refused_the_board_the_wall_and_another_specialists_ticket()
    {
        using var api = await fixture.ApiAsync("dispatcher");
        var others = await OpenAsync(api, "Мережа впала " + Guid.NewGuid().ToString("N")[..6], "network", 3);
        Assert.NotNull(others.AssigneeId);
        Assert.NotEqual(Bondarenko, others.AssigneeId);

        var page = await fixture.NewPageAsync();
        await Pages.SignInAsync(page, "specialist");
        await Pages.OpenAsync(page, "/dispatch");
        await page.Locator("[data-testid=not-allowed]").WaitForAsync();
        Assert.Equal(0, await page.Locator("[data-testid=dispatch-queue]").CountAsync());
        await BrowserFixture.ScreenshotAsync(page, "dispatch-refused");

        await Pages.OpenAsync(page, "/wall");
        await page.Locator("[data-testid=not-allowed]").WaitForAsync();

        await Pages.OpenAsync(page, $"/tickets/{others.Id}");
        await page.Locator("[data-testid=ticket-refused]").WaitForAsync();
        Assert.Equal(0, await page.Locator("[data-testid=ticket-subject]").CountAsync());
        await BrowserFixture.ScreenshotAsync(page, "ticket-refused");
    }

    private async Task<TicketDetails> OpenAsync(HttpClient api, string subject, string skill, int minLevel)
    {
        var client = fixture.SomeClient;
        var response = await api.PostAsJsonAsync("/api/tickets", new
        {
            clientId = client.Id, subject, description = "Клієнт телефонував о 9:40", channel = "Phone", priority = "Normal", requiredSkill = skill, minLevel,
        }, CrmHost.Json);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var ticket = await CrmHost.ReadAsync<TicketDetails>(response);
        Assert.Equal(TicketStatus.Assigned, ticket.Status);
        return ticket;
    }
}
