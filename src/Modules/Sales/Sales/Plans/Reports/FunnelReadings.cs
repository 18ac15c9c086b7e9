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
/// The funnel's SQL: four grouped statements in one round trip, each starting from the same cohort (the deals whose
/// first stay in the pipeline began in the span: stays that began in it, less deals with a stay there before it), so the
/// work grows with the span's deals, not with the table. PostgreSQL takes the medians with percentile_cont; SQLite, which
/// has none, returns the finished stays' hours and <see cref="Medians"/> takes them.
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
        var owner = ownerId is null ? "" : "AND d.owner_id = @owner";
        // The first stay in the pipeline is one index probe per candidate deal ((deal_id, pipeline_id, entered_at), 0021):
        // a scalar subquery keeps PostgreSQL from hashing every earlier stay of the pipeline instead.
        var cohort = $"""
            WITH cohort AS (
              SELECT d.id, d.amount, d.status, d.won_amount, d.owner_id
              FROM (SELECT DISTINCT s.deal_id FROM {db.DealStages} s WHERE s.pipeline_id = @pipeline AND s.entered_at >= @from AND s.entered_at < @to) x
              JOIN {db.Deals} d ON d.id = x.deal_id
              WHERE (SELECT e.entered_at FROM {db.DealStages} e WHERE e.deal_id = x.deal_id AND e.pipeline_id = @pipeline ORDER BY e.entered_at LIMIT 1) >= @from
              {owner}
            )
            """;
        // The cohort's stays in the pipeline, read from each deal's side (the same index); PostgreSQL needs LATERAL to
        // probe rather than hash all of the pipeline's stays, SQLite's nested loops probe anyway.
        var stays = db.IsPostgres
            ? $"cohort c CROSS JOIN LATERAL (SELECT x.stage, x.entered_at, x.left_at FROM {db.DealStages} x WHERE x.deal_id = c.id AND x.pipeline_id = @pipeline) s"
            : $"cohort c JOIN {db.DealStages} s ON s.deal_id = c.id AND s.pipeline_id = @pipeline";
        var hours = db.IsPostgres
            ? "percentile_cont(0.5) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM (s.left_at - s.entered_at))::double precision / 3600.0)"
            : "(julianday(s.left_at) - julianday(s.entered_at)) * 24.0";
        var grouped = db.IsPostgres ? "GROUP BY s.stage" : "";
        var month = db.IsPostgres ? "to_char(d.expected_close_on, 'YYYY-MM')" : "substr(d.expected_close_on, 1, 7)";
        var sql = $"""
            {cohort}
            SELECT r.stage, COUNT(*), SUM(r.amount)
            FROM (SELECT DISTINCT c.id, c.amount, s.stage FROM {stays}) r
            GROUP BY r.stage;
            {cohort}
            SELECT s.stage, {hours}
            FROM {stays}
            WHERE s.left_at IS NOT NULL
            {grouped};
            {cohort}
            SELECT c.owner_id, COUNT(*),
              SUM(CASE WHEN c.status = 1 THEN 1 ELSE 0 END), SUM(CASE WHEN c.status = 1 THEN COALESCE(c.won_amount, c.amount) ELSE 0 END),
              SUM(CASE WHEN c.status = 2 THEN 1 ELSE 0 END), SUM(CASE WHEN c.status = 2 THEN c.amount ELSE 0 END)
            FROM cohort c
            GROUP BY c.owner_id;
            SELECT d.stage, {month}, COUNT(*), SUM(d.amount)
            FROM {db.Deals} d
            WHERE d.pipeline_id = @pipeline AND d.status = 0 {owner}
            GROUP BY d.stage, {month};
            """;

        await using var connection = DatabaseConnections.Create(db.Options);
        await connection.OpenAsync(cancellationToken);
        await using var command = ModuleDb.Command(connection, null, sql,
            ("@pipeline", db.Id(pipelineId)), ("@from", db.Moment(from)), ("@to", db.Moment(to)), ("@owner", db.Id(ownerId ?? Guid.Empty)));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);

        var reached = new Dictionary<string, (int, decimal)>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            reached[reader.GetString(0)] = (Int(reader.GetValue(1)), ModuleDb.Hryvnias(PlanReadings.Long(reader, 2)));
        }

        await reader.NextResultAsync(cancellationToken);
        var medians = new Dictionary<string, double>(StringComparer.Ordinal);
        var durations = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            var value = Convert.ToDouble(reader.GetValue(1), CultureInfo.InvariantCulture);
            if (db.IsPostgres)
            {
                medians[reader.GetString(0)] = value;
            }
            else
            {
                (durations.TryGetValue(reader.GetString(0), out var list) ? list : durations[reader.GetString(0)] = []).Add(value);
            }
        }

        foreach (var (stage, list) in durations)
        {
            medians[stage] = Medians.Of(list)!.Value;
        }

        await reader.NextResultAsync(cancellationToken);
        var owners = new List<FunnelRawOwner>();
        while (await reader.ReadAsync(cancellationToken))
        {
            owners.Add(new FunnelRawOwner(ModuleDb.ReadId(reader, 0), Int(reader.GetValue(1)), Int(reader.GetValue(2)),
                ModuleDb.Hryvnias(PlanReadings.Long(reader, 3)), Int(reader.GetValue(4)), ModuleDb.Hryvnias(PlanReadings.Long(reader, 5))));
        }

        await reader.NextResultAsync(cancellationToken);
        var open = new List<(string, string?, int, decimal)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            open.Add((reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), Int(reader.GetValue(2)), ModuleDb.Hryvnias(PlanReadings.Long(reader, 3))));
        }

        return new FunnelRaw(reached, medians, owners, open);
    }

    private static int Int(object value) => Convert.ToInt32(value, CultureInfo.InvariantCulture);
}
