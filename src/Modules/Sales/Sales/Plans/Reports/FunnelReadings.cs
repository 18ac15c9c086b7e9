using System.Buffers;
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
/// The funnel's reads, two at once: the cohort's rows of sales.deal_funnel (one per deal that entered the pipeline in
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
        // The two reads on their own connections at once: the forecast's scan of the open deals (34,000 in the benchmark's
        // sales pipeline) runs in PostgreSQL while this process tallies the cohort's rows (benchmarks/results/sales.md).
        (string, object?)[] parameters = [("@pipeline", db.Id(pipelineId)), ("@from", db.Moment(from)), ("@to", db.Moment(to)), ("@owner", db.Id(ownerId ?? Guid.Empty))];
        var open = ForecastAsync(ownerId is not null, parameters, cancellationToken);
        var cohort = CohortAsync(ownerId is not null, parameters, cancellationToken);
        await Task.WhenAll(open, cohort);
        return (await cohort).Raw(await open);
    }

    private async Task<FunnelTally> CohortAsync(bool oneOwner, (string, object?)[] parameters, CancellationToken cancellationToken)
    {
        var owner = oneOwner ? "AND f.owner_id = @owner" : "";
        var sql = $"""
            SELECT f.owner_id, f.amount, f.status, f.won_amount, {(db.IsPostgres ? "convert_to(f.stays, 'UTF8')" : "CAST(f.stays AS BLOB)")}
            FROM {db.DealFunnel} f
            WHERE f.pipeline_id = @pipeline AND f.entered_at >= @from AND f.entered_at < @to {owner}
            """;
        await using var connection = DatabaseConnections.Create(db.Options);
        await connection.OpenAsync(cancellationToken);
        await using var command = ModuleDb.Command(connection, null, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var tally = new FunnelTally();
        // Each row's stays are copied into one buffer as bytes (a quarter is 25,000 rows: a string each was most of the
        // report's garbage; the text is ASCII, FunnelStays).
        var stays = ArrayPool<byte>.Shared.Rent(4096);
        try
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var length = (int)reader.GetBytes(4, 0, null, 0, 0);
                if (length > stays.Length)
                {
                    ArrayPool<byte>.Shared.Return(stays);
                    stays = ArrayPool<byte>.Shared.Rent(length);
                }

                reader.GetBytes(4, 0, stays, 0, length);
                tally.Add(ModuleDb.ReadId(reader, 0), PlanReadings.Long(reader, 1), Int(reader.GetValue(2)),
                    reader.IsDBNull(3) ? null : PlanReadings.Long(reader, 3), stays.AsSpan(0, length));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(stays);
        }

        return tally;
    }

    private async Task<List<(string, string?, int, decimal)>> ForecastAsync(bool oneOwner, (string, object?)[] parameters, CancellationToken cancellationToken)
    {
        // Grouped by the close date, not its month: formatting a month for each of 34,000 open deals cost more than
        // folding a few thousand dates into months here.
        var owner = oneOwner ? "AND d.owner_id = @owner" : "";
        var sql = $"""
            SELECT d.stage, d.expected_close_on, COUNT(*), SUM(d.amount)
            FROM {db.Deals} d WHERE d.pipeline_id = @pipeline AND d.status = 0 {owner}
            GROUP BY d.stage, d.expected_close_on
            """;
        await using var connection = DatabaseConnections.Create(db.Options);
        await connection.OpenAsync(cancellationToken);
        await using var command = ModuleDb.Command(connection, null, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var months = new Dictionary<(string Stage, string? Month), (int Deals, long Amount)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var month = ModuleDb.ReadDate(reader, 1)?.ToString("yyyy-MM", CultureInfo.InvariantCulture);
            var sum = months.GetValueOrDefault((reader.GetString(0), month));
            months[(reader.GetString(0), month)] = (sum.Deals + Int(reader.GetValue(2)), sum.Amount + PlanReadings.Long(reader, 3));
        }

        return [.. months.Select(m => (m.Key.Stage, m.Key.Month, m.Value.Deals, ModuleDb.Hryvnias(m.Value.Amount)))];
    }

    private static int Int(object value) => Convert.ToInt32(value, CultureInfo.InvariantCulture);
}
