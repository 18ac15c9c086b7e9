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
/// <para>
/// A batch whose commit outcome is unknown (the connection broke while the database had it) is retried the same way;
/// a guarded write that then finds its row already moved asks its <c>applied</c> query whether the row holds exactly
/// what it wrote, and counts as written if so: a commit that happened is never reported as a conflict.
/// </para>
/// <para>
/// The queue is bounded and a write that waited past <see cref="MaxWait"/> is failed without running: callers give up
/// long before a stalled database comes back, and work they gave up on must not pile up and commit later.
/// </para>
/// </summary>
public sealed class GroupCommitWriter : IAsyncDisposable
{
    /// <summary>Enough to amortise a commit; small enough that one batch's statements stay a few milliseconds.</summary>
    private const int MaxBatch = 64;

    /// <summary>Parameter objects a writer keeps for its next batches, at most.</summary>
    private const int SpareParameters = 512;

    /// <summary>Writes waiting at most; past this a write fails at once as <see cref="DatabaseUnavailableException"/>.</summary>
    public const int MaxQueued = 20_000;

    /// <summary>
    /// How long a write may wait for its turn: well under the callers' own timeouts (Orleans' 30 s grain calls), so a
    /// caller hears of a stalled database instead of timing out on a change that may commit later.
    /// </summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(10);

    /// <summary>Each statement's <see cref="AffectingARow"/> form, made once per SQL string instance.</summary>
    private static readonly ConditionalWeakTable<string, string> Guarded = new();

    private readonly DatabaseOptions _database;
    private readonly ILogger<GroupCommitWriter> _logger;
    private readonly TimeProvider _time;
    private readonly TimeSpan _maxWait;
    private readonly Channel<Write> _queue = Channel.CreateBounded<Write>(new BoundedChannelOptions(MaxQueued) { SingleReader = false, FullMode = BoundedChannelFullMode.Wait });
    private readonly Task[] _writers;
    private long _batchesRetried;

