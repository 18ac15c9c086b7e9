using System.Globalization;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.Sales.Contracts;
using OrleansCrm.Sales.Storage;

namespace OrleansCrm.E2E.Roles;

/// <summary>
/// The head of sales lands on /sales/head with the managers' plan progress and the month's plans to edit; the director's
/// wall shows a won deal in the plan tile without a reload.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class SalesHeadTests(BrowserFixture fixture)
{
    [Fact]
    public async Task The_head_of_sales_lands_on_the_plans_and_edits_the_month()
    {
        var page = await fixture.NewPageAsync(1600, 1000);
        await Pages.SignInAsync(page, "saleshead");
        Assert.EndsWith("/sales/head", page.Url, StringComparison.Ordinal);
        await Pages.InteractiveAsync(page);
        await page.Locator("[data-testid=plan-progress-company]").WaitForAsync();
        await page.Locator("[data-testid=plan-managers]").WaitForAsync();
        var department = page.Locator("[data-testid=plan-line]").First;
        await department.WaitForAsync();
        Assert.True(await page.Locator("[data-testid=plan-line]").CountAsync() >= 3); // the department and the demo manager and head of sales
        await BrowserFixture.ScreenshotAsync(page, "saleshead-plans");

        await department.Locator("[data-testid=plan-count] input").FillAsync("30");
        await page.ClickAsync("[data-testid=plan-save]");
        await page.Locator(".rz-notification-item").WaitForAsync();
        await page.Locator("[data-testid=plan-totals]").WaitForAsync();

        await page.ClickAsync("[data-testid=saleshead-tab-funnel]");
        await page.Locator("[data-testid=funnel-panel]").WaitForAsync();
        await BrowserFixture.ScreenshotAsync(page, "saleshead-funnel");
    }

    [Fact]
    public async Task A_won_deal_shows_on_the_directors_wall_without_a_reload()
    {
        var page = await fixture.NewPageAsync(1920, 1080);
        await Pages.SignInAsync(page, "director");
        await Pages.OpenAsync(page, "/wall");
        var actual = page.Locator("[data-testid=plan-actual]");
        await actual.WaitForAsync();
        await page.EvaluateAsync("() => window.__sameWall = true");
        var before = decimal.Parse((await actual.GetAttributeAsync("data-value"))!, CultureInfo.InvariantCulture);

        var deal = await InsertWonDealAsync(4321.5m);
        await fixture.Host.Services.GetRequiredService<IMediator>().Publish(new DealClosed(deal, Guid.NewGuid(), Guid.NewGuid(), DealStatus.Won, 4321.5m, DateTimeOffset.UtcNow));

        var after = (before + 4321.5m).ToString(CultureInfo.InvariantCulture);
        await page.Locator($"[data-testid=plan-actual][data-value='{after}']").WaitForAsync();
        Assert.True(await page.EvaluateAsync<bool>("() => window.__sameWall === true"));
        await BrowserFixture.ScreenshotAsync(page, "director-wall-plan");
    }

    /// <summary>A deal won now, as the deal grain projects it.</summary>
    private async Task<Guid> InsertWonDealAsync(decimal amount)
    {
        var db = fixture.Host.Services.GetRequiredService<SalesDb>();
        var id = Guid.NewGuid();
        var now = DateTimeOffset.UtcNow;
        await using var connection = await db.OpenAsync();
        await ModuleDb.ExecuteAsync(connection, null,
            $"""
            INSERT INTO {db.Deals} (id, version, pipeline_id, stage, status, client_id, title, amount, currency, owner_id, won_amount, closed_at, created_at, updated_at)
            VALUES (@id, 1, @pipeline, 'won', 1, @client, 'E2E deal', @amount, 'UAH', @owner, @amount, @at, @at, @at)
            """, CancellationToken.None,
            ("@id", db.Id(id)), ("@pipeline", db.Id(Guid.NewGuid())), ("@client", db.Id(Guid.NewGuid())), ("@amount", ModuleDb.Kopiykas(amount)),
            ("@owner", db.Id(Guid.NewGuid())), ("@at", db.Moment(now)));
        return id;
    }
}
