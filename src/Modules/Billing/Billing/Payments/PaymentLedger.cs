using System.Data.Common;
using System.Globalization;
using Mediator;
using OrleansCrm.Billing.Payments.Matching;
using OrleansCrm.Billing.Storage;
using OrleansCrm.BuildingBlocks.Audit;
using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.BuildingBlocks.Security;
using OrleansCrm.Clients.Contracts;

namespace OrleansCrm.Billing.Payments;

/// <summary>Stored payment status. 0 Unmatched, 1 Matched (billing.payments.status).</summary>
public enum PaymentStatus
{
    Unmatched = 0,
    Matched = 1,
}

/// <summary>Who may see payments, import statements and match them: the director and the head of sales, nobody else.</summary>
public static class PaymentRoles
{
    public static readonly string[] Cashiers = [CrmRoles.Director, CrmRoles.SalesHead];
}

/// <summary>Part of a payment set against one invoice.</summary>
public sealed record Allocation(Guid InvoiceId, string Number, long Kopiykas);

/// <summary>
/// The money side of payments, shared by the import and the manual match: which invoices are open (as the matcher sees
/// them), and the statements that settle a payment: the match (one per payment, by primary key), its allocations, and each
/// invoice's <c>paid</c> and status (PartlyPaid or Paid), guarded so that an invoice is never paid beyond its total, with
/// an audit entry and the InvoicePaid notice of each invoice it made Paid (<see cref="PaidNotices"/>, an outbox). The
/// caller runs them in its own transaction, then calls <see cref="PaidNotices.DeliverAsync"/> after the commit.
/// </summary>
public sealed class PaymentLedger(BillingDb db, AuditLog audit, ISender sender, PaidNotices paidNotices)
{
    public const short InvoiceKind = 0;
    public const short Issued = 1, Sent = 2, PartlyPaid = 3, Paid = 4;

    private readonly string insertMatch = $"""
        INSERT INTO {db.Matches} (payment_id, client_id, reason, automatic, matched_at, matched_by)
        VALUES (@payment_id, @client_id, @reason, @automatic, @matched_at, @matched_by)
        """;

    private readonly string insertAllocation = $"""
        INSERT INTO {db.Allocations} (payment_id, document_id, amount) VALUES (@payment_id, @document_id, @amount)
        """;

    // The guard (still open, not paid beyond its total) makes a concurrent payment of the same invoice visible: 0 rows.
    private readonly string payInvoice = $"""
        UPDATE {db.Documents}
        SET paid = paid + @amount, status = CASE WHEN paid + @amount >= total THEN {Paid} ELSE {PartlyPaid} END,
            version = version + 1, updated_at = @at
        WHERE id = @id AND kind = {InvoiceKind} AND status IN ({Issued}, {Sent}, {PartlyPaid}) AND paid + @amount <= total
        """;

    private readonly string markMatched = $"""
        UPDATE {db.Payments} SET status = {(int)PaymentStatus.Matched}, client_id = @client_id WHERE id = @id AND status = {(int)PaymentStatus.Unmatched}
        """;