    /// <param name="maxWait">How long a write may wait for its turn (<see cref="MaxWait"/> by default).</param>
    public GroupCommitWriter(DatabaseOptions database, ILogger<GroupCommitWriter> logger, TimeProvider? time = null, TimeSpan? maxWait = null)
    {
        _database = database;
        _time = time ?? TimeProvider.System;
        _maxWait = maxWait ?? MaxWait;
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
        WriteAsync(statement, null, null, cancellationToken);

    /// <summary>
    /// As <see cref="WriteAsync(SqlStatement, CancellationToken)"/>, and <paramref name="then"/> runs in the same
    /// transaction right after the group's statements, only if <paramref name="statement"/> affected a row: so a
    /// grain's state and its read model commit together (one commit to wait for), and a refused write projects nothing.
    /// Such a <paramref name="statement"/> is one INSERT, UPDATE or DELETE of at most one row, without RETURNING.
    /// <paramref name="applied"/>, for a guarded statement: a query whose first column is positive when the row holds
    /// exactly what the statement writes. It is asked only when a commit's outcome was unknown and the statement, run
    /// again, changed nothing; then the statement counts as having affected its row (and <paramref name="then"/>,
    /// committed with it, as done).
    /// </summary>
    public async Task<int> WriteAsync(SqlStatement statement, RowWrite? then, SqlStatement? applied = null, CancellationToken cancellationToken = default) =>
        (int)(await Enqueue(new Write(statement, then, applied, null, Completion(), _time.GetTimestamp()), cancellationToken))!;

    /// <summary>
    /// Runs <paramref name="write"/> inside a transaction this writer commits (the write must neither commit nor roll
    /// back), after the group's statements; completes once that transaction has committed. For writes that must read
    /// before they write; the same idempotency rule applies.
    /// </summary>
    public Task WriteAsync(Func<DbConnection, DbTransaction, CancellationToken, Task> write, CancellationToken cancellationToken = default) =>
        Enqueue(new Write(null, null, null, write, Completion(), _time.GetTimestamp()), cancellationToken);

    /// <summary>A read-model write on its own: a statement batched with the others, or a function after them.</summary>
    public Task WriteAsync(RowWrite row, CancellationToken cancellationToken = default) => row switch
    {
        { Statements.Count: 1, Run: null } => WriteAsync(row.Statements[0], cancellationToken),
        { Statements.Count: 0, Run: { } run } => WriteAsync(run, cancellationToken),
        _ => WriteAsync(async (connection, transaction, token) =>
        {
            await ExecuteAsync(connection, transaction, row.Statements, new Stack<DbParameter>());
            if (row.Run is { } run)
            {
                await run(connection, transaction, token);
            }
        }, cancellationToken),
    };

    /// <summary>
    /// Batches that failed as a whole and were written again write by write. Rare by design (a refused or failing write);
    /// a steady count means the fast path is broken, which no write would otherwise show.
    /// </summary>
    public long BatchesRetried => Interlocked.Read(ref _batchesRetried);

    private bool Expired(Write write)
    {
        if (_time.GetElapsedTime(write.QueuedAt) <= _maxWait)
        {
            return false;
        }

        write.Done.TrySetException(new DatabaseUnavailableException($"The database did not take the change within {_maxWait.TotalSeconds:0} s; nothing was written."));
        return true;
    }

    private static TaskCompletionSource<object?> Completion() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private Task<object?> Enqueue(Write item, CancellationToken cancellationToken)
    {
        if (!_queue.Writer.TryWrite(item))
        {
            // Full (a stalled database with callers still arriving) or disposed: fail now rather than queue without end.
            return Task.FromException<object?>(new DatabaseUnavailableException(
                $"The database is not keeping up: {MaxQueued} writes are waiting. Try again shortly."));
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

            // Writes whose callers have given up by now are failed unrun (see MaxWait).
            batch.RemoveAll(Expired);
            if (batch.Count == 0)
            {
                continue;
            }

            CrmMetrics.GroupCommitBatch(batch.Count);
            // A span per batch (nothing is allocated unless a tracer listens): its writes, and whether it was re-run.
            using var span = CrmMetrics.ActivitySource.StartActivity("group commit");
            span?.SetTag("crm.group_commit.writes", batch.Count);
            try
            {
                await CommitAsync(batch, optimistic: true, spare);
            }
            catch (Exception failure)
            {
                Interlocked.Increment(ref _batchesRetried);
                CrmMetrics.GroupCommitRerun();
                span?.SetTag("crm.group_commit.rerun", true);
                var unknown = CommitOutcome.IsUnknown(failure);
                if (unknown)
                {
                    _logger.LogWarning(failure, "A batch of {Count} writes may or may not have committed; checking each", batch.Count);
                }

                // One bad write, or one refused in the optimistic form, aborts the whole transaction: write each alone,
                // the careful way, so that it fails or is refused alone.
                foreach (var write in batch)
                {
                    if (Expired(write))
                    {
                        continue;
                    }

                    try
                    {
                        await CommitAsync([write], optimistic: false, spare, verify: unknown);
                    }
                    catch (Exception exception)
                    {
                        write.Done.TrySetException(CommitOutcome.IsUnknown(exception)
                            ? new CommitOutcomeUnknownException("The database connection broke while a change was being committed; it may or may not be stored.", exception)
                            : exception);
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
    /// <param name="verify">The batch before this one failed with an unknown outcome: ask a guarded write that changed nothing whether it is already in place.</param>
    private async Task CommitAsync(IReadOnlyList<Write> batch, bool optimistic, Stack<DbParameter> spare, bool verify = false)
    {
        await using var connection = await DatabaseConnections.OpenForWritingAsync(_database);
        var statements = batch.Where(w => w.Statement is not null).ToList();
        var runs = batch.Where(w => w.Run is not null).Select(w => w.Run!).ToList();
        int[] affected;
        if (optimistic && connection.CanCreateBatch)
        {
            var all = statements.Select(w => w.Then is null ? w.Statement! : AffectingARow(w.Statement!))
                .Concat(statements.Where(w => w.Then is not null).SelectMany(w => w.Then!.Statements)).ToList();
            // A follower function runs after the statements: the guard has made sure its statement affected a row.
            runs.AddRange(statements.Where(w => w.Then?.Run is not null).Select(w => w.Then!.Run!));
            await using var transaction = runs.Count == 0 ? null : await connection.BeginTransactionAsync();
            var counts = await ExecuteAsync(connection, transaction, all, spare);
            affected = [.. statements.Select((w, i) => w.Then is null ? counts[i] : 1)];
            await RunAndCommitAsync(runs, connection, transaction);
        }
        else
        {
            await using var transaction = await connection.BeginTransactionAsync();
            affected = await ExecuteAsync(connection, transaction, statements.Select(w => w.Statement!).ToList(), spare);
            var followed = statements.Where((w, i) => w.Then is not null && affected[i] > 0).Select(w => w.Then!).ToList();
            await ExecuteAsync(connection, transaction, followed.SelectMany(t => t.Statements).ToList(), spare);
            runs.InsertRange(0, followed.Where(t => t.Run is not null).Select(t => t.Run!));
            await RunAndCommitAsync(runs, connection, transaction);
        }

        for (var i = 0; i < statements.Count; i++)
        {
            if (verify && affected[i] == 0 && statements[i].Applied is { } applied && await IsAppliedAsync(connection, applied))
            {
                affected[i] = 1; // committed by the batch whose answer was lost, with its follower
            }

            statements[i].Done.TrySetResult(affected[i]);
        }

        foreach (var write in batch.Where(w => w.Run is not null))
        {
            write.Done.TrySetResult(null);
        }

        if (batch.Count > 1)
        {
            _logger.LogTrace("Committed {Count} writes in one transaction", batch.Count);
        }
    }

    private static async Task<bool> IsAppliedAsync(DbConnection connection, SqlStatement applied)
    {
        await using var command = connection.CreateCommand();
        foreach (var (name, value) in applied.Parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }

        command.CommandText = applied.Sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync() ?? 0L, System.Globalization.CultureInfo.InvariantCulture) > 0;
    }

    /// <summary>Runs the functions after the statements, then commits the transaction (if there is one).</summary>
    private static async Task RunAndCommitAsync(List<Func<DbConnection, DbTransaction, CancellationToken, Task>> runs, DbConnection connection, DbTransaction? transaction)
    {
        foreach (var run in runs)
        {
            await run(connection, transaction!, CancellationToken.None);
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
    /// A statement (batched) with what follows it if it affected a row and how to tell it is in place, or a function
    /// (run after the statements); who waits for it, and since when (<see cref="TimeProvider.GetTimestamp"/>).
    /// </summary>
    private sealed record Write(
        SqlStatement? Statement, RowWrite? Then, SqlStatement? Applied, Func<DbConnection, DbTransaction, CancellationToken, Task>? Run,
        TaskCompletionSource<object?> Done, long QueuedAt);
}
