using System.Data.Common;
using FluentValidation;
using Mediator;
using OrleansCrm.Billing.Payments.Matching;
using OrleansCrm.Billing.Storage;
using OrleansCrm.Billing.Texts;
using OrleansCrm.BuildingBlocks.Errors;
using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.BuildingBlocks.Security;
using OrleansCrm.BuildingBlocks.Texts;
using OrleansCrm.BuildingBlocks.Validation;

namespace OrleansCrm.Billing.Payments.ListPayments;

/// <summary>A payment as the list shows it: what the bank said, its match (if any) and, while unknown, ranked suggestions.</summary>
public sealed record PaymentItem(
    Guid Id,
    string Account,
    string DocumentNumber,
    DateOnly PaidOn,
    DateOnly? ReceivedOn,
    decimal Amount,
    string? PayerName,
    string? PayerTaxId,
    string? PayerIban,
    string? Purpose,
    Guid? ClientId,
    PaymentStatus Status,
    PaymentMatchInfo? Match,
    IReadOnlyList<PaymentSuggestion> Suggestions);

/// <summary>How a matched payment was settled; <see cref="Credit"/> is what is left after the allocations (an overpayment).</summary>
public sealed record PaymentMatchInfo(Guid ClientId, string Reason, string ReasonLabel, bool Automatic, DateTimeOffset MatchedAt, string MatchedBy, IReadOnlyList<PaymentAllocationItem> Allocations, decimal Credit);

public sealed record PaymentAllocationItem(Guid InvoiceId, string Number, decimal Amount);

/// <summary>
/// One way to settle an unknown payment: <see cref="InvoiceId"/> (the first of <see cref="InvoiceIds"/> when several are
/// paid at once), their numbers, the reason as a code and in the reader's language, and the score (0–100).
/// </summary>
public sealed record PaymentSuggestion(Guid InvoiceId, IReadOnlyList<Guid> InvoiceIds, string Number, decimal AmountDue, string ClientName, MatchReason Reason, string ReasonLabel, int Score);

public sealed record PaymentPage(IReadOnlyList<PaymentItem> Items, int Total, int Page, int PageSize);

/// <summary>
/// Payments, newest first: <see cref="Status"/> Unmatched or Matched (or both), <see cref="Search"/> any part of the payer,
/// purpose, document number or tax id. Suggestions are computed on read against the open invoices of now.
/// </summary>
public sealed record ListPayments(PaymentStatus? Status, string? Search, int Page = 1, int PageSize = 20) : IQuery<PaymentPage>
{
    public Caller Caller { get; init; } = new("anonymous", [], null);

    /// <summary>One payment (the answer of a match).</summary>
    public Guid? PaymentId { get; init; }
}

public sealed class ListPaymentsValidator : AbstractValidator<ListPayments>
{
    public const int MaxPageSize = 200;

    public ListPaymentsValidator()
    {
        RuleFor(q => q.Status).IsInEnum();
        RuleFor(q => q.Search).MaximumLength(200);
        RuleFor(q => q.Page).ValidPage();
        RuleFor(q => q.PageSize).InclusiveBetween(1, MaxPageSize);
    }
}

public sealed class ListPaymentsHandler(BillingDb db, PaymentLedger ledger) : IQueryHandler<ListPayments, PaymentPage>
{
    public async ValueTask<PaymentPage> Handle(ListPayments query, CancellationToken cancellationToken)
    {
        if (!PaymentRoles.Cashiers.Any(query.Caller.IsIn))
        {
            throw new ForbiddenException(BillingTexts.Say("PaymentsForCashiersOnly"));
        }

        var where = new List<string>();
        var parameters = new List<(string, object?)>();
        if (query.PaymentId is { } id)
        {
            where.Add("p.id = @id");
            parameters.Add(("@id", db.Id(id)));
        }

        if (query.Status is { } status)
        {
            where.Add("p.status = @status");
            parameters.Add(("@status", (int)status));
        }

        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            where.Add("p.search_text LIKE @search ESCAPE '\\'");
            parameters.Add(("@search", "%" + query.Search.Trim().ToLowerInvariant().Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%"));
        }

        var filter = where.Count == 0 ? "" : "WHERE " + string.Join(" AND ", where);
        await using var connection = DatabaseConnections.Create(db.Options);
        await connection.OpenAsync(cancellationToken);

        int total;
        await using (var count = BillingDb.Command(connection, null, $"SELECT count(*) FROM {db.Payments} p {filter}", [.. parameters]))
        {
            total = Convert.ToInt32(await count.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
        }

        var rows = new List<PaymentRow>();
        await using (var select = BillingDb.Command(connection, null, $"""
            SELECT p.id, p.account, p.doc_number, p.paid_on, p.received_on, p.amount, p.payer_name, p.payer_tax_id, p.payer_iban, p.purpose, p.client_id, p.status,
                   m.client_id, m.reason, m.automatic, m.matched_at, m.matched_by
            FROM {db.Payments} p LEFT JOIN {db.Matches} m ON m.payment_id = p.id
            {filter}
            ORDER BY p.paid_on DESC, p.doc_number DESC, p.id LIMIT @limit OFFSET @offset
            """, [.. parameters, ("@limit", query.PageSize), ("@offset", (query.Page - 1) * query.PageSize)]))
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add(new PaymentRow(
                    BillingDb.ReadId(reader, 0), reader.GetString(1), reader.GetString(2), BillingDb.ReadDate(reader, 3)!.Value, BillingDb.ReadDate(reader, 4),
                    reader.GetInt64(5), BillingDb.ReadText(reader, 6), BillingDb.ReadText(reader, 7), BillingDb.ReadText(reader, 8), BillingDb.ReadText(reader, 9),
                    BillingDb.ReadNullableId(reader, 10), (PaymentStatus)Convert.ToInt32(reader.GetValue(11), System.Globalization.CultureInfo.InvariantCulture),
                    BillingDb.ReadNullableId(reader, 12), BillingDb.ReadText(reader, 13), !reader.IsDBNull(14) && Convert.ToBoolean(reader.GetValue(14), System.Globalization.CultureInfo.InvariantCulture),
                    reader.IsDBNull(15) ? null : BillingDb.ReadMoment(reader, 15), BillingDb.ReadText(reader, 16)));
            }
        }

        var allocations = await AllocationsAsync(connection, rows.Where(row => row.MatchClientId is not null).Select(row => row.Id).ToList(), cancellationToken);
        PaymentMatcher? matcher = null;
        if (rows.Any(row => row.Status == PaymentStatus.Unmatched))
        {
            matcher = new PaymentMatcher(new OpenInvoiceIndex(await ledger.OpenInvoicesAsync(connection, null, cancellationToken)));
        }

        var items = rows.Select(row => Item(row, allocations, matcher)).ToList();
        return new PaymentPage(items, total, query.Page, query.PageSize);
    }

