using Mediator;

namespace OrleansCrm.ServiceDesk.Contracts;

/// <summary>
/// Another module hands a client over to support (Sales' hand-over of a task or an interaction): opens a ticket as the
/// product, keyed, so the same key again returns the same ticket. A client whose contract has ended is a 409 as always.
/// </summary>
public sealed record OpenSupportTicket(
    Guid ClientId, Guid? ContactId, string Subject, string? Description, TicketChannel Channel, string RequiredSkill, string IdempotencyKey)
    : ICommand<TicketDetails>;
