using OrleansCrm.BuildingBlocks.Security;
using OrleansCrm.ServiceDesk.Contracts;
using OpenTicketCommand = OrleansCrm.ServiceDesk.OpenTicket.OpenTicket;

namespace OrleansCrm.Web.Tickets;

/// <summary>What the new-ticket form edits; the handler validates it, so nothing here is checked twice.</summary>
public sealed class TicketForm
{
    /// <summary>One per form: a double click or a retry after a lost answer opens one ticket, not two.</summary>
    public string IdempotencyKey { get; } = Guid.NewGuid().ToString("N");

    public Guid? ClientId { get; set; }
    public Guid? ContactId { get; set; }
    public string? Subject { get; set; }
    public string? Description { get; set; }
    public TicketChannel Channel { get; set; } = TicketChannel.Phone;
    public TicketPriority Priority { get; set; } = TicketPriority.Normal;
    public string? RequiredSkill { get; set; }
    public int MinLevel { get; set; } = 1;
    public int? EstimatedMinutes { get; set; }
    public bool Billable { get; set; }
    public string? OverrideReason { get; set; }

    public OpenTicketCommand ToCommand(Caller caller) =>
        new(ClientId, ContactId, Subject, Description, Channel, Priority, RequiredSkill, MinLevel, EstimatedMinutes, Billable, OverrideReason)
        {
            IdempotencyKey = IdempotencyKey,
            Actor = caller.UserName,
            Caller = caller,
        };
}
