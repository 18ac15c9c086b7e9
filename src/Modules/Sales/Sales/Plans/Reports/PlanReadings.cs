using System.Data.Common;
using System.Globalization;
using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.Sales.Storage;

namespace OrleansCrm.Sales.Plans.Reports;

/// <summary>Deals won by one owner in a span: how many and for how much (hryvnias).</summary>
public sealed record WonDeals(Guid OwnerId, int Count, decimal Amount);

/// <summary>
/// The SQL of plan against actual and the wall's plan tile, on the deals table the deal grains project into. A deal is won
/// in a span when its status is Won and closed_at falls in it; its actual is won_amount (the potential amount when a row
/// has none). One grouped statement per reading, served by ix_deals_closed (status, closed_at).
/// </summary>
public sealed class PlanReadings(SalesDb db)
{
    private const int Won = 1;

    /// <summary>Won deals by owner, closed from <paramref name="from"/> (included) to <paramref name="to"/> (excluded).</summary>
    public async Task<IReadOnlyList<WonDeals>> WonAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var sql = $"""
            SELECT owner_id, COUNT(*), SUM(COALESCE(won_amount, amount)) FROM {db.Deals}
            WHERE status = {Won} AND closed_at >= @from AND closed_at < @to
            GROUP BY owner_id
            """;
        await using var connection = DatabaseConnections.Create(db.Options);
        await connection.OpenAsync(cancellationToken);
        await using var command = ModuleDb.Command(connection, null, sql, ("@from", db.Moment(from)), ("@to", db.Moment(to)));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var won = new List<WonDeals>();
        while (await reader.ReadAsync(cancellationToken))
        {
            won.Add(new WonDeals(ModuleDb.ReadId(reader, 0), Convert.ToInt32(reader.GetValue(1), CultureInfo.InvariantCulture), ModuleDb.Hryvnias(Long(reader, 2))));
        }

        return won;
    }

    /// <summary>A sum of bigints is numeric in PostgreSQL and an integer in SQLite.</summary>
    internal static long Long(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? 0 : Convert.ToInt64(reader.GetValue(ordinal), CultureInfo.InvariantCulture);
}
