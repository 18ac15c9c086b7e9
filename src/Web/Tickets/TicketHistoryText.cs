using Microsoft.Extensions.Localization;
using OrleansCrm.BuildingBlocks.Texts;
using OrleansCrm.ServiceDesk;
using OrleansCrm.ServiceDesk.Contracts;
using OrleansCrm.Web.Resources;

namespace OrleansCrm.Web.Tickets;

/// <summary>How a history entry reads on a page, in the user's language: the ticket page and the specialist's workplace share it.</summary>
public static class TicketHistoryText
{
    /// <summary>
    /// A reason the service desk generated, rendered in the reader's language from its code; in an entry older than codes,
    /// the dispatcher's English read back into its code; one a person typed as it is.
    /// </summary>
    public static string? Reason(TicketHistoryEntry entry) =>
        entry.Text is { } text ? ServerTexts.Render(text) : ServiceDeskRules.DispatchReason(entry.Reason);

    /// <summary>The service desk's own actors ("dispatcher", "sla") by their names in the reader's language; people by their user names.</summary>
    public static string Actor(IStringLocalizer<Ui> localizer, string actor) =>
        localizer[$"HistoryActor_{actor}"] is { ResourceNotFound: false } known ? known.Value : actor;
}
