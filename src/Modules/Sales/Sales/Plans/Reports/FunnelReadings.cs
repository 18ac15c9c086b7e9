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
/// The funnel's SQL: one statement, starting from the cohort (the deals whose first stay in the pipeline began in the
/// span: stays that began in it, less deals with a stay there before it), found once, so the work grows with the span's
/// deals, not with the table. PostgreSQL takes the medians with percentile_cont; SQLite, which has none, returns the
/// finished stays' hours and <see cref="Medians"/> takes them.
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
        // One statement: the cohort and its stays are found once (MATERIALIZED) and each part of the answer is a tagged set
        // of rows over them (part 0 reached, 1 medians, 2 owners, 3 the forecast), instead of a statement per part that
        // found the cohort again each time (three times the work on a big table).
        // The first stay in the pipeline is one index probe per candidate deal (ix_deal_stages_deal_stays, 0030): a scalar
        // subquery keeps PostgreSQL from hashing every earlier stay of the pipeline instead.
        // The cohort's stays are read from each deal's side (the same index, which covers them); on PostgreSQL OFFSET 0
        // keeps the LATERAL subquery from being pulled up into a join that hashes all of the pipeline's stays.
        var stays = db.IsPostgres
            ? $"cohort c CROSS JOIN LATERAL (SELECT x.stage, x.entered_at, x.left_at FROM {db.DealStages} x WHERE x.deal_id = c.id AND x.pipeline_id = @pipeline OFFSET 0) s"
            : $"cohort c JOIN {db.DealStages} s ON s.deal_id = c.id AND s.pipeline_id = @pipeline";
        var hours = db.IsPostgres
            ? "percentile_cont(0.5) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM (s.left_at - s.entered_at))::double precision / 3600.0)"
            : "(julianday(s.left_at) - julianday(s.entered_at)) * 24.0";
        var grouped = db.IsPostgres ? "GROUP BY s.stage" : "";
        var month = db.IsPostgres ? "to_char(d.expected_close_on, 'YYYY-MM')" : "substr(d.expected_close_on, 1, 7)";
        var none = db.IsPostgres ? "NULL::bigint" : "NULL";
        var noText = db.IsPostgres ? "NULL::text" : "NULL";
        var noId = db.IsPostgres ? "NULL::uuid" : "NULL";
        var noHours = db.IsPostgres ? "NULL::double precision" : "NULL";
        var sql = $"""
            WITH cohort AS MATERIALIZED (
              SELECT d.id, d.amount, d.status, d.won_amount, d.owner_id
              FROM (SELECT DISTINCT s.deal_id FROM {db.DealStages} s WHERE s.pipeline_id = @pipeline AND s.entered_at >= @from AND s.entered_at < @to) x
              JOIN {db.Deals} d ON d.id = x.deal_id
              WHERE (SELECT e.entered_at FROM {db.DealStages} e WHERE e.deal_id = x.deal_id AND e.pipeline_id = @pipeline ORDER BY e.entered_at LIMIT 1) >= @from
              {owner}
            ),
            stays AS MATERIALIZED (
              SELECT c.id, c.amount, s.stage, s.entered_at, s.left_at FROM {stays}
            )
            SELECT 0, r.stage, {noText}, {noId}, COUNT(*), SUM(r.amount), {none}, {none}, {none}, {noHours}
            FROM (SELECT DISTINCT s.id, s.amount, s.stage FROM stays s) r
            GROUP BY r.stage
            UNION ALL
            SELECT 1, s.stage, {noText}, {noId}, {none}, {none}, {none}, {none}, {none}, {hours}
            FROM stays s
            WHERE s.left_at IS NOT NULL
            {grouped}
            UNION ALL
            SELECT 2, {noText}, {noText}, c.owner_id, COUNT(*),
              SUM(CASE WHEN c.status = 1 THEN 1 ELSE 0 END), SUM(CASE WHEN c.status = 1 THEN COALESCE(c.won_amount, c.amount) ELSE 0 END),
              SUM(CASE WHEN c.status = 2 THEN 1 ELSE 0 END), SUM(CASE WHEN c.status = 2 THEN c.amount ELSE 0 END), {noHours}
            FROM cohort c
            GROUP BY c.owner_id
            UNION ALL
            SELECT 3, d.stage, d.month, {noId}, COUNT(*), SUM(d.amount), {none}, {none}, {none}, {noHours}
            FROM (SELECT d.stage, {month} AS month, d.amount FROM {db.Deals} d WHERE d.pipeline_id = @pipeline AND d.status = 0 {owner}) d
            GROUP BY d.stage, d.month
            """;

        await using var connection = DatabaseConnections.Create(db.Options);
        await connection.OpenAsync(cancellationToken);
        await using var command = ModuleDb.Command(connection, null, sql,
            ("@pipeline", db.Id(pipelineId)), ("@from", db.Moment(from)), ("@to", db.Moment(to)), ("@owner", db.Id(ownerId ?? Guid.Empty)));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);

        var reached = new Dictionary<string, (int, decimal)>(StringComparer.Ordinal);
        var medians = new Dictionary<string, double>(StringComparer.Ordinal);
        var durations = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        var owners = new List<FunnelRawOwner>();
        var open = new List<(string, string?, int, decimal)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            switch (Int(reader.GetValue(0)))
            {
                case 0:
                    reached[reader.GetString(1)] = (Int(reader.GetValue(4)), ModuleDb.Hryvnias(PlanReadings.Long(reader, 5)));
                    break;
                case 1:
                    var value = Convert.ToDouble(reader.GetValue(9), CultureInfo.InvariantCulture);
                    if (db.IsPostgres)
                    {
                        medians[reader.GetString(1)] = value;
                    }
                    else
                    {
                        (durations.TryGetValue(reader.GetString(1), out var list) ? list : durations[reader.GetString(1)] = []).Add(value);
                    }

                    break;
                case 2:
                    owners.Add(new FunnelRawOwner(ModuleDb.ReadId(reader, 3), Int(reader.GetValue(4)), Int(reader.GetValue(5)),
                        ModuleDb.Hryvnias(PlanReadings.Long(reader, 6)), Int(reader.GetValue(7)), ModuleDb.Hryvnias(PlanReadings.Long(reader, 8))));
                    break;
                default:
                    open.Add((reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), Int(reader.GetValue(4)), ModuleDb.Hryvnias(PlanReadings.Long(reader, 5))));
                    break;
            }
        }

        foreach (var (stage, list) in durations)
        {
            medians[stage] = Medians.Of(list)!.Value;
        }

        return new FunnelRaw(reached, medians, owners, open);
    }

    private static int Int(object value) => Convert.ToInt32(value, CultureInfo.InvariantCulture);
}
