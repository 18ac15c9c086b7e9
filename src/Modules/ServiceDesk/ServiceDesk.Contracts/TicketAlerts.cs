using Mediator;

namespace OrleansCrm.ServiceDesk.Contracts;

public enum TicketAlertKind
{
    /// <summary>The resolution due time passed.</summary>
    Overdue,

    /// <summary>The resolution due time is near (the SLA warning).</summary>
    AboutToBreach,

    /// <summary>Assigned but not accepted in time; the ticket went back to the dispatcher.</summary>
    NeverTaken,
}

/// <summary>Something a dispatcher or director must see. Its id is stable, so raising it twice records it once.</summary>
public sealed record TicketAlert(Guid Id, TicketAlertKind Kind, Guid TicketId, Guid? SpecialistId, string Text, DateTimeOffset At);

/// <summary>Published in-process after the ticket persisted the change; the alert journal keeps it and the live wall shows it.</summary>
public sealed record TicketAlertRaised(TicketAlert Alert) : INotification;
