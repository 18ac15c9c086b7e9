using System.Data.Common;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using OrleansCrm.BuildingBlocks.Observability;

namespace OrleansCrm.BuildingBlocks.Persistence;

/// <summary>
/// Group commit for the product's writes: grain state and read-model projections. Callers await their write as if it
/// were alone, but writes that arrive while a commit is under way share the next transaction, so under load many rows
/// cost one commit (the database's fsync and per-transaction work are what limit a commit rate, not the statements).
/// When idle, a write is committed at once, alone.
/// A failing write never takes the others down: a batch that fails is retried one write per transaction.
/// </summary>
public sealed class GroupCommitWriter : IAsyncDisposable
{
    /// <summary>Enough to amortise a commit; small enough that one batch's statements stay a few milliseconds.</summary>
    private const int MaxBatch = 64;

    /// <summary>Parameter objects a writer keeps for its next batches, at most.</summary>
    private const int SpareParameters = 512;

    /// <summary>Each statement's <see cref="AffectingARow"/> form, made once per SQL string instance.</summary>
    private static readonly ConditionalWeakTable<string, string> Guarded = new();

    private readonly DatabaseOptions _database;
    private readonly ILogger<GroupCommitWriter> _logger;
    private readonly Channel<Write> _queue = Channel.CreateUnbounded<Write>(new UnboundedChannelOptions { SingleReader = false });
    private readonly Task[] _writers;
    private long _batchesRetried;

    public GroupCommitWriter(DatabaseOptions database, ILogger<GroupCommitWriter> logger)
    {
        _database = database;
        _logger = logger;
        // SQLite has one writer per database whatever we do; PostgreSQL commits several transactions side by side.
        var writers = database.Provider == DatabaseProvider.PostgreSql ? 4 : 1;
        _writers = [.. Enumerable.Range(0, writers).Select(_ => Task.Run(WriteBatchesAsync))];
    }

    /// <summary>
    /// Runs <paramref name="statement"/> inside a transaction this writer commits, in one batch with the statements of
    /// the writes it is grouped with; completes once that transaction has committed, with the rows the statement
    /// affected. Statements must be idempotent or version-guarded, since a failed batch is retried write by write.
    /// </summary>
    public Task<int> WriteAsync(SqlStatement statement, CancellationToken cancellationToken = default) =>
        WriteAsync(statement, null, cancellationToken);

    /// <summary>
    /// As <see cref="WriteAsync(SqlStatement, CancellationToken)"/>, and <paramref name="then"/> runs in the same
    /// transaction right after the group's statements, only if <paramref name="statement"/> affected a row: so a
    /// grain's state and its read model commit together (one commit to wait for), and a refused write projects nothing.
    /// Such a <paramref name="statement"/> is one INSERT, UPDATE or DELETE of at most one row, without RETURNING.
    /// </summary>
    public async Task<int> WriteAsync(SqlStatement statement, SqlStatement? then, CancellationToken cancellationToken = default) =>
        (int)(await Enqueue(new Write(statement, then, null, Completion()), cancellationToken))!;

    /// <summary>
    /// Runs <paramref name="write"/> inside a transaction this writer commits (the write must neither commit nor roll
    /// back), after the group's statements; completes once that transaction has committed. For writes that must read
    /// before they write; the same idempotency rule applies.
    /// </summary>
    public Task WriteAsync(Func<DbConnection, DbTransaction, CancellationToken, Task> write, CancellationToken cancellationToken = default) =>
        Enqueue(new Write(null, null, write, Completion()), cancellationToken);

    /// <summary>
    /// Batches that failed as a whole and were written again write by write. Rare by design (a refused or failing write);
    /// a steady count means the fast path is broken, which no write would otherwise show.
    /// </summary>
    public long BatchesRetried => Interlocked.Read(ref _batchesRetried);

    private static TaskCompletionSource<object?> Completion() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private Task<object?> Enqueue(Write item, CancellationToken cancellationToken)
    {
        if (!_queue.Writer.TryWrite(item))
        {
            throw new ObjectDisposedException(nameof(GroupCommitWriter));
        }

        return item.Done.Task.WaitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await Task.WhenAll(_writers);
    }

