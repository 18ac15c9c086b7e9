using System.Data.Common;
using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.ServiceDesk.Contracts;
using OrleansCrm.ServiceDesk.Tickets;

namespace OrleansCrm.ServiceDesk.ReadModel;

/// <summary>Upserts a ticket's version into the tickets table; an older or equal version changes nothing.</summary>
public sealed class TicketProjection(DatabaseOptions database, GroupCommitWriter writer)
{
    private readonly string _table = ServiceDeskDbContext.Tables(database.Provider).Sql("tickets");

    /// <summary>Completes once the row is committed, in a transaction shared with other projections (<see cref="GroupCommitWriter"/>).</summary>
    public Task ProjectAsync(TicketDetails ticket, CancellationToken cancellationToken) =>
        writer.WriteAsync((connection, transaction, token) => WriteAsync(connection, transaction, ticket, token), cancellationToken);

    private async Task WriteAsync(DbConnection connection, DbTransaction transaction, TicketDetails ticket, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"""
            INSERT INTO {_table} AS t (id, version, queue, client_id, subject, priority, weight, status, required_skill, min_level,
                assignee_id, created_at, assigned_at, due_at, redirect_count, decline_count, billable, unbilled_work, over_capacity, changed_at, warning_at, resolved_at)
            VALUES (@id, @version, @queue, @client_id, @subject, @priority, @weight, @status, @required_skill, @min_level,
                @assignee_id, @created_at, @assigned_at, @due_at, @redirect_count, @decline_count, @billable, @unbilled_work, @over_capacity, @changed_at, @warning_at, @resolved_at)
            ON CONFLICT (id) DO UPDATE SET
                version = excluded.version, subject = excluded.subject, priority = excluded.priority, weight = excluded.weight,
                status = excluded.status, assignee_id = excluded.assignee_id, assigned_at = excluded.assigned_at, due_at = excluded.due_at,
                redirect_count = excluded.redirect_count, decline_count = excluded.decline_count, unbilled_work = excluded.unbilled_work,
                over_capacity = excluded.over_capacity, changed_at = excluded.changed_at,
                warning_at = excluded.warning_at, resolved_at = excluded.resolved_at
            WHERE t.version < excluded.version
            """;
        var assignedAt = ticket.History.LastOrDefault(h => h.Kind is TicketHistoryKind.Assigned or TicketHistoryKind.Redirected && h.ToSpecialistId == ticket.AssigneeId)?.At;
        command.AddParameter("@id", database.DbId(ticket.Id));
        command.AddParameter("@version", ticket.Version);
        command.AddParameter("@queue", ticket.Queue);
        command.AddParameter("@client_id", database.DbId(ticket.ClientId));
        command.AddParameter("@subject", ticket.Subject);
        command.AddParameter("@priority", ticket.Priority.ToString());
        command.AddParameter("@weight", TicketRules.Weight(ticket.Priority));
        command.AddParameter("@status", ticket.Status.ToString());
        command.AddParameter("@required_skill", ticket.RequiredSkill);
        command.AddParameter("@min_level", ticket.MinLevel);
        command.AddParameter("@assignee_id", ticket.AssigneeId is { } assignee ? database.DbId(assignee) : null);
        command.AddParameter("@created_at", ticket.CreatedAt.ToUnixTimeMilliseconds());
        command.AddParameter("@assigned_at", ticket.AssigneeId is null ? null : assignedAt?.ToUnixTimeMilliseconds());
        command.AddParameter("@due_at", ticket.DueAt.ToUnixTimeMilliseconds());
        command.AddParameter("@redirect_count", ticket.RedirectCount);
        command.AddParameter("@decline_count", ticket.DeclineCount);
        command.AddParameter("@billable", ticket.Billable);
        command.AddParameter("@unbilled_work", ticket.UnbilledWork);
        command.AddParameter("@over_capacity", ticket.OverCapacity);
        command.AddParameter("@changed_at", (ticket.History.Count > 0 ? ticket.History[^1].At : ticket.CreatedAt).ToUnixTimeMilliseconds());
        command.AddParameter("@warning_at", ticket.WarningAt.ToUnixTimeMilliseconds());
        command.AddParameter("@resolved_at", ticket.ResolvedAt?.ToUnixTimeMilliseconds());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
