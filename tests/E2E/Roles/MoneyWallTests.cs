using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using OrleansCrm.Billing.Wall;
using OrleansCrm.BuildingBlocks.Calendar;
using OrleansCrm.BuildingBlocks.Persistence;

namespace OrleansCrm.E2E.Roles;

/// <summary>
/// The wall's money tiles: a director's wall shows a payment's cash without a reload and opens the expected receipts by
/// client; a dispatcher's wall has no money on it; the head of sales reads the debts on /billing.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class MoneyWallTests(BrowserFixture fixture)
{
    [Theory]
    [InlineData("en")]
    [InlineData("uk")]
    public async Task A_payment_shows_on_the_directors_wall_without_a_reload(string culture)
    {
        var page = await fixture.NewPageAsync(1920, 1080);
        await Language.SignInAsync(page, "director", culture);
        await Pages.OpenAsync(page, "/wall");
        var cashToday = page.Locator("[data-testid=money-cash-today]");
        await cashToday.WaitForAsync();
        await page.EvaluateAsync("() => window.__sameWall = true"); // gone if the page were loaded again
        var before = decimal.Parse((await cashToday.GetAttributeAsync("data-value"))!, CultureInfo.InvariantCulture);

        await InsertPaymentReceivedTodayAsync(1234.56m);
        fixture.Host.Services.GetRequiredService<IMoneyChanges>().Changed();

        var after = (before + 1234.56m).ToString(CultureInfo.InvariantCulture);
        await page.Locator($"[data-testid=money-cash-today][data-value='{after}']").WaitForAsync();
        Assert.True(await page.EvaluateAsync<bool>("() => window.__sameWall === true"));
        Assert.Contains("₴", await cashToday.InnerTextAsync(), StringComparison.Ordinal);
        await BrowserFixture.ScreenshotAsync(page, $"director-wall-money-{culture}");

        await page.Locator("[data-testid=money-expected-7]").ClickAsync();
        await page.Locator("[data-testid=expected-dialog] [data-testid=expected-clients]").WaitForAsync();
        await Pages.DialogShownAsync(page);
        await BrowserFixture.ScreenshotAsync(page, $"director-wall-expected-{culture}");
    }

    [Fact]
    public async Task A_dispatchers_wall_shows_no_money()
    {
        var page = await fixture.NewPageAsync(1920, 1080);
        await Pages.SignInAsync(page, "dispatcher");
        await Pages.OpenAsync(page, "/wall");
        await page.Locator("[data-testid=wall-tile]").First.WaitForAsync();
        Assert.Equal(0, await page.Locator("[data-testid=wall-money]").CountAsync());
    }

    [Fact]
    public async Task The_head_of_sales_reads_debts_on_the_billing_page()
    {
        var page = await fixture.NewPageAsync();
        await Pages.SignInAsync(page, "saleshead");
        await Pages.OpenAsync(page, "/billing");
        await page.Locator("[data-testid=billing-tab-debts]").ClickAsync();
        await page.Locator("[data-testid=debts-grid]").WaitForAsync();
        await page.Locator("[data-testid=debts-monthly-chart]").WaitForAsync();
        Assert.Equal(12, await page.Locator("[data-testid=debts-monthly-grid] tbody tr").CountAsync());
        await BrowserFixture.ScreenshotAsync(page, "saleshead-billing-debts");
        await page.Locator("[data-testid=debts-monthly-grid]").ScrollIntoViewIfNeededAsync(); // the layout's body scrolls, not the page
        await BrowserFixture.ScreenshotAsync(page, "saleshead-billing-debts-monthly");
    }

    /// <summary>An incoming payment as the statement import writes it, received today (the company's calendar day).</summary>
    private async Task InsertPaymentReceivedTodayAsync(decimal amount)
    {
        var services = fixture.Host.Services;
        var database = services.GetRequiredService<DatabaseOptions>();
        var today = services.GetRequiredService<CompanyCalendar>().Today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var import = Guid.NewGuid().ToString();
        var payment = Guid.NewGuid().ToString();
        await using var connection = DatabaseConnections.Create(database);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            INSERT INTO billing_statement_imports (id, file_name, format, imported_at, imported_by, imported, duplicates, matched)
            VALUES ('{import}', 'e2e.txt', '1c', '{DateTimeOffset.UtcNow:O}', 'e2e', 1, 0, 0);
            INSERT INTO billing_payments (id, payment_key, import_id, account, doc_number, paid_on, received_on, amount, status)
            VALUES ('{payment}', '{payment}', '{import}', 'UA733220010000026201234567890', 'E2E', '{today}', '{today}', {(long)(amount * 100)}, 0);
            """;
        await command.ExecuteNonQueryAsync();
    }
}
