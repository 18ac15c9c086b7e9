using System.Data.Common;
using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.ServiceDesk.Contracts;
using OrleansCrm.ServiceDesk.Tickets;

namespace OrleansCrm.ServiceDesk.ReadModel;

/// <summary>Upserts a ticket's version into the tickets table; an older or equal version changes nothing.</summary>
public sealed class TicketProjection(DatabaseOptions database)
{
    private readonly string _table = ServiceDeskDbContext.Tables(database.Provider).Sql("tickets");

    public async Task ProjectAsync(TicketDetails ticket, CancellationToken cancellationToken)
    {
        await using var connection = DatabaseConnections.Create(database);
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            INSERT INTO {_table} AS t (id, version, queue, client_id, subject, priority, weight, status, required_skill, min_level,
                assignee_id, created_at, assigned_at, due_at, redirect_count, decline_count, billable, unbilled_work, over_capacity)
            VALUES (@id, @version, @queue, @client_id, @subject, @priority, @weight, @status, @required_skill, @min_level,
                @assignee_id, @created_at, @assigned_at, @due_at, @redirect_count, @decline_count, @billable, @unbilled_work, @over_capacity)
            ON CONFLICT (id) DO UPDATE SET
                version = excluded.version, subject = excluded.subject, priority = excluded.priority, weight = excluded.weight,
                status = excluded.status, assignee_id = excluded.assignee_id, assigned_at = excluded.assigned_at, due_at = excluded.due_at,
                redirect_count = excluded.redirect_count, decline_count = excluded.decline_count, unbilled_work = excluded.unbilled_work,
                over_capacity = excluded.over_capacity
            WHERE t.version < excluded.version
            """;
        var assignedAt = ticket.History.LastOrDefault(h => h.Kind is TicketHistoryKind.Assigned or TicketHistoryKind.Redirected && h.ToSpecialistId == ticket.AssigneeId)?.At;
        Add(command, "@id", Id(ticket.Id));
        Add(command, "@version", ticket.Version);
        Add(command, "@queue", ticket.Queue);
        Add(command, "@client_id", Id(ticket.ClientId));
        Add(command, "@subject", ticket.Subject);
        Add(command, "@priority", ticket.Priority.ToString());
        Add(command, "@weight", TicketRules.Weight(ticket.Priority));
        Add(command, "@status", ticket.Status.ToString());
        Add(command, "@required_skill", ticket.RequiredSkill);
        Add(command, "@min_level", ticket.MinLevel);
        Add(command, "@assignee_id", ticket.AssigneeId is { } assignee ? Id(assignee) : null);
        Add(command, "@created_at", ticket.CreatedAt.ToUnixTimeMilliseconds());
        Add(command, "@assigned_at", ticket.AssigneeId is null ? null : assignedAt?.ToUnixTimeMilliseconds());
        Add(command, "@due_at", ticket.DueAt.ToUnixTimeMilliseconds());
        Add(command, "@redirect_count", ticket.RedirectCount);
        Add(command, "@decline_count", ticket.DeclineCount);
        Add(command, "@billable", ticket.Billable);
        Add(command, "@unbilled_work", ticket.UnbilledWork);
        Add(command, "@over_capacity", ticket.OverCapacity);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private object Id(Guid id) => database.Provider == DatabaseProvider.PostgreSql ? id : id.ToString();

    private static void Add(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
    }
}
