using Mediator;
using OrleansCrm.Billing.Contracts;
using OrleansCrm.Sales.Contracts;

namespace OrleansCrm.Sales.Plans.Board;

/// <summary>
/// A deal closed or an invoice paid (both published after their commit): the board recounts from the tables, so the
/// notification only says when, and a repeat changes nothing.
/// </summary>
public sealed class PlanBoardHandlers(IGrainFactory grains) : INotificationHandler<DealClosed>, INotificationHandler<InvoicePaid>
{
    public async ValueTask Handle(DealClosed notification, CancellationToken cancellationToken) => await PlanBoard.ChangedAsync(grains);

    public async ValueTask Handle(InvoicePaid notification, CancellationToken cancellationToken) => await PlanBoard.ChangedAsync(grains);
}
