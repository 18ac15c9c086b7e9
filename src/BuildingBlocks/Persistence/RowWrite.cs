using System.Data.Common;

namespace OrleansCrm.BuildingBlocks.Persistence;

/// <summary>
/// A read-model write: one statement (batched with others, the cheap form), or a function for rows that take several
/// statements (a client's phones, a specialist's skills). Either way it runs inside a transaction the
/// <see cref="GroupCommitWriter"/> commits, and it must be idempotent or version-guarded, since a failed batch is retried.
/// </summary>
public sealed class RowWrite
{
    private RowWrite(SqlStatement? statement, Func<DbConnection, DbTransaction, CancellationToken, Task>? run)
    {
        Statement = statement;
        Run = run;
    }

    public SqlStatement? Statement { get; }

    /// <summary>Runs in the writer's transaction; must neither commit nor roll back.</summary>
    public Func<DbConnection, DbTransaction, CancellationToken, Task>? Run { get; }

    public static RowWrite Of(SqlStatement statement) => new(statement, null);

    public static RowWrite Of(Func<DbConnection, DbTransaction, CancellationToken, Task> run) => new(null, run);

    public static implicit operator RowWrite(SqlStatement statement) => Of(statement);
}
