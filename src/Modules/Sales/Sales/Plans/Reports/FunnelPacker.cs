using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using OrleansCrm.BuildingBlocks.Jobs;
using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.Sales.Storage;

namespace OrleansCrm.Sales.Plans.Reports;

/// <summary>
/// Writes sales.funnel_packs (migration 0057): for each pipeline and UTC day that has funnel rows not packed, the day's
/// rows as one <see cref="FunnelPack"/>, and marks packed the rows it packed, each only if its version is still the one
/// packed. The funnel is right without it (it reads what is not packed row by row); it is only faster.
/// Two packers of one day queue on a lock (PostgreSQL's advisory lock; SQLite's one writer), so an older pack never
/// replaces a newer one. On PostgreSQL a row that a deal's write holds is skipped, not waited for: it stays not packed,
/// and the packer never waits on a writer that might wait on it.
/// </summary>
public sealed class FunnelPacker(SalesDb db, TimeProvider time, ILogger<FunnelPacker> logger)
{
    /// <summary>
    /// Packs every day that is over and has rows not packed; returns the days packed. Today is left to be read as rows:
    /// it changes all day, and packing it each minute would cost as much as reading it (its deals are few in a real
    /// company's day, and a day of a busy benchmark had 65,000).
    /// </summary>
    public async Task<int> PackAsync(CancellationToken cancellationToken)
    {
        var days = new SortedSet<(Guid Pipeline, DateTime Day)>();
        await using (var connection = DatabaseConnections.Create(db.Options))
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = ModuleDb.Command(connection, null, $"SELECT pipeline_id, entered_at FROM {db.DealFunnel} WHERE packed = 0 AND entered_at < @today",
                ("@today", db.Moment(new DateTimeOffset(time.GetUtcNow().UtcDateTime.Date, TimeSpan.Zero))));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                days.Add((ModuleDb.ReadId(reader, 0), ModuleDb.ReadMoment(reader, 1).UtcDateTime.Date));
            }
        }

        foreach (var (pipeline, day) in days)
        {
            await PackDayAsync(pipeline, new DateTimeOffset(day, TimeSpan.Zero), cancellationToken);
        }

        if (days.Count > 0)
        {
            logger.LogInformation("Packed the funnel of {Days} pipeline days", days.Count);
        }

        return days.Count;
    }

    /// <summary>Packs one pipeline's day (UTC, from midnight): all its funnel rows, whatever their mark.</summary>
    public async Task PackDayAsync(Guid pipelineId, DateTimeOffset day, CancellationToken cancellationToken)
    {
        (string, object?)[] span = [("@pipeline", db.Id(pipelineId)), ("@day", db.Moment(day)), ("@next", db.Moment(day.AddDays(1)))];
        await using var connection = await db.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (db.IsPostgres)
        {
            await ModuleDb.ExecuteAsync(connection, transaction, "SELECT pg_advisory_xact_lock(@key)", cancellationToken,
                ("@key", LockKey(pipelineId, day)));
        }

        var rows = new List<FunnelPack.Row>();
        var versions = new List<int>();
        await using (var command = ModuleDb.Command(connection, transaction, $"""
            SELECT deal_id, version, owner_id, entered_at, amount, status, won_amount, stays
            FROM {db.DealFunnel} WHERE pipeline_id = @pipeline AND entered_at >= @day AND entered_at < @next
            """, span))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                versions.Add(Convert.ToInt32(reader.GetValue(1), CultureInfo.InvariantCulture));
                rows.Add(new FunnelPack.Row(ModuleDb.ReadId(reader, 0), ModuleDb.ReadId(reader, 2), ModuleDb.ReadMoment(reader, 3),
                    PlanReadings.Long(reader, 4), Convert.ToInt32(reader.GetValue(5), CultureInfo.InvariantCulture),
                    reader.IsDBNull(6) ? null : PlanReadings.Long(reader, 6), Encoding.ASCII.GetBytes(reader.GetString(7))));
            }
        }

        await ModuleDb.ExecuteAsync(connection, transaction, $"""
            INSERT INTO {db.FunnelPacks} AS t (pipeline_id, day, deals, data) VALUES (@pipeline, @day, @deals, @data)
            ON CONFLICT (pipeline_id, day) DO UPDATE SET deals = excluded.deals, data = excluded.data
            """, cancellationToken, [.. span, ("@deals", rows.Count), ("@data", FunnelPack.Write(rows))]);
        await MarkPackedAsync(connection, transaction, span, rows, versions, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private async Task MarkPackedAsync(DbConnection connection, DbTransaction transaction, (string, object?)[] span, List<FunnelPack.Row> rows,
        List<int> versions, CancellationToken cancellationToken)
    {
        if (!db.IsPostgres)
        {
            // SQLite's transaction took the one write lock as it began: the rows are as read.
            await ModuleDb.ExecuteAsync(connection, transaction,
                $"UPDATE {db.DealFunnel} SET packed = 1 WHERE pipeline_id = @pipeline AND entered_at >= @day AND entered_at < @next AND packed = 0",
                cancellationToken, span);
            return;
        }

        await ModuleDb.ExecuteAsync(connection, transaction, $"""
            UPDATE {db.DealFunnel} t SET packed = 1
            FROM (
                SELECT f.deal_id FROM {db.DealFunnel} f
                JOIN unnest(@ids, @versions) AS v (deal_id, version) ON f.deal_id = v.deal_id AND f.version = v.version
                WHERE f.pipeline_id = @pipeline AND f.packed = 0
                FOR UPDATE OF f SKIP LOCKED
            ) s
            WHERE t.deal_id = s.deal_id AND t.pipeline_id = @pipeline
            """, cancellationToken, [.. span, ("@ids", rows.Select(r => r.DealId).ToArray()), ("@versions", versions.ToArray())]);
    }

    /// <summary>The same in every host (HashCode is not): the pipeline's id folded, and the day.</summary>
    private static long LockKey(Guid pipelineId, DateTimeOffset day)
    {
        Span<byte> id = stackalloc byte[16];
        pipelineId.TryWriteBytes(id);
        return BitConverter.ToInt64(id[..8]) ^ BitConverter.ToInt64(id[8..]) ^ (day.UtcTicks / TimeSpan.TicksPerDay * unchecked((long)0x9E3779B97F4A7C15));
    }
}

/// <summary>
/// Each minute, and at start (a migration leaves every row to pack): packs the funnel's days and folds the forecast's
/// changes. The funnel is right without it; it reads less with it.
/// </summary>
internal sealed class FunnelUpkeepJob(FunnelPacker packer, ForecastMonths forecast) : IRecurringJob
{
    public string Id => "sales.funnel-upkeep";

    public string Cron => "* * * * *";

    public bool RunAtStart => true;

    public async Task RunAsync(JobPeriod period, CancellationToken cancellationToken)
    {
        await forecast.FoldAsync(cancellationToken);
        await packer.PackAsync(cancellationToken);
    }
}
