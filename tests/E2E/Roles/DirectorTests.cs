using System.Net;
using System.Net.Http.Json;
using Microsoft.Playwright;
using OrleansCrm.Clients.Contracts;
using OrleansCrm.ServiceDesk.Contracts;
using OrleansCrm.Testing;

namespace OrleansCrm.E2E.Roles;

/// <summary>The director's wall, left open: a condition alert appears when the condition begins and goes when it ends, without a reload.</summary>
[Collection(BrowserCollection.Name)]
public sealed class DirectorTests(BrowserFixture fixture)
{
    /// <summary>A screen asks the conditions again after each change it hears of; well within a browser's patience.</summary>
    private const float ConditionSeen = 5_000;

    [Theory]
    [InlineData("en")]
    [InlineData("uk")]
    public async Task The_director_watches_a_churn_risk_appear_on_the_wall_and_go_when_a_ticket_is_cancelled(string culture)
    {
        // A client of this test's own: three open tickets make a churn risk (Crm:ServiceDesk:ChurnRiskOpenTickets), two do not.
        using var api = await fixture.ApiAsync("dispatcher");
        var name = $"Пекарня «Колосок {Random.Shared.Next(1000, 9999)}»";
        var createdClient = await api.PostAsJsonAsync("/api/clients", new { legalName = $"ТОВ {name}", shortName = name }, CrmHost.Json);
        Assert.True(createdClient.StatusCode == HttpStatusCode.Created, await createdClient.Content.ReadAsStringAsync());
        var client = (await CrmHost.ReadAsync<ClientDetails>(createdClient)).Id;

        var page = await fixture.NewPageAsync(1920, 1080);
        await Language.SignInAsync(page, "director", culture);
        await Pages.OpenAsync(page, "/wall");
        await page.Locator("[data-testid=wall-alerts]").WaitForAsync();
        await page.EvaluateAsync("() => window.__sameWall = true"); // gone if the page were loaded again

        var condition = page.Locator($"[data-testid=wall-condition][data-key='ChurnRisk/{client}']");
        var tickets = new List<TicketDetails>();
        for (var i = 1; i <= 3; i++)
        {
            var opened = await api.PostAsJsonAsync("/api/tickets", new
            {
                clientId = client, subject = $"Каса не друкує чек {i}", channel = "Phone", priority = "Low", requiredSkill = "prro", minLevel = 1,
            }, CrmHost.Json);
            Assert.True(opened.StatusCode == HttpStatusCode.Created, await opened.Content.ReadAsStringAsync());
            tickets.Add(await CrmHost.ReadAsync<TicketDetails>(opened));
            if (i < 3)
            {
                Assert.Equal(0, await condition.CountAsync());
            }
        }

        // It appears without a reload, with the moment it began: when the third ticket was opened.
        await condition.WaitForAsync(new LocatorWaitForOptions { Timeout = ConditionSeen });
        Assert.Contains(name, await condition.InnerTextAsync());
        var began = TimeZoneInfo.ConvertTime(tickets[2].CreatedAt, TimeZoneInfo.FindSystemTimeZoneById("Europe/Kyiv"))
            .ToString("t", System.Globalization.CultureInfo.GetCultureInfo(culture));
        Assert.Contains(began, await condition.Locator("[data-testid=wall-condition-since]").InnerTextAsync());
        await BrowserFixture.ScreenshotAsync(page, $"director-wall-condition-{culture}");
        if (culture == "uk")
        {
            await Language.AssertNoEnglishAsync(page);
        }

        var cancelled = await api.PostAsJsonAsync($"/api/tickets/{tickets[0].Id}/cancel", new { reason = "клієнт сам розібрався" }, CrmHost.Json);
        Assert.True(cancelled.StatusCode == HttpStatusCode.OK, await cancelled.Content.ReadAsStringAsync());

        // It goes when the condition ends, still without a reload.
        await condition.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Detached, Timeout = ConditionSeen });
        Assert.True(await page.EvaluateAsync<bool>("() => window.__sameWall === true"));
        await BrowserFixture.ScreenshotAsync(page, $"director-wall-condition-gone-{culture}");

        foreach (var ticket in tickets.Skip(1))
        {
            await api.PostAsJsonAsync($"/api/tickets/{ticket.Id}/cancel", new { reason = "прибирання після тесту" }, CrmHost.Json);
        }
    }
}
