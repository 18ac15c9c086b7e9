using FluentValidation;
using Mediator;
using OrleansCrm.Billing.Storage;
using OrleansCrm.Billing.Texts;
using OrleansCrm.BuildingBlocks.Errors;
using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.BuildingBlocks.Security;
using OrleansCrm.Clients.Contracts;

namespace OrleansCrm.Billing.Payments.ListPayments;

/// <summary>A client's credit: what its matched payments brought beyond the invoices they settled (overpayments).</summary>
public sealed record ClientCredit(Guid ClientId, string ClientName, decimal Credit);

/// <summary>Every client with a credit, largest first.</summary>
public sealed record ListClientCredits : IQuery<IReadOnlyList<ClientCredit>>
{
    public Caller Caller { get; init; } = new("anonymous", [], null);
}

public sealed class ListClientCreditsValidator : AbstractValidator<ListClientCredits>
{
    // Nothing to check: the query has no input but its caller.
}

public sealed class ListClientCreditsHandler(BillingDb db, ISender sender) : IQueryHandler<ListClientCredits, IReadOnlyList<ClientCredit>>
{
    public async ValueTask<IReadOnlyList<ClientCredit>> Handle(ListClientCredits query, CancellationToken cancellationToken)
    {
        if (!PaymentRoles.Cashiers.Any(query.Caller.IsIn))
        {
            throw new ForbiddenException(BillingTexts.Say("PaymentsForCashiersOnly"));
        }

        var credits = new List<(Guid ClientId, long Credit)>();
        await using (var connection = DatabaseConnections.Create(db.Options))
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = BillingDb.Command(connection, null, $"""
                SELECT m.client_id, SUM(p.amount - COALESCE(a.allocated, 0))
                FROM {db.Matches} m
                JOIN {db.Payments} p ON p.id = m.payment_id
                LEFT JOIN (SELECT payment_id, SUM(amount) AS allocated FROM {db.Allocations} GROUP BY payment_id) a ON a.payment_id = m.payment_id
                GROUP BY m.client_id
                HAVING SUM(p.amount - COALESCE(a.allocated, 0)) > 0
                """);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                credits.Add((BillingDb.ReadId(reader, 0), Convert.ToInt64(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture)));
            }
        }

        var names = (await sender.Send(new ListClientTaxIds([], [.. credits.Select(credit => credit.ClientId)]), cancellationToken)).ToDictionary(client => client.ClientId, client => client.Name);
        return [.. credits.OrderByDescending(credit => credit.Credit)
            .Select(credit => new ClientCredit(credit.ClientId, names.GetValueOrDefault(credit.ClientId, ""), BillingDb.Hryvnias(credit.Credit)))];
    }
}
