using Microsoft.EntityFrameworkCore;
using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.ServiceDesk.ReadModel;

namespace OrleansCrm.ServiceDesk.Tickets;

/// <summary>
/// Hands out ticket numbers from the database: PostgreSQL's sequence <c>servicedesk.ticket_numbers</c>, SQLite's counter
/// row <c>servicedesk_ticket_numbers</c> (migration 0004). Each number is given once, whichever host asks and however
/// often, and the tickets table's unique index on <c>number</c> stands behind it. A number given to an open that then
/// failed is not given again (a gap), and a retried open with the same idempotency key is the same ticket, so it keeps
/// its first number.
/// </summary>
public sealed class TicketNumbers(DatabaseOptions database, GroupCommitWriter writer, IDbContextFactory<ServiceDeskDbContext> contexts)
{
    /// <summary>
    /// Numbers are drawn from the database this many at a time and handed out here in order: one round trip per block
    /// instead of one per ticket (it was the largest statement of an open). Unique still, since every block comes from
    /// the database; a host that stops leaves the rest of its block unused, a gap like any failed open's.
    /// </summary>
    internal const int Block = 64;

    private readonly Queue<long> _drawn = new();
    private readonly SemaphoreSlim _drawing = new(1, 1);

    private readonly string _draw = database.Provider == DatabaseProvider.PostgreSql
        ? $"SELECT nextval('servicedesk.ticket_numbers') FROM generate_series(1, {Block})"
        : $"UPDATE servicedesk_ticket_numbers SET last = last + {Block} WHERE id = 1 RETURNING last";

    /// <summary>The next number, drawn from a block the database has already given this host (so no other host holds it).</summary>
    public async Task<long> NextAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            lock (_drawn)
            {
                if (_drawn.TryDequeue(out var number))
                {
                    return number;
                }
            }

            await _drawing.WaitAsync(cancellationToken);
            try
            {
                bool empty;
                lock (_drawn)
                {
                    empty = _drawn.Count == 0; // else another caller drew while this one waited
                }

                if (empty)
                {
                    var block = await DrawAsync(cancellationToken);
                    lock (_drawn)
                    {
                        foreach (var number in block)
                        {
                            _drawn.Enqueue(number);
                        }
                    }
                }
            }
            finally
            {
                _drawing.Release();
            }
        }
    }

    private async Task<IReadOnlyList<long>> DrawAsync(CancellationToken cancellationToken)
    {
        if (database.Provider == DatabaseProvider.PostgreSql)
        {
            // A sequence is outside transactions: one plain round trip on a pooled connection, not a turn of the group
            // commit (whose batching window would add its wait to the open). Another host's draw may interleave with this
            // one, so the values are taken as they come, in order.
            await using var connection = DatabaseConnections.Create(database);
            await connection.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = _draw;
            var numbers = new List<long>(Block);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                numbers.Add(reader.GetInt64(0));
            }

            numbers.Sort();
            return numbers;
        }

        long last = 0;
        // In the group commit's transaction: SQLite has one writer, and the counter row must not wait behind it. A batch
        // retried write by write runs this again; the value of the run that committed is the one used.
        await writer.WriteAsync(async (connection, transaction, token) => last = await DrawLastAsync(connection, transaction, token), cancellationToken);
        return Enumerable.Range(0, Block).Select(i => last - Block + 1 + i).ToList();
    }

    private async Task<long> DrawLastAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = _draw;
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The number the tickets table holds for a ticket (given by migration 0004 to tickets older than numbers).</summary>
    public async Task<long?> StoredAsync(Guid ticketId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Tickets.AsNoTracking().Where(t => t.Id == ticketId).Select(t => t.Number).FirstOrDefaultAsync(cancellationToken);
    }
}
