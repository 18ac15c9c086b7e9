using FluentValidation;
using Mediator;
using OrleansCrm.Billing.Contracts;
using OrleansCrm.Billing.Storage;
using OrleansCrm.BuildingBlocks.Persistence;

namespace OrleansCrm.Billing.Reports;

public sealed class GetPaidByClientValidator : AbstractValidator<GetPaidByClient>
{
    public GetPaidByClientValidator() => RuleFor(q => q.To).GreaterThanOrEqualTo(q => q.From);
}

/// <summary>
/// One grouped statement over the allocations (the same rule as <see cref="MoneyReadings"/>: a payment counts on the day
/// the money arrived, an invoice once issued and never as a draft or cancelled), keyed by the invoice's client.
/// </summary>
public sealed class GetPaidByClientHandler(BillingDb db) : IQueryHandler<GetPaidByClient, IReadOnlyDictionary<Guid, decimal>>
{
    public async ValueTask<IReadOnlyDictionary<Guid, decimal>> Handle(GetPaidByClient query, CancellationToken cancellationToken)
    {
        var sql = $"""
            SELECT d.client_id, SUM(a.amount)
            FROM {db.Allocations} a
            JOIN {db.Payments} p ON p.id = a.payment_id
            JOIN {db.Documents} d ON d.id = a.document_id
            WHERE d.kind = 0 AND d.status IN (1, 2, 3, 4)
              AND COALESCE(p.received_on, p.paid_on) >= @from AND COALESCE(p.received_on, p.paid_on) <= @to
            GROUP BY d.client_id
            """;
        await using var connection = DatabaseConnections.Create(db.Options);
        await connection.OpenAsync(cancellationToken);
        await using var command = ModuleDb.Command(connection, null, sql, ("@from", db.Date(query.From)), ("@to", db.Date(query.To)));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var paid = new Dictionary<Guid, decimal>();
        while (await reader.ReadAsync(cancellationToken))
        {
            paid[ModuleDb.ReadId(reader, 0)] = ModuleDb.Hryvnias(Convert.ToInt64(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture));
        }

        return paid;
    }
}
