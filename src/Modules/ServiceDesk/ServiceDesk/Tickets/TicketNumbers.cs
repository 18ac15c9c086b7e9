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
    private readonly string _next = database.Provider == DatabaseProvider.PostgreSql
        ? "SELECT nextval('servicedesk.ticket_numbers')"
        : "UPDATE servicedesk_ticket_numbers SET last = last + 1 WHERE id = 1 RETURNING last";

    /// <summary>The next number, committed before it is returned (so two hosts can never both hold it).</summary>
    public async Task<long> NextAsync(CancellationToken cancellationToken = default)
    {
        if (database.Provider == DatabaseProvider.PostgreSql)
        {
            // A sequence is outside transactions: one plain round trip on a pooled connection, not a turn of the group
            // commit (whose batching window would add its wait to every open, before the ticket's own write).
            await using var connection = DatabaseConnections.Create(database);
            await connection.OpenAsync(cancellationToken);
            return await NextAsync(connection, null, cancellationToken);
        }

        long number = 0;
        // In the group commit's transaction: SQLite has one writer, and the counter row must not wait behind it. A batch
        // retried write by write runs this again; the value of the run that committed is the one returned.
        await writer.WriteAsync(async (connection, transaction, token) => number = await NextAsync(connection, transaction, token), cancellationToken);
        return number;
    }

    private async Task<long> NextAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = _next;
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The number the tickets table holds for a ticket (given by migration 0004 to tickets older than numbers).</summary>
    public async Task<long?> StoredAsync(Guid ticketId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Tickets.AsNoTracking().Where(t => t.Id == ticketId).Select(t => t.Number).FirstOrDefaultAsync(cancellationToken);
    }
}
