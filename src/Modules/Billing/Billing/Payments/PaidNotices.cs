using Mediator;
using Microsoft.Extensions.Logging;
using OrleansCrm.Billing.Storage;
using OrleansCrm.BuildingBlocks.Jobs;
using OrleansCrm.BuildingBlocks.Persistence;

namespace OrleansCrm.Billing.Payments;

/// <summary>
/// <see cref="Contracts.InvoicePaid"/> through an outbox (<c>billing.paid_notices</c>): <see cref="Record"/> goes into the
/// transaction that settles the invoice, so a notice exists exactly when the invoice became Paid; <see cref="DeliverAsync"/>
/// publishes the undelivered ones after the commit and marks each delivered once its handlers ran. A failed publish, or a
/// host that died before delivering, leaves the row pending: the job <see cref="PaidNoticeDelivery"/> publishes it again
/// each minute (and at each start) until a publish succeeds. Two hosts may both publish a row: receivers key by invoice.
/// </summary>
public sealed class PaidNotices(BillingDb db, IPublisher publisher, TimeProvider time, ILogger<PaidNotices> logger)
{
    private const int Batch = 500;

    // After the invoice's own UPDATE in the same batch: only an invoice that is Paid now gets its notice, and only once.
    private readonly string _record = $"""
        INSERT INTO {db.Table("paid_notices")} (invoice_id, client_id, total, paid_at, attempts)
        SELECT id, client_id, total, @at, 0 FROM {db.Documents} WHERE id = @id AND kind = {PaymentLedger.InvoiceKind} AND status = {PaymentLedger.Paid}
        ON CONFLICT (invoice_id) DO NOTHING
        """;

    private readonly string _pending = $"""
        SELECT invoice_id, client_id, total, paid_at FROM {db.Table("paid_notices")} WHERE delivered_at IS NULL ORDER BY paid_at LIMIT {Batch}
        """;

    private readonly string _delivered = $"UPDATE {db.Table("paid_notices")} SET delivered_at = @at, attempts = attempts + 1, last_error = NULL WHERE invoice_id = @id";

    private readonly string _failed = $"UPDATE {db.Table("paid_notices")} SET attempts = attempts + 1, last_error = @error WHERE invoice_id = @id";

    /// <summary>One delivery at a time in this process: the after-commit call and the job would publish a row twice.</summary>
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>The notice of <paramref name="invoiceId"/> if this transaction made it Paid (nothing otherwise).</summary>
    internal SqlStatement Record(Guid invoiceId, DateTimeOffset at) => new SqlStatement(_record).Add("@at", db.Moment(at)).Add("@id", db.Id(invoiceId));

    /// <summary>Publishes every pending notice, oldest first; a failure is logged, left pending and retried later. Returns how many were delivered.</summary>
    public async Task<int> DeliverAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var delivered = 0;
            while (true)
            {
                var pending = await PendingAsync(cancellationToken);
                var failed = 0;
                foreach (var notice in pending)
                {
                    try
                    {
                        await publisher.Publish(notice, cancellationToken);
                    }
                    catch (Exception exception) when (exception is not OperationCanceledException)
                    {
                        failed++;
                        logger.LogWarning(exception, "InvoicePaid of {Invoice}: a handler failed; it is published again later", notice.InvoiceId);
                        await MarkAsync(_failed, notice.InvoiceId, ("@error", Truncate(exception.GetBaseException().Message)), cancellationToken);
                        continue;
                    }

                    await MarkAsync(_delivered, notice.InvoiceId, ("@at", db.Moment(time.GetUtcNow())), cancellationToken);
                    delivered++;
                }

                // A full batch with every row delivered may have more behind it; failures wait for the next run.
                if (pending.Count < Batch || failed > 0)
                {
                    return delivered;
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<List<Contracts.InvoicePaid>> PendingAsync(CancellationToken cancellationToken)
    {
        var notices = new List<Contracts.InvoicePaid>();
        await using var connection = DatabaseConnections.Create(db.Options);
        await connection.OpenAsync(cancellationToken);
        await using var command = BillingDb.Command(connection, null, _pending);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            notices.Add(new Contracts.InvoicePaid(BillingDb.ReadId(reader, 0), BillingDb.ReadId(reader, 1), BillingDb.Hryvnias(reader.GetInt64(2)), BillingDb.ReadMoment(reader, 3)));
        }

        return notices;
    }

    private async Task MarkAsync(string sql, Guid invoiceId, (string Name, object? Value) value, CancellationToken cancellationToken)
    {
        await using var connection = DatabaseConnections.Create(db.Options);
        await connection.OpenAsync(cancellationToken);
        await BillingDb.ExecuteAsync(connection, null, sql, cancellationToken, value, ("@id", db.Id(invoiceId)));
    }

    private static string Truncate(string text) => text.Length <= 1000 ? text : text[..1000];
}

/// <summary>Publishes the InvoicePaid notices left pending (a failed handler, a host that died after the commit).</summary>
internal sealed class PaidNoticeDelivery(PaidNotices notices) : IRecurringJob
{
    public string Id => "billing.paid-notices";

    public string Cron => "* * * * *";

    public bool RunAtStart => true;

    public Task RunAsync(JobPeriod period, CancellationToken cancellationToken) => notices.DeliverAsync(cancellationToken);
}
