using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OrleansCrm.Billing.Documents;
using OrleansCrm.Billing.MonthlyRun;
using OrleansCrm.Testing;

namespace OrleansCrm.Billing.Tests.MonthlyRun;

/// <summary>
/// The run through HTTP with contracts made through Agreements' API: it needs Agreements' real ListBillableContracts
/// (on the documents branch that handler is a scaffold that throws, so this passes once Agreements is merged).
/// </summary>
public abstract class MonthlyRunApiTests(HostFixture fixture) : BillingHostTests(fixture)
{
    [Fact]
    public async Task The_head_of_sales_previews_and_runs_the_month_and_a_second_run_creates_nothing()
    {
        var clientId = await ClientAsync("ТОВ «Місячний Запуск»");
        var created = await Http.PostAsJsonAsync("/api/contracts", new
        {
            clientId, kind = "Support", startsOn = "2026-01-01", endsOn = "2027-12-31", autoRenew = true, monthlyFee = 4_000m, includedHours = 4, vatRate = 20, lines = Array.Empty<object>(),
        }, CrmHost.Json);
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        var contractId = Guid.Parse(JsonNode.Parse(await created.Content.ReadAsStringAsync())!["id"]!.GetValue<string>());
        var activated = await Http.PostAsync($"/api/contracts/{contractId}/activate", null);
        Assert.True(activated.IsSuccessStatusCode, await activated.Content.ReadAsStringAsync());

        var preview = await CrmHost.ReadAsync<RunPreview>(await Http.GetAsync("/api/billing/runs/preview?period=2026-11"));
        Assert.Equal("2026-11", preview.Period);
        Assert.Equal(2, preview.ToCreate.Count(p => p.ContractId == contractId));

        var first = await CrmHost.ReadAsync<RunResult>(await Http.PostAsJsonAsync("/api/billing/runs", new { period = "2026-11" }));
        var second = await CrmHost.ReadAsync<RunResult>(await Http.PostAsJsonAsync("/api/billing/runs", new { period = "2026-11" }));
        Assert.True(first.Created >= 2);
        Assert.Equal(0, second.Created);
        var documents = await CrmHost.ReadAsync<DocumentPage>(await Http.GetAsync($"/api/invoices?clientId={clientId}&period=2026-11"));
        Assert.Equal(2, documents.Total);
        Assert.All(documents.Items, d => Assert.Equal(4_800m, d.Total));
    }

    [Fact]
    public async Task A_period_that_is_not_a_month_is_a_400()
    {
        await ApiAssert.AssertFieldErrorsAsync(await Http.PostAsJsonAsync("/api/billing/runs", new { period = "2026-1" }), "period");
        await ApiAssert.AssertFieldErrorsAsync(await Http.GetAsync("/api/billing/runs/preview"), "period");
        Assert.Equal(HttpStatusCode.BadRequest, (await Http.GetAsync("/api/billing/runs/preview?period=abc")).StatusCode);
    }
}

[Collection(SqliteBillingHost.Name)]
public sealed class SqliteMonthlyRunApiTests(SqliteHostFixture fixture) : MonthlyRunApiTests(fixture);

[Collection(PostgresBillingHost.Name)]
public sealed class PostgresMonthlyRunApiTests(PostgresHostFixture fixture) : MonthlyRunApiTests(fixture);
