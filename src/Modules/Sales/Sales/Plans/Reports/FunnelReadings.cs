using System.Globalization;
using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.Sales.Storage;

namespace OrleansCrm.Sales.Plans.Reports;

/// <summary>What the funnel's SQL returns, before the stages' order and probabilities are applied.</summary>
public sealed record FunnelRaw(
    IReadOnlyDictionary<string, (int Deals, decimal Amount)> Reached,
    IReadOnlyDictionary<string, double> MedianHours,
    IReadOnlyList<FunnelRawOwner> Owners,
    IReadOnlyList<(string Stage, string? Month, int Deals, decimal Amount)> Open);

public sealed record FunnelRawOwner(Guid OwnerId, int Entered, int Won, decimal WonAmount, int Lost, decimal LostAmount);

/// <summary>
/// The funnel's reads, one round trip: the cohort's rows of sales.deal_funnel (one per deal that entered the pipeline in
/// the span: its figures and its stays there, migration 0052) and the open deals' forecast grouped by stage and month.
/// The stages reached, the medians and the owners' lines are counted here as the rows arrive (<see cref="FunnelTally"/>),
/// the same on both databases.
/// </summary>
public sealed class FunnelReadings(SalesDb db)
{
    public async Task<IReadOnlyList<FunnelStageInfo>?> StagesAsync(Guid pipelineId, CancellationToken cancellationToken)
    {
        await using var connection = DatabaseConnections.Create(db.Options);
        await connection.OpenAsync(cancellationToken);
        await using var command = ModuleDb.Command(connection, null, $"SELECT stages FROM {db.Pipelines} WHERE id = @id", ("@id", db.Id(pipelineId)));
        return await command.ExecuteScalarAsync(cancellationToken) is string json ? PipelineStages.Parse(json) : null;
    }

    public async Task<FunnelRaw> ReadAsync(Guid pipelineId, DateTimeOffset from, DateTimeOffset to, Guid? ownerId, CancellationToken cancellationToken)
    {
        var owner = ownerId is null ? "" : "AND f.owner_id = @owner";
        var ownerOfOpen = ownerId is null ? "" : "AND d.owner_id = @owner";
        var month = db.IsPostgres ? "to_char(d.expected_close_on, 'YYYY-MM')" : "substr(d.expected_close_on, 1, 7)";
        var sql = $"""
            SELECT f.owner_id, f.amount, f.status, f.won_amount, f.stays
            FROM {db.DealFunnel} f
            WHERE f.pipeline_id = @pipeline AND f.entered_at >= @from AND f.entered_at < @to {owner};
            SELECT d.stage, d.month, COUNT(*), SUM(d.amount)
            FROM (SELECT d.stage, {month} AS month, d.amount FROM {db.Deals} d WHERE d.pipeline_id = @pipeline AND d.status = 0 {ownerOfOpen}) d
            GROUP BY d.stage, d.month
            """;

        await using var connection = DatabaseConnections.Create(db.Options);
        await connection.OpenAsync(cancellationToken);
        await using var command = ModuleDb.Command(connection, null, sql,
            ("@pipeline", db.Id(pipelineId)), ("@from", db.Moment(from)), ("@to", db.Moment(to)), ("@owner", db.Id(ownerId ?? Guid.Empty)));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);

        var tally = new FunnelTally();
        while (await reader.ReadAsync(cancellationToken))
        {
            tally.Add(ModuleDb.ReadId(reader, 0), PlanReadings.Long(reader, 1), Int(reader.GetValue(2)),
                reader.IsDBNull(3) ? null : PlanReadings.Long(reader, 3), reader.GetString(4));
        }

        await reader.NextResultAsync(cancellationToken);
        var open = new List<(string, string?, int, decimal)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            open.Add((reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), Int(reader.GetValue(2)), ModuleDb.Hryvnias(PlanReadings.Long(reader, 3))));
        }

        return tally.Raw(open);
    }

    private static int Int(object value) => Convert.ToInt32(value, CultureInfo.InvariantCulture);
}
