using Mediator;

namespace OrleansCrm.ServiceDesk.Contracts;

/// <summary>
/// The service desk's paid work in the calendar months <paramref name="FromMonth"/> to <paramref name="ToMonth"/>
/// (first days, both included), months as the company's work calendar counts them (its time zone): the billable tickets
/// resolved then, and the minutes logged per client and month. For Billing's unbilled work; read from the service desk's
/// tables, never from ticket grains.
/// </summary>
public sealed record ListBillableWork(DateOnly FromMonth, DateOnly ToMonth) : IQuery<BillableWork>;

public sealed record BillableWork(IReadOnlyList<ResolvedBillableTicket> Tickets, IReadOnlyList<ClientMonthMinutes> Minutes);

/// <summary>A billable ticket resolved (and not reopened since), with all the time logged on it.</summary>
public sealed record ResolvedBillableTicket(Guid Id, long Number, Guid ClientId, string Subject, DateTimeOffset ResolvedAt, int MinutesLogged)
{
    public string DisplayNumber => TicketNumber.Format(Number);
}

/// <summary>
/// Minutes logged on a client's tickets in one calendar month (<see cref="Month"/>: its first day): all of them, and
/// those on billable tickets (billed with their ticket, so not counted against a contract's included hours).
/// </summary>
public sealed record ClientMonthMinutes(Guid ClientId, DateOnly Month, int Minutes, int BillableMinutes);

/// <summary>
/// Of <paramref name="TicketIds"/>, those that are not resolved (or closed) now: reopened since Billing found them
/// resolved. Unknown ids are left out. Billing withdraws their open unbilled items until they are resolved again.
/// </summary>
public sealed record ListUnresolvedTickets(IReadOnlyList<Guid> TicketIds) : IQuery<IReadOnlyList<Guid>>;
