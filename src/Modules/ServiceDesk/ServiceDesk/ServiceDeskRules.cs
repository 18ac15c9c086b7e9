using OrleansCrm.BuildingBlocks.Security;
using OrleansCrm.ServiceDesk.Access;
using OrleansCrm.ServiceDesk.Contracts;
using OrleansCrm.ServiceDesk.Texts;
using OrleansCrm.ServiceDesk.Tickets;

namespace OrleansCrm.ServiceDesk;

/// <summary>
/// The service desk's rules the web pages show before anyone acts (which moves a status allows, who may work on a
/// ticket, what a priority weighs), and its stored English read in the reader's language: the module's surface for them,
/// so that pages ask the same rules the grains enforce instead of copying them.
/// </summary>
public static class ServiceDeskRules
{
    public static IReadOnlyList<TicketAction> Actions(TicketStatus from) => TicketRules.Actions(from);

    public static bool IsRedirectable(TicketStatus status) => TicketRules.Redirectable.Contains(status);

    public static int Weight(TicketPriority priority) => TicketRules.Weight(priority);

    public static bool CanWork(Caller caller, TicketDetails ticket) => TicketAccess.CanWork(caller, ticket);

    /// <summary>A dispatcher's reason stored as English before reasons were codes, in the reader's language; anything else as stored.</summary>
    public static string? DispatchReason(string? stored) => StoredEnglish.Render(stored, StoredEnglish.DispatchReasons);
}