    private async Task WriteBatchesAsync()
    {
        var batch = new List<Write>(MaxBatch);
        // Each writer reuses the parameter objects of its own batches (one batch at a time, so no lock): on PostgreSQL
        // a ticket's writes take dozens of them, which were a tenth of everything the host allocated per ticket.
        var spare = new Stack<DbParameter>(SpareParameters);
        while (await _queue.Reader.WaitToReadAsync())
        {
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var item))
            {
                batch.Add(item);
            }

            if (batch.Count == 0)
            {
                continue;
            }

            CrmMetrics.GroupCommitBatch(batch.Count);
            try
            {
                await CommitAsync(batch, optimistic: true, spare);
            }
            catch (Exception)
            {
                Interlocked.Increment(ref _batchesRetried);
                CrmMetrics.GroupCommitRerun();
                // One bad write, or one refused in the optimistic form, aborts the whole transaction: write each alone,
                // the careful way, so that it fails or is refused alone.
                foreach (var write in batch)
                {
                    try
                    {
                        await CommitAsync([write], optimistic: false, spare);
                    }
                    catch (Exception exception)
                    {
                        write.Done.TrySetException(exception);
                    }
                }
            }

            batch.Clear();
        }
    }

    /// <summary>Commits the writes in one transaction, then completes them (statements with their affected rows).</summary>
    /// <param name="optimistic">
    /// Where the database has batches (PostgreSQL, where each round trip costs both processes system calls), send the
    /// statements and their followers together, each statement that has a follower in a form that fails unless it
    /// affects a row (<see cref="AffectingARow"/>): a refused write then aborts the batch, which is written again the
    /// careful way. Without functions to run that is one round trip, the batch being its own implicit transaction.
    /// The careful way: statements, then the followers of those that affected a row, then the functions, then the commit.
    /// </param>
    /// <param name="spare">Parameter objects to reuse, and where those of the statements go once they ran.</param>
    private async Task CommitAsync(IReadOnlyList<Write> batch, bool optimistic, Stack<DbParameter> spare)
    {
        await using var connection = DatabaseConnections.Create(_database);
        await connection.OpenAsync();
        var statements = batch.Where(w => w.Statement is not null).ToList();
        var runs = batch.Where(w => w.Run is not null).ToList();
        int[] affected;
        if (optimistic && connection.CanCreateBatch)
        {
            var all = statements.Select(w => w.Then is null ? w.Statement! : AffectingARow(w.Statement!))
                .Concat(statements.Where(w => w.Then is not null).Select(w => w.Then!)).ToList();
            await using var transaction = runs.Count == 0 ? null : await connection.BeginTransactionAsync();
            var counts = await ExecuteAsync(connection, transaction, all, spare);
            affected = [.. statements.Select((w, i) => w.Then is null ? counts[i] : 1)];
            await RunAndCommitAsync(runs, connection, transaction);
        }
        else
        {
            await using var transaction = await connection.BeginTransactionAsync();
            affected = await ExecuteAsync(connection, transaction, statements.Select(w => w.Statement!).ToList(), spare);
            var followers = statements.Where((w, i) => w.Then is not null && affected[i] > 0).Select(w => w.Then!).ToList();
            await ExecuteAsync(connection, transaction, followers, spare);
            await RunAndCommitAsync(runs, connection, transaction);
        }

        for (var i = 0; i < statements.Count; i++)
        {
            statements[i].Done.TrySetResult(affected[i]);
        }

        foreach (var write in runs)
        {
            write.Done.TrySetResult(null);
        }

        if (batch.Count > 1)
        {
            _logger.LogTrace("Committed {Count} writes in one transaction", batch.Count);
        }
    }

    /// <summary>Runs the functions after the statements, then commits the transaction (if there is one).</summary>
    private static async Task RunAndCommitAsync(List<Write> runs, DbConnection connection, DbTransaction? transaction)
    {
        foreach (var write in runs)
        {
            await write.Run!(connection, transaction!, CancellationToken.None);
        }

        if (transaction is not null)
        {
            await transaction.CommitAsync();
        }
    }

    /// <summary>
    /// PostgreSQL: the statement (one INSERT, UPDATE or DELETE) made to fail when it affects no row, by dividing by the
    /// rows it returns; <c>count(*)</c> is not a constant, so the division happens at run time, never at planning.
    /// </summary>
    private static SqlStatement AffectingARow(SqlStatement statement) => statement.WithSql(Guarded.GetValue(
        statement.Sql, sql => $"WITH affected AS ({sql.TrimEnd().TrimEnd(';')} RETURNING 1) SELECT 1 / count(*)::int FROM affected"));

    /// <summary>
    /// The statements in order, in one batch where the database has batches; the rows each affected. Without a
    /// transaction the batch is its own (PostgreSQL runs a batch's statements in one implicit transaction).
    /// </summary>
    private static async Task<int[]> ExecuteAsync(DbConnection connection, DbTransaction? transaction, IReadOnlyList<SqlStatement> statements, Stack<DbParameter> spare)
    {
        var affected = new int[statements.Count];
        if (statements.Count > 1 && connection.CanCreateBatch)
        {
            await using var dbBatch = connection.CreateBatch();
            dbBatch.Transaction = transaction;
            foreach (var statement in statements)
            {
                var command = dbBatch.CreateBatchCommand();
                command.CommandText = Fill(command.Parameters, command.CreateParameter, statement, positional: true, spare);
                dbBatch.BatchCommands.Add(command);
            }

            await dbBatch.ExecuteNonQueryAsync();
            for (var i = 0; i < statements.Count; i++)
            {
                affected[i] = dbBatch.BatchCommands[i].RecordsAffected;
                Recycle(dbBatch.BatchCommands[i].Parameters, spare);
            }
        }
        else
        {
            // SQLite runs in process and has no batches: statement by statement costs no round trips.
            for (var i = 0; i < statements.Count; i++)
            {
                await using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = Fill(command.Parameters, command.CreateParameter, statements[i], positional: connection.CanCreateBatch, spare);
                affected[i] = await command.ExecuteNonQueryAsync();
                Recycle(command.Parameters, spare);
            }
        }

        return affected;
    }

    /// <summary>
    /// Adds the statement's parameters and returns the SQL text to run: named for SQLite, positional for PostgreSQL
    /// (<paramref name="positional"/>, where batches exist), which Npgsql sends without parsing it.
    /// </summary>
    /// <remarks>Positional parameters only come from <paramref name="spare"/>: they carry no name to reset.</remarks>
    private static string Fill(DbParameterCollection parameters, Func<DbParameter> create, SqlStatement statement, bool positional, Stack<DbParameter> spare)
    {
        if (positional)
        {
            var sql = PositionalSql.Of(statement.Sql);
            for (var position = 0; position < sql.Names.Count; position++)
            {
                var parameter = spare.TryPop(out var reused) ? reused : create();
                parameter.Value = sql.Value(statement, position);
                parameters.Add(parameter);
            }

            return sql.Sql;
        }

        foreach (var (name, value) in statement.Parameters)
        {
            var parameter = create();
            parameter.ParameterName = name;
            parameter.Value = value;
            parameters.Add(parameter);
        }

        return statement.Sql;
    }

    /// <summary>
    /// A statement's positional parameters, once it ran, for the next batch: values dropped (so the pool holds no row's
    /// data alive), then detached from the command, which is what lets another command take them. Named ones (SQLite) go.
    /// </summary>
    private static void Recycle(DbParameterCollection parameters, Stack<DbParameter> spare)
    {
        var count = parameters.Count;
        for (var i = 0; i < count && spare.Count < SpareParameters; i++)
        {
            var parameter = parameters[i];
            if (string.IsNullOrEmpty(parameter.ParameterName))
            {
                // Back to a new parameter's state: one that kept the type of its last value would send a later NULL
                // with that type (text into a timestamptz column fails), where a new one lets the database infer it.
                parameter.ResetDbType();
                parameter.Value = null;
                spare.Push(parameter);
            }
        }

        parameters.Clear();
    }

    /// <summary>
    /// A statement (batched) with what follows it if it affected a row, or a function (run after the statements), and
    /// who waits for it.
    /// </summary>
    private sealed record Write(
        SqlStatement? Statement, SqlStatement? Then, Func<DbConnection, DbTransaction, CancellationToken, Task>? Run, TaskCompletionSource<object?> Done);
}
