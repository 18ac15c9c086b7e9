using System.Data.Common;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

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

    private readonly DatabaseOptions _database;
    private readonly ILogger<GroupCommitWriter> _logger;
    private readonly Channel<Write> _queue = Channel.CreateUnbounded<Write>(new UnboundedChannelOptions { SingleReader = false });
    private readonly Task[] _writers;

    public GroupCommitWriter(DatabaseOptions database, ILogger<GroupCommitWriter> logger)
    {
        _database = database;
        _logger = logger;
        // SQLite has one writer per database whatever we do; PostgreSQL commits several transactions side by side.
        var writers = database.Provider == DatabaseProvider.PostgreSql ? 4 : 1;
        _writers = [.. Enumerable.Range(0, writers).Select(_ => Task.Run(WriteBatchesAsync))];
    }

    /// <summary>
    /// Runs <paramref name="write"/> inside a transaction this writer commits (the write must neither commit nor roll
    /// back); completes once that transaction has committed. Writes must be idempotent (version-guarded upserts), since
    /// a failed batch is retried write by write.
    /// </summary>
    public Task WriteAsync(Func<DbConnection, DbTransaction, CancellationToken, Task> write, CancellationToken cancellationToken = default)
    {
        var item = new Write(write, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
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

            try
            {
                await CommitAsync(batch);
                batch.ForEach(w => w.Done.TrySetResult());
            }
            catch (Exception) when (batch.Count > 1)
            {
                // One bad write aborts the whole transaction: find it by writing each alone.
                foreach (var write in batch)
                {
                    try
                    {
                        await CommitAsync([write]);
                        write.Done.TrySetResult();
                    }
                    catch (Exception exception)
                    {
                        write.Done.TrySetException(exception);
                    }
                }
            }
            catch (Exception exception)
            {
                batch[0].Done.TrySetException(exception);
            }

            batch.Clear();
        }
    }

    private async Task CommitAsync(IReadOnlyList<Write> batch)
    {
        await using var connection = DatabaseConnections.Create(_database);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        foreach (var write in batch)
        {
            await write.Run(connection, transaction, CancellationToken.None);
        }

        await transaction.CommitAsync();
        if (batch.Count > 1)
        {
            _logger.LogTrace("Committed {Count} writes in one transaction", batch.Count);
        }
    }

    private sealed record Write(Func<DbConnection, DbTransaction, CancellationToken, Task> Run, TaskCompletionSource Done);
}
