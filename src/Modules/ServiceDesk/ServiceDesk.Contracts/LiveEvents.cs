using OrleansCrm.BuildingBlocks.LiveFeed;

namespace OrleansCrm.ServiceDesk.Contracts;

/// <summary>
/// A ticket after a change, as the wall, the dispatcher's board and the specialists' workplaces show it in a row; the
/// hub sends it as <c>ticketChanged</c>. <see cref="Version"/> orders changes of one ticket: a screen keeps the highest.
/// </summary>
/// <param name="PreviousAssigneeId">Who had it before this change, when the change took it from them (redirect, decline, timeout).</param>
[GenerateSerializer, Immutable]
public sealed record TicketChanged(
    [property: Id(0)] Guid Id,
    [property: Id(1)] int Version,
    [property: Id(2)] string Subject,
    [property: Id(3)] Guid ClientId,
    [property: Id(4)] TicketStatus Status,
    [property: Id(5)] TicketPriority Priority,
    [property: Id(6)] Guid? AssigneeId,
    [property: Id(7)] Guid? PreviousAssigneeId,
    [property: Id(8)] DateTimeOffset DueAt,
    [property: Id(9)] int RedirectCount,
    [property: Id(10)] int DeclineCount,
    [property: Id(11)] bool NeverTaken,
    [property: Id(12)] bool Overdue,
    [property: Id(13)] DateTimeOffset At) : ILiveEvent
{
    /// <summary>The hub message that carries it (the wire contract; ServiceDesk declares its route).</summary>
    public const string HubMessage = "ticketChanged";

    public static TicketChanged From(TicketDetails ticket, Guid? previousAssigneeId, DateTimeOffset at) => new(
        ticket.Id, ticket.Version, ticket.Subject, ticket.ClientId, ticket.Status, ticket.Priority, ticket.AssigneeId,
        previousAssigneeId == ticket.AssigneeId ? null : previousAssigneeId,
        ticket.DueAt, ticket.RedirectCount, ticket.DeclineCount, ticket.NeverTaken, ticket.Overdue, at);
}

/// <summary>
/// Something a dispatcher or the director must notice; the hub sends it as <c>alertRaised</c>. <see cref="Kind"/> is a
/// <see cref="TicketAlertKind"/> name today and open to other kinds; <see cref="Id"/> is stable, so a repeat is recognised.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record AlertRaised(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string Kind,
    [property: Id(2)] string Text,
    [property: Id(3)] Guid? TicketId,
    [property: Id(4)] Guid? SpecialistId,
    [property: Id(5)] Guid? ClientId,
    [property: Id(6)] DateTimeOffset At) : ILiveEvent
{
    /// <summary>The hub message that carries it (the wire contract; ServiceDesk declares its route).</summary>
    public const string HubMessage = "alertRaised";

    public static AlertRaised From(TicketAlert alert, Guid? clientId) =>
        new(alert.Id, alert.Kind.ToString(), alert.Text, alert.TicketId, alert.SpecialistId, clientId, alert.At);
}
