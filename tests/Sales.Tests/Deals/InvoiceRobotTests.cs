using System.Net.Http.Json;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using OrleansCrm.Billing.Contracts;
using OrleansCrm.Sales.Tests.Api;
using OrleansCrm.Testing;

namespace OrleansCrm.Sales.Tests.Deals;

/// <summary>The DraftInvoice robot makes one Draft invoice the deal remembers, and that invoice's payment moves the deal to the pipeline's paid stage.</summary>
public abstract class InvoiceRobotTests(HostFixture fixture)
{
    private readonly SalesApi _api = new(fixture);

    [Fact]
    public async Task A_drafted_invoice_is_remembered_and_its_payment_moves_the_deal()
    {
        var pipeline = await _api.PipelineAsync(new
        {
            name = SalesApi.Unique("Рахунки"),
            stages = new object[]
            {
                new { code = "new", name = "Нова", probability = 10 },
                new { code = "invoice", name = "Рахунок", probability = 70, robots = new object[] { new { kind = "DraftInvoice" } } },
                new { code = "paid", name = "Оплачено", probability = 100 },
            },
            onInvoicePaid = "paid",
        });
        var client = await _api.ClientAsync();
        var deal = SalesApi.Id(await _api.DealAsync(_api.Http, new { clientId = client, pipelineId = SalesApi.Id(pipeline), title = "Ліцензія BAS", amount = 1200 }));
        await SalesApi.ReadAsync(await _api.Http.PostAsJsonAsync($"/api/deals/{deal}/move", new { toStage = "invoice" }, CrmHost.Json));

        var withInvoice = await ApiAssert.EventuallyAsync(() => _api.GetDealAsync(deal), d => d["invoiceId"] is not null);
        var invoiceId = withInvoice["invoiceId"]!.GetValue<Guid>();
        var invoice = await SalesApi.ReadAsync(await _api.Http.GetAsync($"/api/invoices/{invoiceId}"));
        Assert.Equal(("Draft", 1200m), (invoice["status"]!.GetValue<string>(), invoice["total"]!.GetValue<decimal>()));
        Assert.Equal(client, invoice["clientId"]!.GetValue<Guid>());

        // Billing tells Sales after the commit that made the invoice Paid (told twice here: a repeat changes nothing).
        var publisher = fixture.Host.HostServices.GetRequiredService<IPublisher>();
        await publisher.Publish(new InvoicePaid(invoiceId, client, 1200m, DateTimeOffset.UtcNow));
        await publisher.Publish(new InvoicePaid(invoiceId, client, 1200m, DateTimeOffset.UtcNow));
        var paid = await _api.GetDealAsync(deal);
        Assert.Equal(["new", "invoice", "paid"], SalesApi.Stages(paid));

        // Another invoice's payment moves nothing.
        await publisher.Publish(new InvoicePaid(Guid.NewGuid(), client, 1200m, DateTimeOffset.UtcNow));
        Assert.Equal(SalesApi.Version(paid), SalesApi.Version(await _api.GetDealAsync(deal)));
    }
}

[Collection(SqliteHostCollection.Name)]
public sealed class InvoiceRobotTestsOnSqlite(SqliteHostFixture fixture) : InvoiceRobotTests(fixture);

[Collection(PostgresHostCollection.Name)]
public sealed class InvoiceRobotTestsOnPostgres(PostgresHostFixture fixture) : InvoiceRobotTests(fixture);
