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
    public async Task A_notice_whose_handler_always_fails_is_marked_failed_after_the_allowed_attempts_counted_and_retried_on_request()
    {
        var tag = "PF" + PaymentsData.Next();
        var client = await _data.ClientAsync($"ТОВ «Невдача {tag}»", PaymentsData.Edrpou());
        var number = PaymentsData.InvoiceNumber();
        var invoice = await _data.InvoiceAsync(client, number, 777.77m);
        var publisher = fixture.Publisher;
        var notices = _data.Table("paid_notices");
        var job = fixture.Host.HostServices.GetServices<IRecurringJob>().Single(j => j.Id == "billing.paid-notices");
        var run = new JobPeriod(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow);
        var gaveUp = 0L;
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == OrleansCrm.BuildingBlocks.Observability.CrmMetrics.Name && instrument.Name == "crm.outbox.gave_up")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tagged in tags)
            {
                if (tagged.Key == "outbox" && (string?)tagged.Value == "billing.paid_notices")
                {
                    Interlocked.Add(ref gaveUp, value);
                }
            }
        });
        listener.Start();

        // The host is configured for three attempts: the publish after the import's commit, then two runs of the job.
        publisher.Failing = true;
        try
        {
            var response = await fixture.Http.PostAsync("/api/payments/import", PaymentsData.Form(
                PaymentsData.Csv([new CsvPayment($"{tag}-1", 777.77m, $"Платник {tag}", null, $"Оплата згідно рахунку № {number}")]), "csv"));
            Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
            await job.RunAsync(run, CancellationToken.None);
            Assert.Equal(0L, Interlocked.Read(ref gaveUp));
            await job.RunAsync(run, CancellationToken.None);
            Assert.Equal(1, await _data.ScalarAsync($"SELECT COUNT(*) FROM {notices} WHERE invoice_id = @id AND failed_at IS NOT NULL AND attempts = 3 AND delivered_at IS NULL",
                ("@id", _data.Options.DbId(invoice))));
            Assert.True(Interlocked.Read(ref gaveUp) >= 1);

            // No longer retried: another run does not touch it.
            await job.RunAsync(run, CancellationToken.None);
            Assert.Equal(1, await _data.ScalarAsync($"SELECT COUNT(*) FROM {notices} WHERE invoice_id = @id AND attempts = 3", ("@id", _data.Options.DbId(invoice))));
        }
        finally
        {
            publisher.Failing = false;
        }

        // The director and the head of sales see how many failed; other roles see nothing.
        var failed = System.Text.Json.Nodes.JsonNode.Parse(await fixture.Http.GetStringAsync("/api/billing/paid-notices/failed"))!;
        Assert.True(failed["failed"]!.GetValue<int>() >= 1);
        using (var manager = fixture.Host.Http(OrleansCrm.BuildingBlocks.Security.CrmRoles.Manager))
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await manager.GetAsync("/api/billing/paid-notices/failed")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await manager.PostAsync("/api/billing/paid-notices/retry", null)).StatusCode);
        }

        // "Retry" puts it back with its attempts reset; the job then delivers it once; a second retry finds nothing.
        var retried = await fixture.Http.PostAsync("/api/billing/paid-notices/retry", null);
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.True(System.Text.Json.Nodes.JsonNode.Parse(await retried.Content.ReadAsStringAsync())!["retried"]!.GetValue<int>() >= 1);
        Assert.Equal(1, await _data.ScalarAsync($"SELECT COUNT(*) FROM {notices} WHERE invoice_id = @id AND failed_at IS NULL AND attempts = 0", ("@id", _data.Options.DbId(invoice))));
        await job.RunAsync(run, CancellationToken.None);
        Assert.Equal(1, publisher.Delivered(invoice));
        Assert.Equal(0, System.Text.Json.Nodes.JsonNode.Parse(await fixture.Http.GetStringAsync("/api/billing/paid-notices/failed"))!["failed"]!.GetValue<int>());
        var again = await fixture.Http.PostAsync("/api/billing/paid-notices/retry", null);
        Assert.Equal(0, System.Text.Json.Nodes.JsonNode.Parse(await again.Content.ReadAsStringAsync())!["retried"]!.GetValue<int>());
        using var director = fixture.Host.Http(OrleansCrm.BuildingBlocks.Security.CrmRoles.Director);
        var audit = System.Text.Json.Nodes.JsonNode.Parse(await director.GetStringAsync("/api/audit?entity=paid-notices&id=billing.paid_notices"))!;
        Assert.Contains(audit["items"]!.AsArray(), e => (string?)e!["action"] == "Retry");
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
