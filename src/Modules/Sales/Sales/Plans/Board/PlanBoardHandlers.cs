using Mediator;
using Microsoft.Extensions.Logging;
using OrleansCrm.Billing.Contracts;
using OrleansCrm.Sales.Contracts;

namespace OrleansCrm.Sales.Plans.Board;

/// <summary>
/// A deal closed or an invoice paid (both published after their commit): the board recounts from the tables, so the
/// notification only says when, and a repeat changes nothing. A board that cannot be told is logged, never thrown to the
/// publisher: the deal or the payment is stored, and the walls re-read their figures on a timer.
/// </summary>
public sealed partial class PlanBoardHandlers(IGrainFactory grains, ILogger<PlanBoardHandlers> logger) : INotificationHandler<DealClosed>, INotificationHandler<InvoicePaid>
{
    public ValueTask Handle(DealClosed notification, CancellationToken cancellationToken) => TellAsync();

    public ValueTask Handle(InvoicePaid notification, CancellationToken cancellationToken) => TellAsync();

    private async ValueTask TellAsync()
    {
        try
        {
            await PlanBoard.ChangedAsync(grains);
        }
        catch (Exception exception)
        {
            LogNotTold(exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The plan board could not be told of a change; the walls catch up at their next reading")]
    private partial void LogNotTold(Exception exception);
}