    /// <summary>The open invoices (issued, sent or partly paid, with money still due), each with its client's tax id and known accounts.</summary>
    internal async Task<List<OpenInvoice>> OpenInvoicesAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        var rows = new List<(Guid Id, string Number, Guid ClientId, long Due)>();
        await using (var command = BillingDb.Command(connection, transaction, $"""
            SELECT id, number, client_id, total - paid FROM {db.Documents}
            WHERE kind = {InvoiceKind} AND status IN ({Issued}, {Sent}, {PartlyPaid}) AND total > paid AND number IS NOT NULL
            ORDER BY issued_on, number
            """))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add((BillingDb.ReadId(reader, 0), reader.GetString(1), BillingDb.ReadId(reader, 2), reader.GetInt64(3)));
            }
        }

        // The accounts a client has paid from before: the client card keeps none, the bank statements do.
        var ibans = new Dictionary<Guid, List<string>>();
        await using (var command = BillingDb.Command(connection, transaction,
            $"SELECT DISTINCT client_id, payer_iban FROM {db.Payments} WHERE client_id IS NOT NULL AND payer_iban IS NOT NULL"))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var client = BillingDb.ReadId(reader, 0);
                if (!ibans.TryGetValue(client, out var list))
                {
                    ibans[client] = list = [];
                }

                list.Add(reader.GetString(1));
            }
        }

        var clients = (await sender.Send(new ListClientTaxIds([], [.. rows.Select(row => row.ClientId).Distinct()]), cancellationToken))
            .ToDictionary(client => client.ClientId);
        return [.. rows.Select(row => new OpenInvoice(
            row.Id,
            row.Number,
            row.ClientId,
            clients.TryGetValue(row.ClientId, out var client) ? client.Name : "",
            client?.TaxId,
            ibans.TryGetValue(row.ClientId, out var accounts) ? accounts : [],
            BillingDb.Hryvnias(row.Due)))];
    }

    /// <summary>
    /// The statements that settle a payment: match, allocations, invoices, the payment's status and an audit entry. The
    /// invoices' updates come first in the list (<see cref="InvoiceUpdates"/> of them): each must affect one row, or the
    /// invoice was paid or closed meanwhile and the caller rolls back.
    /// </summary>
    internal List<SqlStatement> Settle(Guid paymentId, Guid clientId, long paymentKopiykas, IReadOnlyList<Allocation> allocations, string reason, bool automatic, AuditActor actor, DateTimeOffset at)
    {
        var statements = new List<SqlStatement>(allocations.Count * 2 + 3);
        foreach (var allocation in allocations)
        {
            statements.Add(new SqlStatement(payInvoice).Add("@amount", allocation.Kopiykas).Add("@at", db.Moment(at)).Add("@id", db.Id(allocation.InvoiceId)));
        }

        statements.Add(new SqlStatement(insertMatch)
            .Add("@payment_id", db.Id(paymentId)).Add("@client_id", db.Id(clientId)).Add("@reason", reason)
            .Add("@automatic", automatic).Add("@matched_at", db.Moment(at)).Add("@matched_by", Truncate(actor.Name, 200)));
        foreach (var allocation in allocations)
        {
            statements.Add(new SqlStatement(insertAllocation).Add("@payment_id", db.Id(paymentId)).Add("@document_id", db.Id(allocation.InvoiceId)).Add("@amount", allocation.Kopiykas));
        }

        statements.Add(new SqlStatement(markMatched).Add("@client_id", db.Id(clientId)).Add("@id", db.Id(paymentId)));
        var credit = paymentKopiykas - allocations.Sum(allocation => allocation.Kopiykas);
        List<AuditChange> changes =
        [
            new("status", nameof(PaymentStatus.Unmatched), nameof(PaymentStatus.Matched), "enum:PaymentStatus"),
            new("invoices", null, string.Join(", ", allocations.Select(a => $"{a.Number}: {Money(a.Kopiykas)}"))),
            new("reason", null, reason, "enum:MatchReason"),
        ];
        if (credit > 0)
        {
            changes.Add(new AuditChange("credit", null, Money(credit)));
        }

        // One entry per payment, ever: its id is fixed by the payment, so a repeat writes nothing.
        statements.Add(audit.Insert(new AuditEntry(
            AuditLog.IdOf(PaymentEntity, paymentId.ToString(), 1), PaymentEntity, paymentId.ToString(), 1, BillingModuleName, actor, at,
            automatic ? "AutoMatch" : "Match", changes)));

        // Last, after the invoices' updates (callers count those from the start of the list): the outbox rows.
        statements.AddRange(allocations.Select(allocation => paidNotices.Record(allocation.InvoiceId, at)));
        return statements;
    }

    public const string PaymentEntity = "payment";
    public const string BillingModuleName = Texts.BillingTexts.Module;

    /// <summary>How the payment is shared: each invoice in the order given takes what it is due, while money is left.</summary>
    internal static List<Allocation> Allocate(long paymentKopiykas, IEnumerable<(Guid Id, string Number, long Due)> invoices)
    {
        var allocations = new List<Allocation>();
        var left = paymentKopiykas;
        foreach (var (id, number, due) in invoices)
        {
            var share = Math.Min(left, due);
            if (share <= 0)
            {
                break;
            }

            allocations.Add(new Allocation(id, number, share));
            left -= share;
        }

        return allocations;
    }

    public static string Money(long kopiykas) => BillingDb.Hryvnias(kopiykas).ToString("0.00", CultureInfo.InvariantCulture);

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];
}
