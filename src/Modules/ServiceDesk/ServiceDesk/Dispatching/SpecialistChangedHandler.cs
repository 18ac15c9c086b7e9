using Mediator;
using OrleansCrm.ServiceDesk.Contracts;
using OrleansCrm.Staff.Contracts;

namespace OrleansCrm.ServiceDesk.Dispatching;

/// <summary>Availability, skills or capacity changed in Staff: every queue's dispatcher re-plans (absence re-dispatch, on-duty pickup).</summary>
public sealed class SpecialistChangedHandler(IGrainFactory grains) : INotificationHandler<SpecialistChanged>
{
    public async ValueTask Handle(SpecialistChanged notification, CancellationToken cancellationToken)
    {
        foreach (var queue in SupportQueues.All)
        {
            await grains.GetGrain<IDispatcherGrain>(queue).SpecialistChanged(notification.Specialist.Id);
        }
    }
}
