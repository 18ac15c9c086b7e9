using OrleansCrm.BuildingBlocks.Texts;
using OrleansCrm.ServiceDesk.Contracts;
using OrleansCrm.ServiceDesk.Texts;
using OrleansCrm.Staff.Contracts;

namespace OrleansCrm.ServiceDesk.Tickets;

/// <summary>The ticket lifecycle as a table: which action leads where from which status.</summary>
public static class TicketRules
{
    private static readonly Dictionary<TicketAction, (TicketStatus[] From, TicketStatus To)> Transitions = new()
    {
        [TicketAction.Accept] = ([TicketStatus.Assigned], TicketStatus.Accepted),
        // A decline returns the ticket to the dispatcher.
        [TicketAction.Decline] = ([TicketStatus.Assigned, TicketStatus.Accepted], TicketStatus.New),
        [TicketAction.Start] = ([TicketStatus.Accepted, TicketStatus.Paused], TicketStatus.InProgress),
        [TicketAction.Pause] = ([TicketStatus.InProgress], TicketStatus.Paused),
        [TicketAction.Resolve] = ([TicketStatus.Accepted, TicketStatus.InProgress, TicketStatus.Paused], TicketStatus.Resolved),
        [TicketAction.Close] = ([TicketStatus.Resolved], TicketStatus.Closed),
        // A reopened ticket goes back to the dispatcher, whose client affinity prefers who served it.
        [TicketAction.Reopen] = ([TicketStatus.Resolved, TicketStatus.Closed], TicketStatus.New),
        [TicketAction.Cancel] = ([TicketStatus.New, TicketStatus.Assigned, TicketStatus.Accepted, TicketStatus.InProgress, TicketStatus.Paused], TicketStatus.Cancelled),
    };

    /// <summary>Statuses from which a ticket may be redirected to someone else.</summary>
    public static readonly TicketStatus[] Redirectable = [TicketStatus.Assigned, TicketStatus.Accepted, TicketStatus.InProgress, TicketStatus.Paused];

    /// <summary>Assigned or accepted but not yet worked on: what absence re-dispatch and rebalancing may move.</summary>
    public static bool NotStarted(TicketStatus status) => status is TicketStatus.Assigned or TicketStatus.Accepted;

    public static bool IsOpen(TicketStatus status) => status is not (TicketStatus.Resolved or TicketStatus.Closed or TicketStatus.Cancelled);

    public static bool CountsAsLoad(TicketStatus status) => status is TicketStatus.Assigned or TicketStatus.Accepted or TicketStatus.InProgress or TicketStatus.Paused;

    public static TicketStatus? Target(TicketAction action, TicketStatus from) =>
        Transitions[action].From.Contains(from) ? Transitions[action].To : null;

    /// <summary>
    /// The refusal of <paramref name="attempted"/> (an action's API name) from <paramref name="from"/>, naming the actions
    /// allowed now, each in the reader's language (the API's English says them as the API names them).
    /// </summary>
    public static ServerText NotAllowed(TicketStatus from, string attempted)
    {
        var allowed = AllowedActions(from);
        TextArg[] args = [ServiceDeskTexts.Label(from), ActionLabel(attempted), .. allowed.Select(ActionLabel)];
        return ServiceDeskTexts.Say($"NotAllowedNow_{allowed.Count}", args);
    }

    private static TextArg ActionLabel(string action) => TextArg.Code(ServiceDeskTexts.Code($"Action_{action}"));

    /// <summary>What the signed-in caller may do to a ticket in its status now: the moves, a redirect, a comment, logged time.</summary>
    public static IReadOnlyList<TicketAction> Actions(TicketStatus from) =>
        Transitions.Where(t => t.Value.From.Contains(from)).Select(t => t.Key).ToList();

    /// <summary>The actions allowed now, named as the API names them, for a 409's explanation.</summary>
    public static IReadOnlyList<string> AllowedActions(TicketStatus from)
    {
        var allowed = Transitions.Where(t => t.Value.From.Contains(from)).Select(t => t.Key.ToString().ToLowerInvariant()).ToList();
        if (Redirectable.Contains(from))
        {
            allowed.Add("redirect");
        }

        return allowed;
    }

    public static int Weight(TicketPriority priority) => priority switch
    {
        TicketPriority.Low => TicketWeights.Low,
        TicketPriority.High => TicketWeights.High,
        TicketPriority.Critical => TicketWeights.Critical,
        _ => TicketWeights.Normal,
    };
}
