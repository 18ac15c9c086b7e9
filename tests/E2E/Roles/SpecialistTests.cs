using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using OrleansCrm.Clients.Contracts;
using OrleansCrm.ServiceDesk.Contracts;
using OrleansCrm.Staff.Demo;
using OrleansCrm.Testing;

namespace OrleansCrm.E2E.Roles;

/// <summary>
/// The specialist's day in the browser: a ticket assigned to the demo specialist is accepted, started and resolved on
/// /my, then closed from the ticket's page (the assignee may close it, as ActOnTicket allows), which shows its number and
/// the contact who called. In English and in Ukrainian, with no English left on a Ukrainian screen.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class SpecialistTests(BrowserFixture fixture)
{
    /// <summary>The demo user <c>specialist</c> works as demo specialist 0 (M.E.Doc at level 3, among other skills).</summary>
    private static readonly Guid Bondarenko = DemoSpecialists.IdOf(0);

    [Theory]
    [InlineData("en")]
    [InlineData("uk")]
    public async Task The_specialist_resolves_a_ticket_on_their_page_and_closes_it_on_the_tickets_page(string culture)
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        var (ticket, contact) = await AssignedToTheSpecialistAsync($"Олена Шевчук {tag}", $"Не формується акт звірки {tag}");

        var page = await fixture.NewPageAsync();
        await Language.SignInAsync(page, "specialist", culture);
        await Pages.OpenAsync(page, "/my");
        var row = page.Locator($"[data-testid=my-ticket][data-ticket-id='{ticket.Id}']");
        await row.WaitForAsync();
        Assert.Equal(ticket.DisplayNumber, (await row.Locator("[data-testid=my-ticket-number]").TextContentAsync())?.Trim());
        Assert.Matches(NumberPattern(), ticket.DisplayNumber);

        await row.ClickAsync();
        Assert.Equal(ticket.DisplayNumber, (await page.Locator("[data-testid=my-selected-number]").TextContentAsync())?.Trim());
        await page.ClickAsync("[data-testid=my-accept]");
        await page.Locator($"[data-testid=my-ticket][data-ticket-id='{ticket.Id}'][data-status=Accepted]").WaitForAsync();
        await page.ClickAsync("[data-testid=my-start]");
        await page.Locator($"[data-testid=my-ticket][data-ticket-id='{ticket.Id}'][data-status=InProgress]").WaitForAsync();
        await page.ClickAsync("[data-testid=my-resolve]");

        // Resolved, it stays on the specialist's page, waiting to be closed.
        await page.Locator($"[data-testid=my-ticket][data-ticket-id='{ticket.Id}'][data-status=Resolved]").WaitForAsync();
        await page.Locator("[data-testid=my-close]").WaitForAsync();
        await BrowserFixture.ScreenshotAsync(page, $"specialist-my-resolved-{culture}");
        if (culture == "uk")
        {
            await Language.AssertNoEnglishAsync(page);
        }

        await Pages.OpenAsync(page, $"/tickets/{ticket.Id}");
        await page.Locator("[data-testid=ticket-status][data-status=Resolved]").WaitForAsync();
        Assert.Equal(ticket.DisplayNumber, (await page.Locator("[data-testid=ticket-number]").TextContentAsync())?.Trim());
        Assert.Equal(contact.Name, (await page.Locator("[data-testid=ticket-contact-name]").TextContentAsync())?.Trim());
        Assert.Equal(contact.Phones[0], (await page.Locator("[data-testid=ticket-contact-phone]").First.TextContentAsync())?.Trim());
        // Their own ticket: the moves its status allows (close, reopen), time and a comment; nothing that needs another role.
        Assert.Equal(0, await page.Locator("[data-testid=ticket-redirect]").CountAsync());
        await BrowserFixture.ScreenshotAsync(page, $"specialist-ticket-resolved-{culture}");
        if (culture == "uk")
        {
            await Language.AssertNoEnglishAsync(page);
        }

        await page.ClickAsync("[data-testid=ticket-close]");
        await page.Locator("[data-testid=ticket-status][data-status=Closed]").WaitForAsync();
        // Closed: only reopening is left, and the history says so in the user's language.
        Assert.Equal(0, await page.Locator("[data-testid=ticket-close]").CountAsync());
        await page.Locator("[data-testid=ticket-reopen]").WaitForAsync();
        await BrowserFixture.ScreenshotAsync(page, $"specialist-ticket-closed-{culture}");
        if (culture == "uk")
        {
            await Language.AssertNoEnglishAsync(page);
        }

        using var api = await fixture.ApiAsync("dispatcher");
        Assert.Equal(TicketStatus.Closed, (await CrmHost.ReadAsync<TicketDetails>(await api.GetAsync($"/api/tickets/{ticket.Id}"))).Status);
    }

    /// <summary>A ticket on the demo specialist's desk, opened by a dispatcher for a contact who called (added for the test).</summary>
    private async Task<(TicketDetails Ticket, Contact Contact)> AssignedToTheSpecialistAsync(string contactName, string subject)
    {
        using var api = await fixture.ApiAsync("dispatcher");
        var added = await api.PostAsJsonAsync($"/api/clients/{fixture.SomeClient.Id}/contacts", new { name = contactName, position = "головний бухгалтер", phones = new[] { "044 123 45 67" } }, CrmHost.Json);
        Assert.True(added.IsSuccessStatusCode, await added.Content.ReadAsStringAsync());
        var contact = (await CrmHost.ReadAsync<ClientDetails>(added)).Contacts.Single(c => c.Name == contactName);

        var opened = await api.PostAsJsonAsync("/api/tickets", new
        {
            clientId = fixture.SomeClient.Id, contactId = contact.Id, subject, description = "Клієнт телефонував о 9:40", channel = "Phone", priority = "Low",
            requiredSkill = "medoc", minLevel = 3,
        }, CrmHost.Json);
        Assert.True(opened.StatusCode == HttpStatusCode.Created, await opened.Content.ReadAsStringAsync());
        var ticket = await CrmHost.ReadAsync<TicketDetails>(opened);
        if (ticket.AssigneeId != Bondarenko)
        {
            var moved = await api.PostAsJsonAsync($"/api/tickets/{ticket.Id}/redirect", new { toSpecialistId = Bondarenko, reason = "підготовка тесту" }, CrmHost.Json);
            Assert.True(moved.StatusCode == HttpStatusCode.OK, await moved.Content.ReadAsStringAsync());
            ticket = await CrmHost.ReadAsync<TicketDetails>(moved);
        }

        Assert.Equal(Bondarenko, ticket.AssigneeId);
        Assert.Equal(TicketStatus.Assigned, ticket.Status);
        return (ticket, contact);
    }

    [GeneratedRegex(@"^T-\d{6,}$")]
    private static partial Regex NumberPattern();
}
