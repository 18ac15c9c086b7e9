using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace OrleansCrm.E2E.Sales;

/// <summary>
/// The manager's sales day through the UI (issue 18's browser test): a deal dragged on the kanban to the next stage,
/// whose robot gives the manager a task; a required-field refusal shown on its card; a deal opened meanwhile appearing on
/// the board without a reload; the deal won, and the plan tile on the director's wall (another browser) following it.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class KanbanTests(BrowserFixture fixture)
{
    [Theory]
    [InlineData("en")]
    [InlineData("uk")]
    public async Task A_deal_dragged_to_the_next_stage_gets_its_robots_task_and_won_moves_the_directors_plan_tile(string culture)
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var taskTitle = $"Надіслати КП {suffix}";
        var pipelineName = $"Продажі E2E {culture} {suffix}";
        using var director = await fixture.ApiAsync("director");
        using var manager = await fixture.ApiAsync("manager");
        // new (leaving it needs the amount) → offer (a robot: a task for the owner in 4 working hours) → contract.
        var pipeline = await ReadAsync(await director.PostAsJsonAsync("/api/pipelines", new
        {
            name = pipelineName,
            stages = new object[]
            {
                new { code = "new", name = "Нова", probability = 10, requiredFields = new[] { "amount" } },
                new { code = "offer", name = "Пропозиція", probability = 50,
                    robots = new object[] { new { kind = "CreateTask", title = taskTitle, assignee = "Owner", dueAfter = "4h" } } },
                new { code = "contract", name = "Договір", probability = 90 },
            },
        }), HttpStatusCode.Created);
        var pipelineId = pipeline["id"]!.GetValue<Guid>();
        var client = fixture.SomeClient.Id;
        var noAmount = await DealAsync(manager, new { clientId = client, pipelineId, title = $"Без суми {suffix}" });
        var deal = await DealAsync(manager, new { clientId = client, pipelineId, title = $"M.E.Doc {suffix}", amount = 4321.5m });

        // The director's wall, open all along on its own 1080-line screen.
        var wall = await fixture.NewPageAsync(1920, 1080);
        await Language.SignInAsync(wall, "director", culture);
        await Pages.OpenAsync(wall, "/wall");
        var actual = wall.Locator("[data-testid=plan-actual]");
        await actual.WaitForAsync();
        await wall.EvaluateAsync("() => window.__sameWall = true"); // gone if the page were loaded again

        var page = await fixture.NewPageAsync();
        await Language.SignInAsync(page, "manager", culture);
        try
        {
            await Pages.OpenAsync(page, "/sales");
            await page.ClickAsync("[data-testid=pipeline-select]");
            await page.Locator(".rz-dropdown-item", new PageLocatorOptions { HasText = pipelineName }).First.ClickAsync();
            var refusedCard = page.Locator($"[data-deal='{noAmount}']");
            var card = page.Locator($"[data-deal='{deal}']");
            await page.Locator($"[data-testid=stage-new] [data-deal='{deal}']").WaitForAsync();
            await page.EvaluateAsync("() => window.__sameBoard = true");

            // A deal opened elsewhere meanwhile appears without a reload.
            var later = await DealAsync(manager, new { clientId = client, pipelineId, title = $"ITS {suffix}", amount = 100m });
            await page.Locator($"[data-testid=stage-new] [data-deal='{later}']").WaitForAsync();

            // Dragged without the amount its stage asks for: refused, and the card says why.
            await refusedCard.DragToAsync(page.Locator("[data-testid=stage-offer]"));
            var refusal = refusedCard.Locator("[data-testid=card-refusal]");
            await refusal.WaitForAsync();
            Assert.Contains(culture == "en" ? "amount" : "сум", (await refusal.InnerTextAsync()).ToLowerInvariant(), StringComparison.Ordinal);
            Assert.Equal(1, await page.Locator($"[data-testid=stage-new] [data-deal='{noAmount}']").CountAsync());

            // Dragged with it: the deal moves, and stays there (the board re-reads on its own change).
            await card.DragToAsync(page.Locator("[data-testid=stage-offer]"));
            await page.Locator($"[data-testid=stage-offer] [data-deal='{deal}']").WaitForAsync();
            Assert.True(await page.EvaluateAsync<bool>("() => window.__sameBoard === true"));
            await BrowserFixture.ScreenshotAsync(page, $"manager-kanban-{culture}");
            var moved = await ReadAsync(await manager.GetAsync($"/api/deals/{deal}"));
            Assert.Equal("offer", moved["stage"]!.GetValue<string>());

            // The stage's robot gave the manager a task.
            await Pages.OpenAsync(page, "/sales/tasks");
            await page.Locator("[data-testid=my-tasks] .rz-data-row", new PageLocatorOptions { HasText = taskTitle }).WaitForAsync();
            await BrowserFixture.ScreenshotAsync(page, $"manager-robot-task-{culture}");

            // Won from the deal's page: the director's plan tile follows without a reload.
            var before = decimal.Parse((await actual.GetAttributeAsync("data-value"))!, CultureInfo.InvariantCulture);
            await Pages.OpenAsync(page, $"/deals/{deal}");
            await page.ClickAsync("[data-testid=deal-win]");
            await page.Locator("[data-testid=deal-status]", new PageLocatorOptions { HasText = culture == "en" ? "Won" : "Виграна" }).WaitForAsync();
            var after = (before + 4321.5m).ToString(CultureInfo.InvariantCulture);
            await wall.WaitForFunctionAsync($"() => Number(document.querySelector('[data-testid=plan-actual]').dataset.value) === {after}");
            Assert.True(await wall.EvaluateAsync<bool>("() => window.__sameWall === true"));
            await BrowserFixture.ScreenshotAsync(wall, $"director-wall-plan-won-{culture}");
        }
        finally
        {
            // The language is kept with the user; other tests sign the demo users in and expect English.
            await page.GotoAsync("/culture/set?culture=en&redirectUri=%2F");
            await wall.GotoAsync("/culture/set?culture=en&redirectUri=%2F");
        }
    }

    private static async Task<Guid> DealAsync(HttpClient http, object body) =>
        (await ReadAsync(await http.PostAsJsonAsync("/api/deals", body), HttpStatusCode.Created))["id"]!.GetValue<Guid>();

    private static async Task<JsonObject> ReadAsync(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }
}
