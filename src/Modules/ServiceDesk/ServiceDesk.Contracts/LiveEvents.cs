using OrleansCrm.BuildingBlocks.LiveFeed;
using OrleansCrm.BuildingBlocks.Texts;

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

    /// <summary><see cref="Text"/> as a code and arguments, for each reader's language (null from older senders: show <see cref="Text"/>).</summary>
    [Id(7)]
    public ServerText? Message { get; init; }

    public static AlertRaised From(TicketAlert alert, Guid? clientId) =>
        new(alert.Id, alert.Kind.ToString(), alert.Text, alert.TicketId, alert.SpecialistId, clientId, alert.At) { Message = alert.Message };
}

/// <summary>
/// A condition the wall shows while it lasts (a ticket waiting too long, a specialist over capacity, a client with many
/// open tickets): <see cref="Key"/> names it (<c>Unassigned/{ticket}</c>, <c>Overloaded/{specialist}</c>,
/// <c>ChurnRisk/{client}</c>), <see cref="Since"/> is when it began, derived from the tickets, so every screen and every
/// reload shows the same moment. <see cref="Text"/> is English, <see cref="Message"/> the same as a code and arguments.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record WallCondition(
    [property: Id(0)] string Key,
    [property: Id(1)] string Kind,
    [property: Id(2)] string Text,
    [property: Id(3)] ServerText Message,
    [property: Id(4)] Guid? TicketId,
    [property: Id(5)] Guid? SpecialistId,
    [property: Id(6)] Guid? ClientId,
    [property: Id(7)] DateTimeOffset Since);

/// <summary>
/// Every present condition of a queue, whenever the set changes (one appears, one ends, one's text changes); the hub
/// sends it as <c>conditionsChanged</c>. The whole list each time: a screen replaces what it shows, so a missed message
/// is mended by the next one.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record WallConditionsChanged(
    [property: Id(0)] string Queue,
    [property: Id(1)] IReadOnlyList<WallCondition> Conditions,
    [property: Id(2)] DateTimeOffset At) : ILiveEvent
{
    /// <summary>The hub message that carries it (the wire contract; ServiceDesk declares its route).</summary>
    public const string HubMessage = "conditionsChanged";
}
