using System.Data.Common;

namespace OrleansCrm.BuildingBlocks.Persistence;

/// <summary>
/// A read-model write: statements (batched with others, the cheap form), or a function for rows that take several
/// statements (a client's phones, a specialist's skills), or both (<see cref="And"/>: a row with its audit entry).
/// Either way it runs inside a transaction the <see cref="GroupCommitWriter"/> commits, and it must be idempotent or
/// version-guarded, since a failed batch is retried.
/// </summary>
public sealed class RowWrite
{
    private RowWrite(IReadOnlyList<SqlStatement> statements, Func<DbConnection, DbTransaction, CancellationToken, Task>? run)
    {
        Statements = statements;
        Run = run;
    }

    /// <summary>Run in order, batched with the group's other statements; before <see cref="Run"/>.</summary>
    public IReadOnlyList<SqlStatement> Statements { get; }

    /// <summary>Runs in the writer's transaction after the statements; must neither commit nor roll back.</summary>
    public Func<DbConnection, DbTransaction, CancellationToken, Task>? Run { get; }

    public static RowWrite Of(SqlStatement statement) => new([statement], null);

    public static RowWrite Of(Func<DbConnection, DbTransaction, CancellationToken, Task> run) => new([], run);

    /// <summary>This write and one more statement, in the same transaction (the statement is batched, the function still runs last).</summary>
    public RowWrite And(SqlStatement statement) => new([.. Statements, statement], Run);

    public static implicit operator RowWrite(SqlStatement statement) => Of(statement);
}
