using OrleansCrm.BuildingBlocks.Texts;

namespace OrleansCrm.ServiceDesk.Contracts;

/// <summary>What a person does to a ticket; which are allowed depends on its status (<c>TicketRules</c>).</summary>
public enum TicketAction
{
    Accept,
    Decline,
    Start,
    Pause,
    Resolve,
    Close,
    Reopen,
    Cancel,
}

/// <summary>
/// One ticket: its lifecycle, history and assignment. After each persisted change it tells the specialists
/// concerned (load, counters). It calls the dispatcher only in ways that cannot wait on the dispatcher calling it back:
/// <c>Place</c> before the dispatcher knows the ticket, <c>Requeued</c> and <c>Withdraw</c> one-way.
/// Commands that carry <c>expectedVersion</c> fail with 409 when someone changed the ticket first.
/// </summary>
public interface ITicketGrain : IGrainWithGuidKey
{
    Task<TicketDetails?> Get();

    /// <summary>
    /// Opens the ticket; its first-response and resolution due times come from the SLA clock. The queue's dispatcher
    /// places it before the first write, so it is stored already assigned when someone can take it.
    /// </summary>
    Task<TicketDetails> Open(NewTicket ticket, bool unbilledWork, string actor);

    /// <summary>
    /// The dispatcher's choice for a ticket waiting in the queue. <paramref name="text"/> is the dispatcher's own reason as
    /// a code (kept in the history entry, so each reader sees it in their language); null for a reason a person typed.
    /// </summary>
    Task<TicketDetails> Assign(Guid specialistId, string reason, bool overCapacity, string actor, ServerText? text = null);

    /// <summary>
    /// Moves the ticket to another specialist, or back to the queue when <paramref name="toSpecialistId"/> is null.
    /// <paramref name="text"/> as for <see cref="Assign"/>: the dispatcher's reason (away, rebalance), null for a person's.
    /// </summary>
    Task<TicketDetails> Redirect(Guid? toSpecialistId, string reason, string actor, int? expectedVersion, bool overCapacity = false, ServerText? text = null);

    Task<TicketDetails> Act(TicketAction action, string actor, string? reason, int? expectedVersion);

    Task<TicketDetails> Comment(string text, string actor);

    Task<TicketDetails> LogTime(int minutes, string? note, string actor);
}
