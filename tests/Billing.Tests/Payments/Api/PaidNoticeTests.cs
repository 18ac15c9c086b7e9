using System.Net;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using OrleansCrm.Billing.Contracts;
using OrleansCrm.BuildingBlocks.Jobs;
using OrleansCrm.BuildingBlocks.Persistence;

namespace OrleansCrm.Billing.Tests.Payments.Api;

/// <summary>
/// The host's <see cref="IPublisher"/> with a switch: while <see cref="Failing"/>, publishing InvoicePaid throws, as a
/// handler failing after the commit would. Counts each InvoicePaid that went through to the real handlers.
/// </summary>
public sealed class FlakyPublisher(IPublisher inner) : IPublisher
{
    private readonly Dictionary<Guid, int> _delivered = [];

    public volatile bool Failing;

    public int Delivered(Guid invoiceId)
    {
        lock (_delivered)
        {
            return _delivered.GetValueOrDefault(invoiceId);
        }
    }

    public async ValueTask Publish<TNotification>(TNotification notification, CancellationToken cancellationToken = default)
        where TNotification : INotification
    {
        if (notification is InvoicePaid paid)
        {
            if (Failing)
            {
                throw new InvalidOperationException("The notice could not be handled (the test's publisher is failing).");
            }

            await inner.Publish(notification, cancellationToken);
            lock (_delivered)
            {
                _delivered[paid.InvoiceId] = _delivered.GetValueOrDefault(paid.InvoiceId) + 1;
            }

            return;
        }

        await inner.Publish(notification, cancellationToken);
    }

    public ValueTask Publish(object notification, CancellationToken cancellationToken = default) =>
        notification is INotification typed ? Publish(typed, cancellationToken) : inner.Publish(notification, cancellationToken);
}

/// <summary>InvoicePaid comes from an outbox: a publish that fails after the match committed is delivered later, once.</summary>
public abstract class PaidNoticeTests(PaymentsHostFixture fixture)
{
    private readonly PaymentsData _data = new(fixture);

    [Fact]
    public async Task InvoicePaid_whose_publish_fails_after_the_commit_arrives_once_afterwards()
    {
        var tag = "PN" + PaymentsData.Next();
        var client = await _data.ClientAsync($"ТОВ «Оплата {tag}»", PaymentsData.Edrpou());
        var number = PaymentsData.InvoiceNumber();
        var invoice = await _data.InvoiceAsync(client, number, 1234.56m);
        var publisher = fixture.Publisher;
        var notices = _data.Table("paid_notices");

        publisher.Failing = true;
        try
        {
            var response = await fixture.Http.PostAsync("/api/payments/import", PaymentsData.Form(
                PaymentsData.Csv([new CsvPayment($"{tag}-1", 1234.56m, $"Платник {tag}", null, $"Оплата згідно рахунку № {number}")]), "csv"));
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {text}"); // the match committed whatever the handlers did
            Assert.Contains("\"matched\":1", text, StringComparison.Ordinal);
            Assert.Equal((123456L, 4), await _data.InvoiceStateAsync(invoice));
            Assert.Equal(0, publisher.Delivered(invoice));
            Assert.Equal(1, await _data.ScalarAsync($"SELECT COUNT(*) FROM {notices} WHERE invoice_id = @id AND delivered_at IS NULL AND attempts >= 1",
                ("@id", _data.Options.DbId(invoice))));
        }
        finally
        {
            publisher.Failing = false;
        }

        // The delivery job (each minute and at each start; run here) publishes what is pending, once.
        var job = fixture.Host.HostServices.GetServices<IRecurringJob>().Single(j => j.Id == "billing.paid-notices");
        await job.RunAsync(new JobPeriod(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow), CancellationToken.None);
        Assert.Equal(1, publisher.Delivered(invoice));
        await job.RunAsync(new JobPeriod(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow), CancellationToken.None);
        Assert.Equal(1, publisher.Delivered(invoice));
        Assert.Equal(1, await _data.ScalarAsync($"SELECT COUNT(*) FROM {notices} WHERE invoice_id = @id AND delivered_at IS NOT NULL",
            ("@id", _data.Options.DbId(invoice))));
    }

    [Fact]
    public async Task A_notice_is_recorded_only_for_an_invoice_the_payment_made_paid()
    {
        var tag = "PP" + PaymentsData.Next();
        var client = await _data.ClientAsync($"ТОВ «Частково {tag}»", PaymentsData.Edrpou());
        var number = PaymentsData.InvoiceNumber();
        var invoice = await _data.InvoiceAsync(client, number, 2000m);
        await fixture.Http.PostAsync("/api/payments/import", PaymentsData.Form(
            PaymentsData.Csv([new CsvPayment($"{tag}-1", 500m, $"Платник {tag}", null, "Оплата")]), "csv"));
        var payments = System.Text.Json.Nodes.JsonNode.Parse(await fixture.Http.GetStringAsync($"/api/payments?status=Unmatched&search={tag}"))!;
        var payment = payments["items"]![0]!["id"]!.GetValue<string>();
        var matched = await fixture.Http.PostAsync($"/api/payments/{payment}/match",
            System.Net.Http.Json.JsonContent.Create(new { invoiceId = invoice }));
        Assert.Equal(HttpStatusCode.OK, matched.StatusCode);

        Assert.Equal((50000L, 3), await _data.InvoiceStateAsync(invoice)); // PartlyPaid: no InvoicePaid
        Assert.Equal(0, await _data.ScalarAsync($"SELECT COUNT(*) FROM {notices()} WHERE invoice_id = @id", ("@id", _data.Options.DbId(invoice))));
        Assert.Equal(0, fixture.Publisher.Delivered(invoice));

        string notices() => _data.Table("paid_notices");
    }
}

[Collection(SqlitePaymentsCollection.Name)]
public sealed class SqlitePaidNoticeTests(SqlitePaymentsHost fixture) : PaidNoticeTests(fixture);

[Collection(PostgresPaymentsCollection.Name)]
public sealed class PostgresPaidNoticeTests(PostgresPaymentsHost fixture) : PaidNoticeTests(fixture);
