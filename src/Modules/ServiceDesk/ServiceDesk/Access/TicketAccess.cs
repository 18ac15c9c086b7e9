using OrleansCrm.BuildingBlocks.Errors;
using OrleansCrm.BuildingBlocks.Security;
using OrleansCrm.ServiceDesk.Contracts;
using OrleansCrm.ServiceDesk.Texts;

namespace OrleansCrm.ServiceDesk.Access;

/// <summary>
/// Who may see and change which ticket. Dispatchers and Directors: every ticket, every move. Other office roles
/// (SalesHead, Manager, Methodologist, Admin): see and comment on every ticket. A Specialist: sees and works on the
/// tickets assigned to them only (accept, decline, start, …, redirect, comment, log time). Anyone with a role may open one.
/// </summary>
public static class TicketAccess
{
    /// <summary>What a message carries until its sender says who asks: no roles, so nothing is allowed.</summary>
    public static readonly Caller Nobody = new("anonymous", [], null);

    /// <summary>Every role but Specialist: the office, which sees every ticket, the board and the alerts.</summary>
    public static readonly string[] OfficeRoles = CrmRoles.All.Where(role => role != CrmRoles.Specialist).ToArray();

    /// <summary>Holds a role other than Specialist: sees every ticket.</summary>
    public static bool SeesAll(Caller caller) => caller.Roles.Any(role => role != CrmRoles.Specialist && CrmRoles.All.Contains(role));

    public static bool IsSpecialist(Caller caller) => caller.IsIn(CrmRoles.Specialist);

    public static bool IsAssignee(Caller caller, TicketDetails ticket) =>
        IsSpecialist(caller) && caller.SpecialistId is { } id && ticket.AssigneeId == id;

    public static void EnsureCanOpen(Caller caller)
    {
        if (!SeesAll(caller) && !IsSpecialist(caller))
        {
            throw new ForbiddenException(ServiceDeskTexts.Say("OpenNeedsRole"));
        }
    }

    public static void EnsureCanSee(Caller caller, TicketDetails ticket)
    {
        if (!SeesAll(caller) && !IsAssignee(caller, ticket))
        {
            throw NotYours(ticket);
        }
    }

    /// <summary>Said to a specialist about another's ticket: it is not theirs (not that their role may not), by its number.</summary>
    public static ForbiddenException NotYours(TicketDetails ticket) =>
        new(ServiceDeskTexts.Say("NotYourTicket", ticket.Number > 0 ? ticket.DisplayNumber : ticket.Id.ToString()));

    /// <summary>Whether the caller may move the ticket through its lifecycle, redirect it and log time on it (pages hide what they may not).</summary>
    public static bool CanWork(Caller caller, TicketDetails ticket) => caller.CanDispatch || IsAssignee(caller, ticket);

    /// <summary>Lifecycle moves, redirects and logged time: the assignee, or a Dispatcher or Director.</summary>
    public static void EnsureCanWork(Caller caller, TicketDetails ticket)
    {
        if (CanWork(caller, ticket))
        {
            return;
        }

        throw IsSpecialist(caller) ? NotYours(ticket) : new ForbiddenException(ServiceDeskTexts.Say("WorkNeedsRole"));
    }
}
