using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using OrleansCrm.BuildingBlocks.Texts;
using OrleansCrm.ServiceDesk.Contracts;
using OrleansCrm.ServiceDesk.ReadModel;
using OrleansCrm.ServiceDesk.Sla;
using OrleansCrm.ServiceDesk.Texts;

namespace OrleansCrm.ServiceDesk.BillableWork;

public sealed class ListBillableWorkValidator : AbstractValidator<ListBillableWork>
{
    /// <summary>A sync looks at a few months; a longer range would read a lot of time entries for nothing.</summary>
    public const int MaxMonths = 24;

    public ListBillableWorkValidator()
    {
        RuleFor(q => q.FromMonth).Must(m => m.Day == 1).WithText(ServiceDeskTexts.Code("MonthFirstDay"));
        RuleFor(q => q.ToMonth).Must(m => m.Day == 1).WithText(ServiceDeskTexts.Code("MonthFirstDay"))
            .Must((q, to) => to >= q.FromMonth && to <= q.FromMonth.AddMonths(MaxMonths - 1)).WithText(ServiceDeskTexts.Code("MonthRange"), MaxMonths);
    }
}

/// <summary>
/// Months are cut at local midnight of the work calendar's zone (the one the SLA and the wall's "today" use), so time
/// logged at 00:30 Kyiv time on the 1st belongs to the new month although it is still the old one in UTC.
/// </summary>
public sealed class ListBillableWorkHandler(IDbContextFactory<ServiceDeskDbContext> contexts, SlaClock sla) : IQueryHandler<ListBillableWork, Contracts.BillableWork>
{
    public async ValueTask<Contracts.BillableWork> Handle(ListBillableWork query, CancellationToken cancellationToken)
    {
        var zone = sla.Calendar.TimeZone;
        var from = StartOf(query.FromMonth, zone).ToUnixTimeMilliseconds();
        var to = StartOf(query.ToMonth.AddMonths(1), zone).ToUnixTimeMilliseconds();

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var tickets = await db.Tickets.AsNoTracking()
            .Where(t => t.Billable && t.ResolvedAt >= from && t.ResolvedAt < to
                && (t.Status == TicketStatus.Resolved || t.Status == TicketStatus.Closed))
            .OrderBy(t => t.ResolvedAt).ThenBy(t => t.Id)
            .Select(t => new { t.Id, t.Number, t.ClientId, t.Subject, t.ResolvedAt, t.MinutesLogged })
            .ToListAsync(cancellationToken);

        var entries = await db.TimeEntries.AsNoTracking()
            .Where(e => e.LoggedAt >= from && e.LoggedAt < to)
            .Select(e => new { e.ClientId, e.LoggedAt, e.Minutes, e.Billable })
            .ToListAsync(cancellationToken);

        var minutes = entries
            .GroupBy(e => (e.ClientId, Month: MonthOf(DateTimeOffset.FromUnixTimeMilliseconds(e.LoggedAt), zone)))
            .Select(g => new ClientMonthMinutes(g.Key.ClientId, g.Key.Month, g.Sum(e => e.Minutes), g.Sum(e => e.Billable ? e.Minutes : 0)))
            .OrderBy(m => m.Month).ThenBy(m => m.ClientId)
            .ToList();

        return new Contracts.BillableWork(
            tickets.Select(t => new ResolvedBillableTicket(t.Id, t.Number ?? 0, t.ClientId, t.Subject, DateTimeOffset.FromUnixTimeMilliseconds(t.ResolvedAt!.Value), t.MinutesLogged)).ToList(),
            minutes);
    }

    /// <summary>Local midnight of the month's first day in <paramref name="zone"/>, as a moment.</summary>
    internal static DateTimeOffset StartOf(DateOnly month, TimeZoneInfo zone)
    {
        var local = month.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }

    internal static DateOnly MonthOf(DateTimeOffset moment, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(moment, zone);
        return new DateOnly(local.Year, local.Month, 1);
    }
}

public sealed class ListUnresolvedTicketsValidator : AbstractValidator<ListUnresolvedTickets>
{
    // Ids from Billing's own items, never a person's input; any number of them is read in batches: nothing to check.
}

/// <summary>Read from the tickets' table in batches (a long IN list is one statement each).</summary>
public sealed class ListUnresolvedTicketsHandler(IDbContextFactory<ServiceDeskDbContext> contexts) : IQueryHandler<ListUnresolvedTickets, IReadOnlyList<Guid>>
{
    public async ValueTask<IReadOnlyList<Guid>> Handle(ListUnresolvedTickets query, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var unresolved = new List<Guid>();
        foreach (var batch in query.TicketIds.Distinct().Chunk(500))
        {
            unresolved.AddRange(await db.Tickets.AsNoTracking()
                .Where(t => batch.Contains(t.Id) && t.Status != TicketStatus.Resolved && t.Status != TicketStatus.Closed)
                .Select(t => t.Id)
                .ToListAsync(cancellationToken));
        }

        return unresolved;
    }
}
