using System.Buffers;
using System.Data.Common;
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
/// The funnel's reads, two at once: the cohort (each deal that entered the pipeline in the span, with its figures and its
/// stays there: sales.deal_funnel, migration 0052, read by the day in sales.funnel_packs, 0057) and the open deals'
/// forecast by stage and month (<see cref="ForecastMonths"/>).
/// The stages reached, the medians and the owners' lines are counted here as the rows and packs arrive (<see cref="FunnelTally"/>),
/// the same on both databases.
/// </summary>
public sealed class FunnelReadings(SalesDb db, ForecastMonths forecast)
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
        // The two reads on their own connections at once.
        var open = forecast.ReadAsync(pipelineId, ownerId, cancellationToken);
        var cohort = CohortAsync(pipelineId, from, to, ownerId, cancellationToken);
        await Task.WhenAll(open, cohort);
        return (await cohort).Raw(await open);
    }

    /// <summary>
    /// The cohort: first its rows not packed (written since their day was packed, <see cref="FunnelPacker"/>), then the packs
    /// of the UTC days the span touches, leaving out the deals read as rows. In that order, a deal a packer marks packed
    /// meanwhile is in the pack read after; one written meanwhile is read either way, as it was or as it is.
    /// </summary>
    private async Task<FunnelTally> CohortAsync(Guid pipelineId, DateTimeOffset from, DateTimeOffset to, Guid? ownerId, CancellationToken cancellationToken)
    {
        await using var connection = DatabaseConnections.Create(db.Options);
        await connection.OpenAsync(cancellationToken);
        var tally = new FunnelTally();
        var fresh = new HashSet<Guid>();
        // Each row's stays are copied into one buffer as bytes (no string per row; the text is ASCII, FunnelStays).
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            // Every owner's: a deal whose owner changed is in its pack under the owner it had.
            await using (var command = ModuleDb.Command(connection, null, $"""
                SELECT f.deal_id, f.owner_id, f.amount, f.status, f.won_amount, {(db.IsPostgres ? "convert_to(f.stays, 'UTF8')" : "CAST(f.stays AS BLOB)")}
                FROM {db.DealFunnel} f
                WHERE f.pipeline_id = @pipeline AND f.packed = 0 AND f.entered_at >= @from AND f.entered_at < @to
                """, ("@pipeline", db.Id(pipelineId)), ("@from", db.Moment(from)), ("@to", db.Moment(to))))
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    fresh.Add(ModuleDb.ReadId(reader, 0));
                    var owner = ModuleDb.ReadId(reader, 1);
                    if (ownerId is null || owner == ownerId)
                    {
                        var stays = Bytes(reader, 5, ref buffer);
                        tally.Add(owner, PlanReadings.Long(reader, 2), Int(reader.GetValue(3)), reader.IsDBNull(4) ? null : PlanReadings.Long(reader, 4), stays);
                    }
                }
            }

            await using (var command = ModuleDb.Command(connection, null,
                $"SELECT data FROM {db.FunnelPacks} WHERE pipeline_id = @pipeline AND day >= @day AND day < @to",
                ("@pipeline", db.Id(pipelineId)), ("@day", db.Moment(new DateTimeOffset(from.UtcDateTime.Date, TimeSpan.Zero))), ("@to", db.Moment(to))))
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    FunnelPack.Tally(Bytes(reader, 0, ref buffer), tally, from.UtcTicks, to.UtcTicks, ownerId, fresh);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return tally;
    }

    /// <summary>The column's bytes in <paramref name="buffer"/>, which grows (from the pool) when they do not fit.</summary>
    private static ReadOnlySpan<byte> Bytes(DbDataReader reader, int ordinal, ref byte[] buffer)
    {
        var length = (int)reader.GetBytes(ordinal, 0, null, 0, 0);
        if (length > buffer.Length)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            buffer = ArrayPool<byte>.Shared.Rent(length);
        }

        reader.GetBytes(ordinal, 0, buffer, 0, length);
        return buffer.AsSpan(0, length);
    }

    private static int Int(object value) => Convert.ToInt32(value, CultureInfo.InvariantCulture);
}
