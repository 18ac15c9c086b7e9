using Mediator;
using OrleansCrm.BuildingBlocks.Texts;

namespace OrleansCrm.ServiceDesk.Contracts;

// Kept by name in the alert journal; fixed numbers all the same, like every enum that is stored.
public enum TicketAlertKind
{
    /// <summary>The resolution due time passed.</summary>
    Overdue = 0,

    /// <summary>The resolution due time is near (the SLA warning).</summary>
    AboutToBreach = 1,

    /// <summary>Assigned but not accepted in time; the ticket went back to the dispatcher.</summary>
    NeverTaken = 2,

    /// <summary>A specialist's load differed from the tickets they hold; the load reconciliation repaired it.</summary>
    LoadRepaired = 3,
}

/// <summary>
/// Something a dispatcher or director must see. Its id is stable, so raising it twice records it once. <see cref="Text"/>
/// is English (the journal keeps it); <see cref="Message"/> is the same as a code and arguments, for each reader's language.
/// </summary>
public sealed record TicketAlert(Guid Id, TicketAlertKind Kind, Guid TicketId, Guid? SpecialistId, string Text, DateTimeOffset At)
{
    public ServerText? Message { get; init; }
}

/// <summary>Published in-process after the ticket persisted the change; the alert journal keeps it and the live wall shows it.</summary>
public sealed record TicketAlertRaised(TicketAlert Alert) : INotification;
