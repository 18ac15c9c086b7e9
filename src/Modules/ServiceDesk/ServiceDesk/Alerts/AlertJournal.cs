using System.Data.Common;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.ServiceDesk.Contracts;
using OrleansCrm.ServiceDesk.ReadModel;

namespace OrleansCrm.ServiceDesk.Alerts;

/// <summary>Keeps every ticket alert once (its id is stable), for the wall's alert feed and its drill-downs.</summary>
public sealed class AlertJournal(DatabaseOptions database) : INotificationHandler<TicketAlertRaised>
{
    private readonly string _table = ServiceDeskDbContext.Tables(database.Provider).Sql("alerts");

    public async ValueTask Handle(TicketAlertRaised notification, CancellationToken cancellationToken)
    {
        var alert = notification.Alert;
        await using var connection = DatabaseConnections.Create(database);
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            INSERT INTO {_table} (id, kind, ticket_id, specialist_id, text, at)
            VALUES (@id, @kind, @ticket_id, @specialist_id, @text, @at)
            ON CONFLICT (id) DO NOTHING
            """;
        command.AddParameter("@id", database.DbId(alert.Id));
        command.AddParameter("@kind", alert.Kind.ToString());
        command.AddParameter("@ticket_id", database.DbId(alert.TicketId));
        command.AddParameter("@specialist_id", alert.SpecialistId is { } specialist ? database.DbId(specialist) : null);
        command.AddParameter("@text", alert.Text);
        command.AddParameter("@at", alert.At.ToUnixTimeMilliseconds());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

/// <summary>The newest alerts first, optionally since a moment: the wall's feed.</summary>
public sealed record GetAlerts(DateTimeOffset? Since, int Limit = 100) : IQuery<IReadOnlyList<TicketAlert>>;

/// <summary>Nothing to refuse: any moment is a valid start and the handler keeps the limit within 1–500. Present because every
/// message has a validator (ValidatorCoverageTests).</summary>
public sealed class GetAlertsValidator : AbstractValidator<GetAlerts>
{
}

public sealed class GetAlertsHandler(IDbContextFactory<ServiceDeskDbContext> contexts) : IQueryHandler<GetAlerts, IReadOnlyList<TicketAlert>>
{
    public async ValueTask<IReadOnlyList<TicketAlert>> Handle(GetAlerts query, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var since = query.Since?.ToUnixTimeMilliseconds() ?? 0;
        var rows = await db.Alerts.AsNoTracking().Where(a => a.At >= since).OrderByDescending(a => a.At).ThenBy(a => a.Id)
            .Take(Math.Clamp(query.Limit, 1, 500)).ToListAsync(cancellationToken);
        // The journal keeps the English sentence; its code and arguments are read back from it for other languages.
        return rows.Select(a => new TicketAlert(a.Id, a.Kind, a.TicketId, a.SpecialistId, a.Text, DateTimeOffset.FromUnixTimeMilliseconds(a.At))
        {
            Message = Texts.StoredEnglish.Recognize(a.Text, Texts.StoredEnglish.Alerts),
        }).ToList();
    }
}
