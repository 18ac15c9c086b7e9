using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using OrleansCrm.Billing.Storage;
using OrleansCrm.Billing.Unbilled;
using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.Clients.Domain;
using OrleansCrm.Testing;

namespace OrleansCrm.E2E.Roles;

/// <summary>
/// The head of sales on /billing (issue 17): selects a client's unbilled work and invoices it through the "Invoice
/// selected" dialog (the draft invoice is made, the items leave the open list), and meets the warning of an InvoicePaid
/// notice that failed every attempt, whose Retry puts it back and clears the warning. English and Ukrainian, with no
/// English left on the Ukrainian screens.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class SalesHeadUnbilledTests(BrowserFixture fixture)
{
    [Theory]
    [InlineData("en")]
    [InlineData("uk")]
    public async Task The_head_of_sales_invoices_selected_unbilled_work_through_the_dialog(string culture)
    {
        using var api = await fixture.ApiAsync("saleshead");
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var clientName = $"ТОВ «Роботи {culture} {suffix}»";
        var clientId = await ClientAsync(api, clientName);
        var contractId = Guid.NewGuid();
        var month = new DateOnly(2026, 11, 1);
        // Two items as the sync stores them: hours over a contract's included hours, and the fee for days a resumption
        // brought back into force.
        await fixture.Host.Services.GetRequiredService<UnbilledStore>().UpsertAsync(
        [
            new UnbilledCandidate(UnbilledSource.HoursOver, UnbilledWork.KeyOf(contractId, month), clientId, contractId, null, month,
                $"Роботи понад включені години за 11.2026 {suffix}", 2m, UnbilledWork.HourUnit, 750m),
            new UnbilledCandidate(UnbilledSource.FeeDays, $"{contractId}/2026-11/21-30", clientId, contractId, null, month,
                $"Абонентське обслуговування за листопад 2026, 21.11–30.11 (10 з 30 дн.) {suffix}", 1m, "міс.", 1_200m),
        ], DateTimeOffset.UtcNow, null, CancellationToken.None);

        var page = await fixture.NewPageAsync(1600, 1000);
        await Language.SignInAsync(page, "saleshead", culture);
        try
        {
            await Pages.OpenAsync(page, "/billing");
            await page.Locator("[data-testid=billing-tab-unbilled]").ClickAsync();
            var rows = page.Locator("[data-testid=unbilled-grid] tr", new() { HasText = suffix });
            await rows.First.WaitForAsync();
            Assert.Equal(2, await rows.CountAsync());
            for (var i = 0; i < 2; i++)
            {
                await rows.Nth(i).Locator("[data-testid=unbilled-select]").ClickAsync();
            }

            await page.Locator("[data-testid=unbilled-invoice]").ClickAsync();
            var dialog = page.Locator("[data-testid=invoice-unbilled-dialog]");
            await dialog.WaitForAsync();
            Assert.Equal(2, await dialog.Locator("[data-testid=invoice-unbilled-line]").CountAsync());
            if (culture != "en")
            {
                await Language.AssertNoEnglishAsync(page);
            }

            await BrowserFixture.ScreenshotAsync(page, $"saleshead-unbilled-dialog-{culture}");
            await dialog.Locator("[data-testid=invoice-unbilled-submit]").ClickAsync();
            await page.Locator("[data-testid=unbilled-invoiced]").WaitForAsync();
            await dialog.WaitForAsync(new() { State = WaitForSelectorState.Detached });
            await rows.First.WaitForAsync(new() { State = WaitForSelectorState.Detached });
            await BrowserFixture.ScreenshotAsync(page, $"saleshead-unbilled-invoiced-{culture}");

            // One draft invoice of the client, a line per item: (1 500 + 1 200) + 20 % VAT; both items invoiced on it.
            var invoices = JsonNode.Parse(await api.GetStringAsync($"/api/invoices?clientId={clientId}"))!["items"]!.AsArray();
            var invoice = Assert.Single(invoices)!;
            Assert.Equal(("Draft", 3_240m), (invoice["status"]!.GetValue<string>(), invoice["total"]!.GetValue<decimal>()));
            var items = JsonNode.Parse(await api.GetStringAsync($"/api/billing/unbilled?clientId={clientId}"))!["items"]!.AsArray();
            Assert.Equal(2, items.Count);
            Assert.All(items, item => Assert.Equal(("invoiced", invoice["id"]!.GetValue<string>()),
                (item!["status"]!.GetValue<string>().ToLowerInvariant(), item["invoiceId"]!.GetValue<string>())));
            if (culture != "en")
            {
                await Language.AssertNoEnglishAsync(page);
            }
        }
        finally
        {
            await page.GotoAsync("/culture/set?culture=en&redirectUri=%2F"); // the language is kept with the demo user
        }
    }

    [Theory]
    [InlineData("en")]
    [InlineData("uk")]
    public async Task A_failed_paid_notice_is_shown_on_billing_and_its_retry_clears_the_warning(string culture)
    {
        using var api = await fixture.ApiAsync("saleshead");
        // A notice that has failed every allowed attempt, as the delivery job leaves it (Billing README, InvoicePaid).
        var db = new BillingDb(fixture.Host.Services.GetRequiredService<DatabaseOptions>());
        await using (var connection = await db.OpenAsync())
        {
            await BillingDb.ExecuteAsync(connection, null, $"""
                INSERT INTO {db.Table("paid_notices")} (invoice_id, client_id, total, paid_at, attempts, last_error, failed_at)
                VALUES (@invoice, @client, 123456, @at, 10, 'the test''s failing handler', @at)
                """, CancellationToken.None,
                ("@invoice", db.Id(Guid.NewGuid())), ("@client", db.Id(Guid.NewGuid())), ("@at", db.Moment(DateTimeOffset.UtcNow)));
        }

        var failed = JsonNode.Parse(await api.GetStringAsync("/api/billing/paid-notices/failed"))!["failed"]!.GetValue<int>();
        Assert.True(failed >= 1);

        var page = await fixture.NewPageAsync(1600, 1000);
        await Language.SignInAsync(page, "saleshead", culture);
        try
        {
            await Pages.OpenAsync(page, "/billing");
            var warning = page.Locator("[data-testid=paid-notices-failed]");
            await warning.WaitForAsync();
            Assert.Contains(failed.ToString(CultureInfo.InvariantCulture), await page.Locator("[data-testid=paid-notices-failed-count]").InnerTextAsync());
            if (culture != "en")
            {
                await Language.AssertNoEnglishAsync(page);
            }

            await BrowserFixture.ScreenshotAsync(page, $"saleshead-paid-notices-failed-{culture}");
            await page.Locator("[data-testid=paid-notices-retry]").ClickAsync();
            await page.Locator("[data-testid=paid-notices-retried]").WaitForAsync();
            await warning.WaitForAsync(new() { State = WaitForSelectorState.Detached });
            Assert.Equal(0, JsonNode.Parse(await api.GetStringAsync("/api/billing/paid-notices/failed"))!["failed"]!.GetValue<int>());

            // Still clear after a reload: the notices are back in the queue, not hidden on this page.
            await Pages.OpenAsync(page, "/billing");
            await page.Locator("[data-testid=billing-tab-unbilled]").WaitForAsync();
            Assert.Equal(0, await warning.CountAsync());
        }
        finally
        {
            await page.GotoAsync("/culture/set?culture=en&redirectUri=%2F");
        }
    }

    private static async Task<Guid> ClientAsync(HttpClient api, string legalName)
    {
        var first = Random.Shared.Next(1_000_000, 9_999_999).ToString(CultureInfo.InvariantCulture);
        var response = await api.PostAsJsonAsync("/api/clients", new { legalName, kind = "Company", taxId = first + TaxId.EdrpouCheckDigit(first) });
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.True(response.IsSuccessStatusCode, body.ToJsonString());
        return Guid.Parse(body["id"]!.GetValue<string>());
    }
}
