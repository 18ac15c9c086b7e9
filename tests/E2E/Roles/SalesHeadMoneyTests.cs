using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;
using OrleansCrm.Billing.Payments.Statements;
using OrleansCrm.BuildingBlocks.Calendar;
using OrleansCrm.BuildingBlocks.Printing;
using OrleansCrm.Clients.Domain;
using OrleansCrm.Testing;

namespace OrleansCrm.E2E.Roles;

/// <summary>
/// The head of sales' month on /billing, as a person does it (issue 17's browser bar): previews the month's run and sees
/// the contract the test made, runs it and finds the invoice and act among the documents, imports a 1C statement
/// (Windows-1251) whose one payment names the invoice with a digit mistyped, so it waits among the unknown payments with
/// that invoice suggested, and matches it with one click. A director's wall, open in a second page the whole time,
/// shows the invoiced sum, the cash and the paid sum change without a reload.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class SalesHeadMoneyTests(BrowserFixture fixture)
{
    [Theory]
    [InlineData("en")]
    [InlineData("uk")]
    public async Task The_head_of_sales_runs_the_month_imports_a_statement_and_matches_a_payment_while_the_wall_follows(string culture)
    {
        var today = fixture.Host.Services.GetRequiredService<CompanyCalendar>().Today;
        using var api = await fixture.ApiAsync("saleshead");
        await MonthBilledAsync(api, today);
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var clientName = $"ТОВ «Місяць {culture} {suffix}»";
        var (clientId, contractNumber) = await ActiveSupportContractAsync(api, clientName, today);

        var wall = await fixture.NewPageAsync(1920, 1080);
        var page = await fixture.NewPageAsync(1920, 1080);
        await Language.SignInAsync(wall, "director", culture);
        await Language.SignInAsync(page, "saleshead", culture);
        try
        {
            await Pages.OpenAsync(wall, "/wall");
            await wall.Locator("[data-testid=money-cash-today]").WaitForAsync();
            await wall.EvaluateAsync("() => window.__sameWall = true"); // gone if the page were loaded again
            var invoicedBefore = await KopiykasAsync(wall, "money-invoiced-month");
            var cashBefore = await KopiykasAsync(wall, "money-cash-today");
            var paidBefore = await KopiykasAsync(wall, "money-paid-month");

            // The month's run: the preview lists the new contract (every other one is billed for this month already), the
            // run makes its invoice and act.
            await Pages.OpenAsync(page, "/billing");
            await page.Locator("[data-testid=billing-run-preview]").ClickAsync();
            await page.Locator("[data-testid=billing-run-to-create] [data-testid=billing-run-contract]", new() { HasText = contractNumber }).First.WaitForAsync();
            Assert.Equal(2, await page.Locator("[data-testid=billing-run-to-create] [data-testid=billing-run-contract]", new() { HasText = contractNumber }).CountAsync());
            await BrowserFixture.ScreenshotAsync(page, $"saleshead-billing-preview-{culture}");
            await page.Locator("[data-testid=billing-run-run]").ClickAsync();
            await page.Locator("[data-testid=billing-run-result]").WaitForAsync();

            var documents = await DocumentsAsync(api, clientId);
            var invoice = documents.Single(d => d["kind"]!.GetValue<string>() == "Invoice");
            var act = documents.Single(d => d["kind"]!.GetValue<string>() == "Act");
            var invoiceNumber = invoice["number"]!.GetValue<string>();
            var total = invoice["total"]!.GetValue<decimal>();
            await WallShowsAsync(wall, "money-invoiced-month", invoicedBefore + Kopiykas(total));

            await page.Locator("[data-testid=billing-tab-documents]").ClickAsync();
            await page.Locator("[data-testid=billing-documents-search]").FillAsync(clientName);
            await page.Locator("[data-testid=billing-documents-search]").PressAsync("Tab");
            var numbers = page.Locator("[data-testid=billing-documents-grid] [data-testid=billing-document-number]");
            await page.WaitForFunctionAsync(
                "n => [...document.querySelectorAll('[data-testid=billing-documents-grid] [data-testid=billing-document-number]')].map(e => e.textContent.trim()).sort().join('|') === n",
                string.Join('|', new[] { invoiceNumber, act["number"]!.GetValue<string>() }.Order(StringComparer.Ordinal)));
            Assert.Equal(2, await numbers.CountAsync());
            await BrowserFixture.ScreenshotAsync(page, $"saleshead-billing-documents-{culture}");

            // A statement: one payment of the invoice's sum whose purpose mistypes the number's first digit (never an
            // existing invoice's number), and no tax id, so nothing settles it by itself.
            var typo = Typo(invoiceNumber);
            var purpose = $"Оплата рах. №{typo} від {today:dd.MM.yyyy} за абонентське обслуговування {suffix}";
            await page.Locator("[data-testid=billing-tab-payments]").ClickAsync();
            await page.Locator("[data-testid=payments-file]").SetInputFilesAsync(new FilePayload
            {
                Name = $"виписка-{suffix}.txt",
                MimeType = "text/plain",
                Buffer = Statement(suffix, today, total, clientName, purpose),
            });
            await page.Locator("[data-testid=payments-import]").ClickAsync();
            await page.Locator("[data-testid=payments-result]").WaitForAsync();
            await WallShowsAsync(wall, "money-cash-today", cashBefore + Kopiykas(total));

            var row = page.Locator("[data-testid=payments-unknown] tr", new() { HasText = suffix });
            var suggestion = row.Locator("[data-testid=payment-suggestion]", new() { Has = page.Locator("[data-testid=payment-suggestion-number]", new() { HasText = invoiceNumber }) });
            await suggestion.WaitForAsync();
            Assert.Equal("NumberTypo", await SuggestedReasonAsync(api, suffix, invoiceNumber));
            await BrowserFixture.ScreenshotAsync(page, $"saleshead-billing-unknown-payment-{culture}");

            await suggestion.Locator("[data-testid=payment-match]").ClickAsync();
            await page.Locator("[data-testid=payments-matched] tr", new() { HasText = clientName })
                .Locator("[data-testid=payment-allocations]", new() { HasText = invoiceNumber }).WaitForAsync();
            await row.WaitForAsync(new() { State = WaitForSelectorState.Detached });
            await WallShowsAsync(wall, "money-paid-month", paidBefore + Kopiykas(total));
            Assert.True(await wall.EvaluateAsync<bool>("() => window.__sameWall === true"));
            Assert.Equal("Paid", (await DocumentsAsync(api, clientId)).Single(d => d["kind"]!.GetValue<string>() == "Invoice")["status"]!.GetValue<string>());
            if (culture != "en")
            {
                await Language.AssertNoEnglishAsync(page, "Windows", "DOS"); // the statement formats' encodings: Windows-1251, DOS-866
            }

            await BrowserFixture.ScreenshotAsync(page, $"saleshead-billing-matched-{culture}");
            await BrowserFixture.ScreenshotAsync(wall, $"director-wall-after-match-{culture}");
        }
        finally
        {
            // The language is kept with the user; other tests sign these demo users in and expect English.
            await page.GotoAsync("/culture/set?culture=en&redirectUri=%2F");
            await wall.GotoAsync("/culture/set?culture=en&redirectUri=%2F");
        }
    }

    /// <summary>
    /// Waits until the demo's money is seeded (its statement is imported last, after this month's run), and bills this
    /// month through the API as an earlier run would have: the preview then lists only what a test adds, and the demo's
    /// seeding no longer moves the wall's figures under the test.
    /// </summary>
    private static async Task MonthBilledAsync(HttpClient api, DateOnly today)
    {
        await ApiAssert.EventuallyAsync(
            async () => JsonNode.Parse(await api.GetStringAsync("/api/payments?status=Matched&pageSize=1"))!["total"]!.GetValue<int>(), total => total > 0, seconds: 120);
        var run = await api.PostAsJsonAsync("/api/billing/runs", new { period = today.ToString("yyyy-MM", CultureInfo.InvariantCulture) });
        Assert.True(run.IsSuccessStatusCode, await run.Content.ReadAsStringAsync());
    }

    /// <summary>A new client with a tax id and an active support contract in force this month, made through the API.</summary>
    private static async Task<(Guid ClientId, string ContractNumber)> ActiveSupportContractAsync(HttpClient api, string legalName, DateOnly today)
    {
        var first = Random.Shared.Next(1_000_000, 9_999_999).ToString(CultureInfo.InvariantCulture);
        var client = await api.PostAsJsonAsync("/api/clients", new { legalName, kind = "Company", taxId = first + TaxId.EdrpouCheckDigit(first) });
        var clientBody = JsonNode.Parse(await client.Content.ReadAsStringAsync())!;
        Assert.True(client.IsSuccessStatusCode, clientBody.ToJsonString());
        var clientId = Guid.Parse(clientBody["id"]!.GetValue<string>());

        var month = new DateOnly(today.Year, today.Month, 1);
        var contract = await api.PostAsJsonAsync("/api/contracts", new
        {
            clientId, kind = "Support", startsOn = month.AddMonths(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            endsOn = month.AddYears(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), autoRenew = false, monthlyFee = 2_450.50m,
            includedHours = 4, vatRate = 20, lines = Array.Empty<object>(),
        });
        var contractBody = JsonNode.Parse(await contract.Content.ReadAsStringAsync())!;
        Assert.True(contract.IsSuccessStatusCode, contractBody.ToJsonString());
        var contractId = contractBody["id"]!.GetValue<string>();
        var activated = await api.PostAsync($"/api/contracts/{contractId}/activate", null);
        Assert.True(activated.IsSuccessStatusCode, await activated.Content.ReadAsStringAsync());
        return (clientId, contractBody["number"]!.GetValue<string>());
    }

    private static async Task<List<JsonNode>> DocumentsAsync(HttpClient api, Guid clientId)
    {
        var response = await api.GetAsync($"/api/invoices?clientId={clientId}");
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.True(response.IsSuccessStatusCode, body.ToJsonString());
        return [.. body["items"]!.AsArray().Select(item => item!)];
    }

    /// <summary>The reason the API gives for suggesting the invoice to the unknown payment whose purpose carries the marker.</summary>
    private static async Task<string?> SuggestedReasonAsync(HttpClient api, string marker, string invoiceNumber)
    {
        var response = await api.GetAsync($"/api/payments?status=Unmatched&pageSize=100");
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.True(response.IsSuccessStatusCode, body.ToJsonString());
        var payment = body["items"]!.AsArray().Single(item => item!["purpose"]!.GetValue<string>().Contains(marker, StringComparison.Ordinal))!;
        return payment["suggestions"]!.AsArray().First(s => s!["number"]!.GetValue<string>() == invoiceNumber)!["reason"]!.GetValue<string>();
    }

    /// <summary>"РФ-2026-000123" becomes "РФ-2026-100123": one digit mistyped, and a number no invoice has.</summary>
    private static string Typo(string number)
    {
        var dash = number.LastIndexOf('-');
        Assert.Equal('0', number[dash + 1]);
        return string.Concat(number.AsSpan(0, dash + 1), "1", number.AsSpan(dash + 2));
    }

    /// <summary>A 1C client-bank exchange file in Windows-1251 with one incoming payment received today.</summary>
    private byte[] Statement(string suffix, DateOnly today, decimal amount, string payer, string purpose)
    {
        var company = fixture.Host.Services.GetRequiredService<IOptions<CompanyProfile>>().Value;
        var account = company.Accounts.FirstOrDefault() ?? company.Iban ?? "UA733220010000026201234567890";
        var date = today.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture);
        var text = new StringBuilder();
        void Line(string line) => text.Append(line).Append("\r\n");
        Line(ClientBankExchangeReader.Signature);
        Line("ВерсияФормата=1.03");
        Line("Кодировка=Windows");
        Line($"ДатаНачала={date}");
        Line($"ДатаКонца={date}");
        Line($"РасчСчет={account}");
        Line("СекцияДокумент=Платіжна інструкція");
        Line($"Номер=E2E-{suffix}"); // sorts before the demo's numeric ones among today's payments: on the first page
        Line($"Дата={date}");
        Line($"Сумма={amount.ToString("0.00", CultureInfo.InvariantCulture)}");
        Line("ПлательщикСчет=UA903052992990004149123456789");
        Line($"Плательщик={payer}");
        Line($"ПолучательСчет={account}");
        Line($"НазначениеПлатежа={purpose}");
        Line($"ДатаПоступило={date}");
        Line("КонецДокумента");
        Line("КонецФайла");
        return StatementEncodings.Windows1251.GetBytes(text.ToString());
    }

    private static long Kopiykas(decimal amount) => (long)Math.Round(amount * 100m);

    private static async Task<long> KopiykasAsync(IPage wall, string testId) =>
        Kopiykas(decimal.Parse((await wall.Locator($"[data-testid={testId}]").GetAttributeAsync("data-value"))!, CultureInfo.InvariantCulture));

    /// <summary>Waits until the wall's figure is the sum expected, as the live feed pushes it (no reload).</summary>
    private static Task WallShowsAsync(IPage wall, string testId, long kopiykas) =>
        wall.WaitForFunctionAsync(
            "([id, k]) => { const e = document.querySelector(`[data-testid=${id}]`); return !!e && Math.round(Number(e.dataset.value) * 100) === k; }",
            new object[] { testId, kopiykas });
}
