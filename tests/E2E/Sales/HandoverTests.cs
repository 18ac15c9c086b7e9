using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace OrleansCrm.E2E.Sales;

/// <summary>
/// Handing a client over to support (seed 004): on the head of sales' activity page from a task in the team's list and
/// from an interaction of today, and on a manager's /sales/tasks from their own task. Each makes a ticket carrying the
/// client, the contact with their phone and the last interaction's notes, and the page says which ticket it made.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class HandoverTests(BrowserFixture fixture)
{
    [Theory]
    [InlineData("en")]
    [InlineData("uk")]
    public async Task A_task_and_an_interaction_hand_their_client_over_to_support_as_tickets_with_the_contact_and_the_last_notes(string culture)
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        using var head = await fixture.ApiAsync("saleshead");
        using var director = await fixture.ApiAsync("director");
        var client = await ReadAsync(await head.PostAsJsonAsync("/api/clients", new
        {
            legalName = $"ТОВ «Передача {suffix}»", kind = "Company", supportStatus = "Active",
            contacts = new[] { new { name = "Марія Головбух", phones = new[] { "+380 44 765 43 21" } } },
        }), HttpStatusCode.Created);
        var clientId = client["id"]!.GetValue<Guid>();
        var contact = client["contacts"]![0]!;
        var phone = contact["phones"]![0]!.GetValue<string>(); // as Clients stores it
        var notes = $"Не відправляється звіт {suffix}";
        // Today's call (its owner is the head, who signs in), and a task about the same client due long ago: first in the team's list.
        var call = await ReadAsync(await head.PostAsJsonAsync("/api/interactions",
            new { kind = "Call", clientId, contactId = contact["id"]!.GetValue<Guid>(), doneAt = DateTimeOffset.UtcNow, notes }), HttpStatusCode.Created);
        var title = $"Передати в підтримку {suffix}";
        var tasks = (await ReadNodeAsync(await head.PostAsJsonAsync("/api/tasks",
            new { title, executorIds = new[] { call["ownerId"]!.GetValue<Guid>() }, dueAt = new DateTimeOffset(2001, 1, 1, 9, 0, 0, TimeSpan.Zero), clientId }),
            HttpStatusCode.Created)).AsArray();
        Assert.Single(tasks);

        var page = await fixture.NewPageAsync();
        await Language.SignInAsync(page, "saleshead", culture);
        try
        {
            await Pages.OpenAsync(page, "/sales/activity");
            var said = culture == "en" ? "Handed over to support" : "Передано в підтримку";

            // From the task: its row links the ticket, and the page names it.
            var row = page.Locator("[data-testid=team-task-list] .rz-data-row", new PageLocatorOptions { HasText = title });
            await row.Locator("[data-testid=team-task-handover]").ClickAsync();
            var done = page.Locator("[data-testid=handover-done]", new PageLocatorOptions { HasText = title });
            await done.WaitForAsync();
            Assert.Contains(said, await done.InnerTextAsync(), StringComparison.Ordinal);
            await row.Locator("[data-testid=team-task-ticket]").WaitForAsync();
            await CheckTicketAsync(director, Guid.Parse((await done.GetAttributeAsync("data-ticket"))!), title);
            Assert.Equal(await done.Locator("[data-testid=handover-ticket]").GetAttributeAsync("href"), await row.Locator("[data-testid=team-task-ticket]").GetAttributeAsync("href"));

            // From today's call: the ticket takes its first line for the subject.
            var today = page.Locator("[data-testid=today-panel]");
            var line = today.Locator("[data-testid=today-interaction]", new LocatorLocatorOptions { HasText = notes });
            await line.Locator("[data-testid=today-handover]").ClickAsync();
            var fromCall = today.Locator("[data-testid=handover-done]", new LocatorLocatorOptions { HasText = notes });
            await fromCall.WaitForAsync();
            Assert.Contains(said, await fromCall.InnerTextAsync(), StringComparison.Ordinal);
            await line.Locator("[data-testid=today-ticket]").WaitForAsync();
            await CheckTicketAsync(director, Guid.Parse((await fromCall.GetAttributeAsync("data-ticket"))!), notes);
            await BrowserFixture.ScreenshotAsync(page, $"saleshead-handover-{culture}");
            if (culture != "en")
            {
                await Language.AssertNoEnglishAsync(page);
            }
        }
        finally
        {
            await page.GotoAsync("/culture/set?culture=en&redirectUri=%2F");
        }

        async Task CheckTicketAsync(HttpClient http, Guid ticketId, string subject)
        {
            var ticket = await ReadAsync(await http.GetAsync($"/api/tickets/{ticketId}"));
            Assert.Equal(subject, ticket["subject"]!.GetValue<string>());
            Assert.Equal(clientId, ticket["clientId"]!.GetValue<Guid>());
            Assert.Equal(contact["id"]!.GetValue<Guid>(), ticket["contactId"]!.GetValue<Guid>());
            var description = ticket["description"]!.GetValue<string>();
            Assert.Contains(phone, description, StringComparison.Ordinal);
            Assert.Contains(notes, description, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("en")]
    [InlineData("uk")]
    public async Task A_manager_hands_their_own_tasks_client_over_to_support_from_their_task_list(string culture)
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        using var head = await fixture.ApiAsync("saleshead");
        using var manager = await fixture.ApiAsync("manager");
        using var director = await fixture.ApiAsync("director");
        var client = await ReadAsync(await head.PostAsJsonAsync("/api/clients", new
        {
            legalName = $"ТОВ «Задача {suffix}»", kind = "Company", supportStatus = "Active",
            contacts = new[] { new { name = "Олег Бухгалтер", phones = new[] { "+380 44 111 22 33" } } },
        }), HttpStatusCode.Created);
        var clientId = client["id"]!.GetValue<Guid>();
        var notes = $"Не оновлюється M.E.Doc {suffix}";
        var call = await ReadAsync(await manager.PostAsJsonAsync("/api/interactions",
            new { kind = "Call", clientId, contactId = client["contacts"]![0]!["id"]!.GetValue<Guid>(), doneAt = DateTimeOffset.UtcNow, notes }), HttpStatusCode.Created);
        var title = $"Оновлення M.E.Doc {suffix}";
        Assert.Single((await ReadNodeAsync(await manager.PostAsJsonAsync("/api/tasks",
            new { title, executorIds = new[] { call["ownerId"]!.GetValue<Guid>() }, dueAt = DateTimeOffset.UtcNow.AddHours(2), clientId }),
            HttpStatusCode.Created)).AsArray());

        var page = await fixture.NewPageAsync();
        await Language.SignInAsync(page, "manager", culture);
        try
        {
            await Pages.OpenAsync(page, "/sales/tasks");
            var row = page.Locator("[data-testid=my-tasks] .rz-data-row", new PageLocatorOptions { HasText = title });
            await row.Locator("[data-testid=task-handover]").ClickAsync();
            var done = page.Locator("[data-testid=handover-done]", new PageLocatorOptions { HasText = title });
            await done.WaitForAsync();
            await row.Locator("[data-testid=task-ticket]").WaitForAsync();
            var ticket = await ReadAsync(await director.GetAsync($"/api/tickets/{Guid.Parse((await done.GetAttributeAsync("data-ticket"))!)}"));
            Assert.Equal((title, clientId), (ticket["subject"]!.GetValue<string>(), ticket["clientId"]!.GetValue<Guid>()));
            Assert.Contains(notes, ticket["description"]!.GetValue<string>(), StringComparison.Ordinal); // the last interaction carries over
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

    private static async Task<JsonObject> ReadAsync(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK) =>
        (await ReadNodeAsync(response, expected)).AsObject();

    private static async Task<JsonNode> ReadNodeAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{response.StatusCode}: {text}");
        return JsonNode.Parse(text)!;
    }
}
