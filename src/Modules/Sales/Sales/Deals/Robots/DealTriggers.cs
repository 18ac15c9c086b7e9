using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OrleansCrm.Sales.Contracts;
using OrleansCrm.Sales.Storage;

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

/// <summary>
/// The "all the stage's tasks are done" trigger: when a robot's task of a deal's stage is done and none of that stage's
/// tasks is open any more, the deal moves to the next stage (if the stage asks for it; the grain checks that the deal is
/// still there). A repeated notice finds the deal moved on and changes nothing.
/// </summary>
public sealed class StageTasksDone(IGrainFactory grains, IServiceProvider services) : INotificationHandler<Activities.TaskFinished>
{
    public async ValueTask Handle(Activities.TaskFinished notification, CancellationToken cancellationToken)
    {
        if (notification is not { DealId: { } dealId, DealStage: { } stage })
        {
            return;
        }

        var activities = services.GetRequiredService<Activities.IDealActivities>();
        if (await activities.CountOpenStageTasksAsync(dealId, stage, cancellationToken) == 0)
        {
            await grains.GetGrain<IDealGrain>(dealId).AdvanceFrom(stage);
        }
    }
}

/// <summary>
/// The "invoice paid" trigger: a deal whose robot drafted this invoice moves to the stage its pipeline names for it
/// (<c>onInvoicePaid</c>). Keyed by the invoice: a repeated notice finds the deal there already.
/// </summary>
public sealed class InvoicePaidMovesDeal(SalesDb db, IGrainFactory grains) : INotificationHandler<Billing.Contracts.InvoicePaid>
{
    public async ValueTask Handle(Billing.Contracts.InvoicePaid notification, CancellationToken cancellationToken)
    {
        var deals = new List<Guid>();
        await using (var connection = BuildingBlocks.Persistence.DatabaseConnections.Create(db.Options))
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = BuildingBlocks.Persistence.ModuleDb.Command(connection, null,
                $"SELECT id FROM {db.Deals} WHERE invoice_id = @invoice", ("invoice", db.Id(notification.InvoiceId)));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                deals.Add(BuildingBlocks.Persistence.ModuleDb.ReadId(reader, 0));
            }
        }

        foreach (var deal in deals)
        {
            await grains.GetGrain<IDealGrain>(deal).InvoicePaid(notification.InvoiceId);
        }
    }
}
