using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.ServiceDesk.Contracts;
using OrleansCrm.ServiceDesk.Tickets;

namespace OrleansCrm.ServiceDesk.ReadModel;

/// <summary>
/// Upserts a ticket's version into the tickets table; an older or equal version changes nothing. A row's number, once
/// set, is never changed by an upsert.
/// </summary>
public sealed class TicketProjection(DatabaseOptions database)
{
    /// <summary>Built once: the group commit converts each SQL string instance once (<see cref="PositionalSql"/>).</summary>
    private readonly string _upsert = UpsertSql(ServiceDeskDbContext.Tables(database.Provider).Sql("tickets"));

    private readonly string _timeEntry = $"""
        INSERT INTO {ServiceDeskDbContext.Tables(database.Provider).Sql("time_entries")} (ticket_id, sequence, client_id, logged_at, minutes, billable)
        VALUES (@ticket_id, @sequence, @client_id, @logged_at, @minutes, @billable)
        ON CONFLICT (ticket_id, sequence) DO NOTHING
        """;

    /// <summary>
    /// The ticket's row and its time entries (each once, by the history sequence), in the transaction of its state. Every
    /// entry is written each time (a repeat does nothing), so a ticket stored before the time-entries table fills it with
    /// its next change; most tickets have none or a few, and tickets without any add no statement.
    /// </summary>
    public RowWrite Write(TicketDetails ticket)
    {
        RowWrite write = Upsert(ticket);
        foreach (var entry in ticket.History)
        {
            if (entry is { Kind: TicketHistoryKind.TimeLogged, Minutes: { } minutes })
            {
                write = write.And(new SqlStatement(_timeEntry)
                    .Add("@ticket_id", database.DbId(ticket.Id))
                    .Add("@sequence", entry.Sequence)
                    .Add("@client_id", database.DbId(ticket.ClientId))
                    .Add("@logged_at", entry.At.ToUnixTimeMilliseconds())
                    .Add("@minutes", minutes)
                    .Add("@billable", ticket.Billable));
            }
        }

        return write;
    }

    /// <summary>The statement that brings the tables to this version of the ticket (and leaves a newer one alone).</summary>
    public SqlStatement Upsert(TicketDetails ticket)
    {
        var assignedAt = ticket.History.LastOrDefault(h => h.Kind is TicketHistoryKind.Assigned or TicketHistoryKind.Redirected && h.ToSpecialistId == ticket.AssigneeId)?.At;
        return new SqlStatement(_upsert)
            .Add("@id", database.DbId(ticket.Id))
            .Add("@number", ticket.Number > 0 ? ticket.Number : null)
            .Add("@version", ticket.Version)
            .Add("@queue", ticket.Queue)
            .Add("@client_id", database.DbId(ticket.ClientId))
            .Add("@subject", ticket.Subject)
            .Add("@search_subject", ticket.Subject.ToLowerInvariant())
            .Add("@priority", ticket.Priority.ToString())
            .Add("@weight", TicketRules.Weight(ticket.Priority))
            .Add("@status", ticket.Status.ToString())
            .Add("@required_skill", ticket.RequiredSkill)
            .Add("@min_level", ticket.MinLevel)
            .Add("@assignee_id", ticket.AssigneeId is { } assignee ? database.DbId(assignee) : null)
            .Add("@created_at", ticket.CreatedAt.ToUnixTimeMilliseconds())
            .Add("@assigned_at", ticket.AssigneeId is null ? null : assignedAt?.ToUnixTimeMilliseconds())
            .Add("@due_at", ticket.DueAt.ToUnixTimeMilliseconds())
            .Add("@redirect_count", ticket.RedirectCount)
            .Add("@decline_count", ticket.DeclineCount)
            .Add("@billable", ticket.Billable)
            .Add("@unbilled_work", ticket.UnbilledWork)
            .Add("@over_capacity", ticket.OverCapacity)
            .Add("@changed_at", (ticket.History.Count > 0 ? ticket.History[^1].At : ticket.CreatedAt).ToUnixTimeMilliseconds())
            .Add("@warning_at", ticket.WarningAt.ToUnixTimeMilliseconds())
            .Add("@resolved_at", ticket.ResolvedAt?.ToUnixTimeMilliseconds())
            .Add("@minutes_logged", ticket.MinutesLogged);
    }

    private static string UpsertSql(string table) => $"""
            INSERT INTO {table} AS t (id, number, version, queue, client_id, subject, search_subject, priority, weight, status, required_skill, min_level,
                assignee_id, created_at, assigned_at, due_at, redirect_count, decline_count, billable, unbilled_work, over_capacity, changed_at, warning_at, resolved_at, minutes_logged)
            VALUES (@id, @number, @version, @queue, @client_id, @subject, @search_subject, @priority, @weight, @status, @required_skill, @min_level,
                @assignee_id, @created_at, @assigned_at, @due_at, @redirect_count, @decline_count, @billable, @unbilled_work, @over_capacity, @changed_at, @warning_at, @resolved_at, @minutes_logged)
            ON CONFLICT (id) DO UPDATE SET
                version = excluded.version, subject = excluded.subject, search_subject = excluded.search_subject, priority = excluded.priority, weight = excluded.weight,
                status = excluded.status, assignee_id = excluded.assignee_id, assigned_at = excluded.assigned_at, due_at = excluded.due_at,
                redirect_count = excluded.redirect_count, decline_count = excluded.decline_count, unbilled_work = excluded.unbilled_work,
                over_capacity = excluded.over_capacity, changed_at = excluded.changed_at,
                warning_at = excluded.warning_at, resolved_at = excluded.resolved_at, minutes_logged = excluded.minutes_logged, number = COALESCE(t.number, excluded.number)
            WHERE t.version < excluded.version
        """;
}