    private static PaymentItem Item(PaymentRow row, Dictionary<Guid, List<PaymentAllocationItem>> allocations, PaymentMatcher? matcher)
    {
        var amount = BillingDb.Hryvnias(row.Amount);
        PaymentMatchInfo? match = null;
        IReadOnlyList<PaymentSuggestion> suggestions = [];
        if (row.MatchClientId is { } clientId)
        {
            var shares = allocations.TryGetValue(row.Id, out var list) ? list : [];
            match = new PaymentMatchInfo(clientId, row.Reason!, ReasonLabel(row.Reason!), row.Automatic, row.MatchedAt!.Value, row.MatchedBy!, shares, amount - shares.Sum(share => share.Amount));
        }
        else if (matcher is not null)
        {
            var decision = matcher.Match(new IncomingPayment(amount, row.Purpose ?? "", row.PayerTaxId, row.PayerIban, row.PayerName ?? ""));
            // What the import would have settled (an invoice issued after the import): offered first, as the best suggestion.
            var offered = decision.Settles is { } settles
                ? [new MatchSuggestion([settles], decision.SettledBy!.Value, 100), .. decision.Suggestions]
                : decision.Suggestions;
            suggestions = [.. offered.Select(suggestion => new PaymentSuggestion(
                suggestion.Invoices[0].Id,
                [.. suggestion.Invoices.Select(invoice => invoice.Id)],
                string.Join(", ", suggestion.Invoices.Select(invoice => invoice.Number)),
                suggestion.Invoices.Sum(invoice => invoice.AmountDue),
                suggestion.Invoices[0].ClientName,
                suggestion.Reason,
                ServerTexts.Render(BillingTexts.Say($"MatchReason_{suggestion.Reason}")),
                suggestion.Score))];
        }

        return new PaymentItem(row.Id, row.Account, row.DocumentNumber, row.PaidOn, row.ReceivedOn, amount, row.PayerName, row.PayerTaxId, row.PayerIban, row.Purpose,
            row.ClientId, row.Status, match, suggestions);
    }

    /// <summary>A stored reason in the reader's language: the matcher's reasons, or a match by hand.</summary>
    public static string ReasonLabel(string reason) => ServerTexts.Render(BillingTexts.Say($"MatchReason_{reason}"));

    private async Task<Dictionary<Guid, List<PaymentAllocationItem>>> AllocationsAsync(DbConnection connection, List<Guid> payments, CancellationToken cancellationToken)
    {
        var found = new Dictionary<Guid, List<PaymentAllocationItem>>();
        if (payments.Count == 0)
        {
            return found;
        }

        var names = payments.Select((_, i) => $"@p{i}").ToArray();
        await using var command = BillingDb.Command(connection, null, $"""
            SELECT a.payment_id, a.document_id, d.number, a.amount FROM {db.Allocations} a JOIN {db.Documents} d ON d.id = a.document_id
            WHERE a.payment_id IN ({string.Join(", ", names)}) ORDER BY d.number
            """, [.. payments.Select((id, i) => (names[i], db.Id(id)))]);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var payment = BillingDb.ReadId(reader, 0);
            if (!found.TryGetValue(payment, out var list))
            {
                found[payment] = list = [];
            }

            list.Add(new PaymentAllocationItem(BillingDb.ReadId(reader, 1), BillingDb.ReadText(reader, 2) ?? "", BillingDb.Hryvnias(reader.GetInt64(3))));
        }

        return found;
    }

    private sealed record PaymentRow(
        Guid Id, string Account, string DocumentNumber, DateOnly PaidOn, DateOnly? ReceivedOn, long Amount, string? PayerName, string? PayerTaxId, string? PayerIban,
        string? Purpose, Guid? ClientId, PaymentStatus Status, Guid? MatchClientId, string? Reason, bool Automatic, DateTimeOffset? MatchedAt, string? MatchedBy);
}
