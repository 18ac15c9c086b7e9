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
/// The funnel's SQL: one statement over the cohort (the deals whose first stay in the pipeline began in the span), whose
/// stays are one index range marked by Deals' projection, so the work grows with the span's deals, not with the table. PostgreSQL takes the medians with percentile_cont; SQLite, which has none, returns the
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
        var owner = ownerId is null ? "" : "WHERE d.owner_id = @owner";
        // One statement: the cohort's stays are one range of ix_deal_stages_cohort (migration 0050: each stay carries when its
        // deal first entered the pipeline, and whether it is the deal's first stay in its stage), read once (MATERIALIZED),
        // and each part of the answer is a tagged set of rows over them (part 0 reached, 1 medians, 2 owners, 3 the
        // forecast). "Reached" counts the first-stay rows, so no DISTINCT over a deal's history; each cohort
        // deal's amount, status and owner are one probe of ix_deals_funnel (0051), which covers them.
        var hours = db.IsPostgres
            ? "percentile_cont(0.5) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM (s.left_at - s.entered_at))::double precision / 3600.0)"
            : "(julianday(s.left_at) - julianday(s.entered_at)) * 24.0";
        var grouped = db.IsPostgres ? "GROUP BY s.stage" : "";
        var month = db.IsPostgres ? "to_char(d.expected_close_on, 'YYYY-MM')" : "substr(d.expected_close_on, 1, 7)";
        var none = db.IsPostgres ? "NULL::bigint" : "NULL";
        var noText = db.IsPostgres ? "NULL::text" : "NULL";
        var noId = db.IsPostgres ? "NULL::uuid" : "NULL";
        var noHours = db.IsPostgres ? "NULL::double precision" : "NULL";
        var ownerOfOpen = ownerId is null ? "" : "AND d.owner_id = @owner";
        var sql = $"""
            WITH stays AS MATERIALIZED (
              SELECT s.deal_id, s.stage, s.first_in_stage, s.entered_at, s.left_at
              FROM {db.DealStages} s
              WHERE s.pipeline_id = @pipeline AND s.pipeline_entered_at >= @from AND s.pipeline_entered_at < @to
            ),
            cohort AS MATERIALIZED (
              SELECT d.id, d.amount, d.status, d.won_amount, d.owner_id
              FROM (SELECT DISTINCT s.deal_id FROM stays s) x
              JOIN {db.Deals} d ON d.id = x.deal_id
              {owner}
            )
            SELECT 0, s.stage, {noText}, {noId}, COUNT(*), SUM(c.amount), {none}, {none}, {none}, {noHours}
            FROM stays s JOIN cohort c ON c.id = s.deal_id
            WHERE s.first_in_stage
            GROUP BY s.stage
            UNION ALL
            SELECT 1, s.stage, {noText}, {noId}, {none}, {none}, {none}, {none}, {none}, {hours}
            FROM stays s JOIN cohort c ON c.id = s.deal_id
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
            FROM (SELECT d.stage, {month} AS month, d.amount FROM {db.Deals} d WHERE d.pipeline_id = @pipeline AND d.status = 0 {ownerOfOpen}) d
            GROUP BY d.stage, d.month
            """;

        await using var connection = DatabaseConnections.Create(db.Options);
        await connection.OpenAsync(cancellationToken);
        await using var transaction = db.IsPostgres ? await connection.BeginTransactionAsync(cancellationToken) : null;
        if (transaction is not null)
        {
            // A quarter's estimate crosses jit_above_cost, and compiling took longer than the query (0.1-3.9 s, benchmarks/results/sales.md).
            await ModuleDb.ExecuteAsync(connection, transaction, "SET LOCAL jit = off", cancellationToken);
        }

        await using var command = ModuleDb.Command(connection, transaction, sql,
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
