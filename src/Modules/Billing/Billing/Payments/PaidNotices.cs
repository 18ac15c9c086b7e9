using Mediator;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansCrm.Billing.Payments.ImportStatement;
using OrleansCrm.Billing.Storage;
using OrleansCrm.BuildingBlocks.Audit;
using OrleansCrm.BuildingBlocks.Jobs;
using OrleansCrm.BuildingBlocks.Observability;
using OrleansCrm.BuildingBlocks.Persistence;

namespace OrleansCrm.Billing.Payments;

/// <summary>
/// <see cref="Contracts.InvoicePaid"/> through an outbox (<c>billing.paid_notices</c>): <see cref="Record"/> goes into the
/// transaction that settles the invoice, so a notice exists exactly when the invoice became Paid; <see cref="DeliverAsync"/>
/// publishes the undelivered ones after the commit and marks each delivered once its handlers ran. A failed publish, or a
/// host that died before delivering, leaves the row pending: the job <see cref="PaidNoticeDelivery"/> publishes it again
/// each minute (and at each start) until a publish succeeds, or until it has failed
/// <see cref="PaymentsOptions.PaidNoticeMaxAttempts"/> times: then it is marked failed (an error logged, the metric
/// <c>crm.outbox.gave_up</c> counted, a warning on /billing) and waits for a person's <see cref="RetryFailedAsync"/>.
/// Two hosts may both publish a row: receivers key by invoice.
/// </summary>
public sealed class PaidNotices(BillingDb db, IPublisher publisher, TimeProvider time, IOptions<PaymentsOptions> options, AuditLog audit, ILogger<PaidNotices> logger)
{
    private const int Batch = 500;

    /// <summary>The outbox's name in the metric and the audit log.</summary>
    public const string Outbox = "billing.paid_notices";

    // After the invoice's own UPDATE in the same batch: only an invoice that is Paid now gets its notice, and only once.
    private readonly string _record = $"""
        INSERT INTO {db.Table("paid_notices")} (invoice_id, client_id, total, paid_at, attempts)
        SELECT id, client_id, total, @at, 0 FROM {db.Documents} WHERE id = @id AND kind = {PaymentLedger.InvoiceKind} AND status = {PaymentLedger.Paid}
        ON CONFLICT (invoice_id) DO NOTHING
        """;

    private readonly string _pending = $"""
        SELECT invoice_id, client_id, total, paid_at FROM {db.Table("paid_notices")}
        WHERE delivered_at IS NULL AND failed_at IS NULL ORDER BY paid_at LIMIT {Batch}
        """;

    private readonly string _delivered = $"UPDATE {db.Table("paid_notices")} SET delivered_at = @at, attempts = attempts + 1, last_error = NULL WHERE invoice_id = @id";

    // The last allowed attempt also marks the row failed, so the job stops taking it. The row says whether it gave up (not
    // this host's count: another host may have tried it too).
    private readonly string _failed = $"""
        UPDATE {db.Table("paid_notices")} SET attempts = attempts + 1, last_error = @error,
            failed_at = CASE WHEN attempts + 1 >= @max THEN @at ELSE NULL END
        WHERE invoice_id = @id AND delivered_at IS NULL
        RETURNING attempts, CASE WHEN failed_at IS NULL THEN 0 ELSE 1 END
        """;

    private readonly string _failedCount = $"SELECT COUNT(*) FROM {db.Table("paid_notices")} WHERE delivered_at IS NULL AND failed_at IS NOT NULL";

    private readonly string _retry = $"""
        UPDATE {db.Table("paid_notices")} SET failed_at = NULL, attempts = 0 WHERE delivered_at IS NULL AND failed_at IS NOT NULL
        """;

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
                var maxAttempts = Math.Max(1, options.Value.PaidNoticeMaxAttempts);
                foreach (var notice in pending)
                {
                    try
                    {
                        await publisher.Publish(notice, cancellationToken);
                    }
                    catch (Exception exception) when (exception is not OperationCanceledException)
                    {
                        failed++;
                        var (attempts, gaveUp) = await MarkFailedAsync(notice.InvoiceId, Truncate(exception.GetBaseException().Message), maxAttempts, cancellationToken);
                        if (gaveUp)
                        {
                            CrmMetrics.OutboxGaveUp(Outbox);
                            logger.LogError(exception, "InvoicePaid of {Invoice} failed {Attempts} times and is no longer retried; a director or head of sales can retry it on /billing",
                                notice.InvoiceId, attempts);
                        }
                        else
                        {
                            logger.LogWarning(exception, "InvoicePaid of {Invoice}: a handler failed (attempt {Attempt} of {Max}); it is published again later",
                                notice.InvoiceId, attempts, maxAttempts);
                        }

                        continue;
                    }

                    await MarkAsync(_delivered, notice.InvoiceId, cancellationToken, ("@at", db.Moment(time.GetUtcNow())));
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

    /// <summary>How many notices gave up and wait for a person's retry.</summary>
    public async Task<int> FailedCountAsync(CancellationToken cancellationToken)
    {
        await using var connection = DatabaseConnections.Create(db.Options);
        await connection.OpenAsync(cancellationToken);
        await using var command = BillingDb.Command(connection, null, _failedCount);
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Puts every failed notice back in the queue with its attempts reset (the job publishes them within a minute), audited
    /// in the same transaction. Returns how many; a second retry finds none.
    /// </summary>
    public async Task<int> RetryFailedAsync(AuditActor actor, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var retried = await BillingDb.ExecuteAsync(connection, transaction, _retry, cancellationToken);
        if (retried > 0)
        {
            await audit.WriteAsync(connection, transaction, new AuditEntry(
                Guid.NewGuid(), "paid-notices", Outbox, null, Texts.BillingTexts.Module, actor, time.GetUtcNow(), "Retry",
                [new AuditChange("failed", retried.ToString(System.Globalization.CultureInfo.InvariantCulture), "0")]), cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return retried;
    }

    /// <summary>Records a failed attempt: the attempts made so far, and whether this one was the last allowed.</summary>
    private async Task<(int Attempts, bool GaveUp)> MarkFailedAsync(Guid invoiceId, string error, int maxAttempts, CancellationToken cancellationToken)
    {
        await using var connection = DatabaseConnections.Create(db.Options);
        await connection.OpenAsync(cancellationToken);
        await using var command = BillingDb.Command(connection, null, _failed,
            ("@error", error), ("@max", maxAttempts), ("@at", db.Moment(time.GetUtcNow())), ("@id", db.Id(invoiceId)));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? (Convert.ToInt32(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture), Convert.ToInt32(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture) == 1)
            : (0, false); // delivered meanwhile by another host
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

    private async Task MarkAsync(string sql, Guid invoiceId, CancellationToken cancellationToken, params (string Name, object? Value)[] values)
    {
        await using var connection = DatabaseConnections.Create(db.Options);
        await connection.OpenAsync(cancellationToken);
        await BillingDb.ExecuteAsync(connection, null, sql, cancellationToken, [.. values, ("@id", db.Id(invoiceId))]);
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
