using System.Data.Common;
using FluentValidation;
using Mediator;
using OrleansCrm.Billing.Payments.ListPayments;
using OrleansCrm.Billing.Payments.Matching;
using OrleansCrm.Billing.Payments.Storage;
using OrleansCrm.Billing.Storage;
using OrleansCrm.Billing.Texts;
using OrleansCrm.BuildingBlocks.Audit;
using OrleansCrm.BuildingBlocks.Errors;
using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.BuildingBlocks.Security;
using OrleansCrm.BuildingBlocks.Texts;

namespace OrleansCrm.Billing.Payments.MatchPayment;

/// <summary>
/// A person matches an unknown payment to one invoice (<see cref="InvoiceId"/>) or to several at once
/// (<see cref="InvoiceIds"/>, settled in that order, each taking what it is due while money is left; what is left over is
/// the client's credit). A payment is matched once (the database's primary key on the match): the same request again
/// answers the same match, another one is a 409.
/// </summary>
public sealed record MatchPayment(Guid PaymentId, Guid? InvoiceId, IReadOnlyList<Guid>? InvoiceIds) : ICommand<PaymentItem>
{
    public Caller Caller { get; init; } = new("anonymous", [], null);

    public const int MaxInvoices = 50;

    /// <summary>The invoices asked for, in order, without repeats.</summary>
    public IReadOnlyList<Guid> Invoices => [.. (InvoiceIds ?? []).Prepend(InvoiceId ?? Guid.Empty).Where(id => id != Guid.Empty).Distinct()];
}

public sealed class MatchPaymentValidator : AbstractValidator<MatchPayment>
{
    public MatchPaymentValidator()
    {
        RuleFor(c => c.PaymentId).NotEmpty();
        RuleFor(c => c.InvoiceId).Must((command, _) => command.Invoices.Count > 0).WithText(BillingTexts.Code("MatchNeedsInvoice"));
        RuleFor(c => c.InvoiceIds).Must(ids => ids is null || ids.Count <= MatchPayment.MaxInvoices).WithText(BillingTexts.Code("MatchTooManyInvoices"), MatchPayment.MaxInvoices);
    }
}

