using Mediator;
using Microsoft.Extensions.Logging;
using OrleansCrm.Sales.Contracts;

namespace OrleansCrm.Sales.Deals.Robots;

/// <summary>
/// A closed deal, said in the log: the handler Mediator requires for <see cref="DealClosed"/> on the Deals side (Plans
/// recounts its figures on it). Repeats are harmless.
/// </summary>
public sealed class DealClosedLog(ILogger<DealClosedLog> logger) : INotificationHandler<DealClosed>
{
    public ValueTask Handle(DealClosed notification, CancellationToken cancellationToken)
    {
        logger.LogInformation("Deal {DealId} of {OwnerId} closed {Status} for {Amount}", notification.DealId, notification.OwnerId, notification.Status, notification.Amount);
        return ValueTask.CompletedTask;
    }
}
