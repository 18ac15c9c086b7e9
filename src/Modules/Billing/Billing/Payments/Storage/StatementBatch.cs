using System.Data.Common;
using OrleansCrm.BuildingBlocks.Persistence;

namespace OrleansCrm.Billing.Payments.Storage;

/// <summary>
/// Runs statements in order inside the caller's transaction: in one round trip on PostgreSQL (a batch, positional
/// parameters as the group commit sends them), one by one on SQLite (in process, no round trips to save). An import of
/// thousands of payments is a few dozen round trips, not tens of thousands.
/// </summary>
internal static class StatementBatch
{
    /// <summary>The rows each statement affected.</summary>
    public static async Task<int[]> ExecuteAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<SqlStatement> statements, CancellationToken cancellationToken)
    {
        var affected = new int[statements.Count];
        if (statements.Count == 0)
        {
            return affected;
        }

        if (connection.CanCreateBatch)
        {
            await using var batch = connection.CreateBatch();
            batch.Transaction = transaction;
            foreach (var statement in statements)
            {
                var command = batch.CreateBatchCommand();
                var sql = PositionalSql.Of(statement.Sql);
                for (var position = 0; position < sql.Names.Count; position++)
                {
                    var parameter = command.CreateParameter();
                    parameter.Value = sql.Value(statement, position) ?? DBNull.Value;
                    command.Parameters.Add(parameter);
                }

                command.CommandText = sql.Sql;
                batch.BatchCommands.Add(command);
            }

            await batch.ExecuteNonQueryAsync(cancellationToken);
            for (var i = 0; i < statements.Count; i++)
            {
                affected[i] = batch.BatchCommands[i].RecordsAffected;
            }

            return affected;
        }

        for (var i = 0; i < statements.Count; i++)
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = statements[i].Sql;
            foreach (var (name, value) in statements[i].Parameters)
            {
                command.AddParameter(name, value);
            }

            affected[i] = await command.ExecuteNonQueryAsync(cancellationToken);
        }

        return affected;
    }
}