public sealed class MatchPaymentHandler(BillingDb db, PaymentLedger ledger, ISender sender, MoneyChangeNotices moneyChanges, PaidNotices paidNotices, TimeProvider time)
    : ICommandHandler<MatchPayment, PaymentItem>
{
    public async ValueTask<PaymentItem> Handle(MatchPayment command, CancellationToken cancellationToken)
    {
        if (!PaymentRoles.Cashiers.Any(command.Caller.IsIn))
        {
            throw new ForbiddenException(BillingTexts.Say("PaymentsForCashiersOnly"));
        }

        var wanted = command.Invoices;
        try
        {
            if (await MatchAsync(command.PaymentId, wanted, cancellationToken))
            {
                moneyChanges.Changed();
            }
        }
        catch (DbException exception) when (BillingDb.IsUniqueViolation(exception))
        {
            // Another request matched it between our check and our insert: the key refused ours. Same invoices: same answer.
            await AlreadyMatchedAsync(command.PaymentId, wanted, cancellationToken);
        }

        return await Read(command.PaymentId, cancellationToken);
    }

    /// <summary>True when this call matched it; false when it was matched already to these very invoices (a retry).</summary>
    private async Task<bool> MatchAsync(Guid paymentId, IReadOnlyList<Guid> wanted, CancellationToken cancellationToken)
    {
        await using var connection = await DatabaseConnections.OpenForWritingAsync(db.Options);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        long amount;
        PaymentStatus status;
        await using (var command = BillingDb.Command(connection, transaction, $"SELECT amount, status FROM {db.Payments} WHERE id = @id", ("@id", db.Id(paymentId))))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            if (!await reader.ReadAsync(cancellationToken))
            {
                throw new NotFoundException(BillingTexts.Say("PaymentNotFound"));
            }

            amount = reader.GetInt64(0);
            status = (PaymentStatus)Convert.ToInt32(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture);
        }

        if (status == PaymentStatus.Matched)
        {
            await transaction.RollbackAsync(cancellationToken);
            await AlreadyMatchedAsync(paymentId, wanted, cancellationToken);
            return false;
        }

        var invoices = new Dictionary<Guid, (string Number, Guid ClientId, long Due, bool Open)>();
        var names = wanted.Select((_, i) => $"@i{i}").ToArray();
        await using (var command = BillingDb.Command(connection, transaction, $"""
            SELECT id, number, client_id, total - paid, kind = {PaymentLedger.InvoiceKind} AND status IN ({PaymentLedger.Issued}, {PaymentLedger.Sent}, {PaymentLedger.PartlyPaid}) AND total > paid AND number IS NOT NULL
            FROM {db.Documents} WHERE id IN ({string.Join(", ", names)})
            """, [.. wanted.Select((id, i) => (names[i], db.Id(id)))]))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                invoices[BillingDb.ReadId(reader, 0)] = (BillingDb.ReadText(reader, 1) ?? "", BillingDb.ReadId(reader, 2), reader.GetInt64(3), Convert.ToBoolean(reader.GetValue(4), System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        foreach (var id in wanted)
        {
            if (!invoices.TryGetValue(id, out var invoice))
            {
                throw new NotFoundException(BillingTexts.Say("InvoiceNotFound"));
            }

            if (!invoice.Open)
            {
                throw new ConflictException(BillingTexts.Say("InvoiceNotOpen", invoice.Number));
            }
        }

        if (wanted.Select(id => invoices[id].ClientId).Distinct().Count() > 1)
        {
            throw new ValidationException([new FluentValidation.Results.ValidationFailure(nameof(MatchPayment.InvoiceIds), OrleansCrm.BuildingBlocks.Texts.ServerTexts.Render(BillingTexts.Say("MatchOneClientOnly")))
            {
                ErrorCode = BillingTexts.Code("MatchOneClientOnly"),
            }]);
        }

        var allocations = PaymentLedger.Allocate(amount, wanted.Select(id => (id, invoices[id].Number, invoices[id].Due)));
        if (allocations.Count < wanted.Count)
        {
            throw new ValidationException([new FluentValidation.Results.ValidationFailure(nameof(MatchPayment.InvoiceIds), OrleansCrm.BuildingBlocks.Texts.ServerTexts.Render(BillingTexts.Say("MatchAmountDoesNotReach", invoices[wanted[allocations.Count]].Number)))
            {
                ErrorCode = BillingTexts.Code("MatchAmountDoesNotReach"),
            }]);
        }

        var actor = AuditContext.Current ?? AuditActor.Product;
        var statements = ledger.Settle(paymentId, invoices[wanted[0]].ClientId, amount, allocations, Reason(allocations.Count), automatic: false, actor, time.GetUtcNow());
        // The match first: a second request for this payment waits on its key and is refused, before touching any invoice.
        var matchFirst = statements.Skip(allocations.Count).Take(1).Concat(statements.Take(allocations.Count)).Concat(statements.Skip(allocations.Count + 1)).ToList();
        var affected = await StatementBatch.ExecuteAsync(connection, transaction, matchFirst, cancellationToken);
        if (affected.Skip(1).Take(allocations.Count).Any(rows => rows != 1))
        {
            throw new ConflictException(BillingTexts.Say("InvoicePaidMeanwhile"));
        }

        await transaction.CommitAsync(cancellationToken);
        await paidNotices.DeliverAsync(cancellationToken); // InvoicePaid from the outbox rows this match wrote, retried if this fails
        return true;
    }

    /// <summary>A match by hand keeps "Manual" as its reason (one invoice) or "ManualSeveral".</summary>
    private static string Reason(int invoices) => invoices == 1 ? "Manual" : "ManualSeveral";

    /// <summary>The payment is matched already: fine when to these invoices (a retry), else a 409.</summary>
    private async Task AlreadyMatchedAsync(Guid paymentId, IReadOnlyList<Guid> wanted, CancellationToken cancellationToken)
    {
        await using var connection = DatabaseConnections.Create(db.Options);
        await connection.OpenAsync(cancellationToken);
        var allocated = new List<Guid>();
        await using var command = BillingDb.Command(connection, null, $"SELECT document_id FROM {db.Allocations} WHERE payment_id = @id", ("@id", db.Id(paymentId)));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            allocated.Add(BillingDb.ReadId(reader, 0));
        }

        if (!allocated.Order().SequenceEqual(wanted.Order()))
        {
            throw new ConflictException(BillingTexts.Say("PaymentMatchedAlready"));
        }
    }

    private async Task<PaymentItem> Read(Guid paymentId, CancellationToken cancellationToken) =>
        (await sender.Send(new ListPayments.ListPayments(null, null, 1, 1) { PaymentId = paymentId, Caller = Caller.System }, cancellationToken)).Items.Single();
}
