using System.Globalization;
using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.Sales.Storage;

namespace OrleansCrm.Sales.Plans.Reports;

/// <summary>
/// The funnel's forecast from sales.forecast_months and the changes not folded into it yet (migration 0058: a trigger on
/// sales.deals writes each change of an open deal's count and amount by pipeline, owner, stage and expected close month).
/// </summary>
public sealed class ForecastMonths(SalesDb db)
{
    /// <summary>The pipeline's open deals now (one owner's if given) by stage and expected close month (null for none).</summary>
    public async Task<List<(string Stage, string? Month, int Deals, decimal Amount)>> ReadAsync(Guid pipelineId, Guid? ownerId, CancellationToken cancellationToken)
    {
        // One statement, so one snapshot: a fold that commits meanwhile is seen wholly or not at all.
        var owner = ownerId is null ? "" : "AND owner_id = @owner";
        var sql = $"""
            SELECT stage, close_month, SUM(deals), SUM(amount) FROM (
                SELECT stage, close_month, deals, amount FROM {db.ForecastMonths} WHERE pipeline_id = @pipeline {owner}
                UNION ALL
                SELECT stage, close_month, deals, amount FROM {db.ForecastChanges} WHERE pipeline_id = @pipeline {owner}
            ) f
            GROUP BY stage, close_month
            HAVING SUM(deals) <> 0
            """;
        await using var connection = DatabaseConnections.Create(db.Options);
        await connection.OpenAsync(cancellationToken);
        await using var command = ModuleDb.Command(connection, null, sql, ("@pipeline", db.Id(pipelineId)), ("@owner", db.Id(ownerId)));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var months = new List<(string, string?, int, decimal)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var month = reader.GetString(1);
            months.Add((reader.GetString(0), month.Length == 0 ? null : month, Convert.ToInt32(reader.GetValue(2), CultureInfo.InvariantCulture),
                ModuleDb.Hryvnias(PlanReadings.Long(reader, 3))));
        }

        return months;
    }

    /// <summary>Folds the changes written so far into the months (in the background: the funnel's upkeep job); returns how many.</summary>
    public async Task<int> FoldAsync(CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        int folded;
        if (db.IsPostgres)
        {
            // The rows it deletes are the rows it adds: a change committed meanwhile stays for the next fold.
            await using var command = ModuleDb.Command(connection, transaction, $"""
                WITH moved AS (DELETE FROM {db.ForecastChanges} RETURNING *), added AS ({Upsert("moved")})
                SELECT COUNT(*) FROM moved
                """);
            folded = Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
        }
        else
        {
            // SQLite's transaction took the one write lock as it began: nothing is added between the two statements.
            await ModuleDb.ExecuteAsync(connection, transaction, Upsert(db.ForecastChanges), cancellationToken);
            folded = await ModuleDb.ExecuteAsync(connection, transaction, $"DELETE FROM {db.ForecastChanges}", cancellationToken);
        }

        await ModuleDb.ExecuteAsync(connection, transaction, $"DELETE FROM {db.ForecastMonths} WHERE deals = 0 AND amount = 0", cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return folded;
    }

    /// <summary>Adds the changes in <paramref name="source"/> to the months (WHERE: SQLite's upsert after a SELECT needs one).</summary>
    private string Upsert(string source) => $"""
        INSERT INTO {db.ForecastMonths} AS t (pipeline_id, owner_id, stage, close_month, deals, amount)
        SELECT pipeline_id, owner_id, stage, close_month, SUM(deals), SUM(amount) FROM {source} WHERE 1 = 1
        GROUP BY pipeline_id, owner_id, stage, close_month
        ON CONFLICT (pipeline_id, owner_id, stage, close_month) DO UPDATE SET deals = t.deals + excluded.deals, amount = t.amount + excluded.amount
        """;
}
