using Mediator;
using OrleansCrm.Billing.Reports;

namespace OrleansCrm.Web.Wall;

/// <summary>What the wall's money tiles and the billing page's debts ask of Billing (pages check MoneyAccess first).</summary>
public sealed class MoneyService(ISender sender)
{
    public ValueTask<MoneySummary> SummaryAsync(CancellationToken cancellationToken = default) =>
        sender.Send(new GetMoneySummary(), cancellationToken);

    public ValueTask<ExpectedReceipts> ExpectedAsync(int days, CancellationToken cancellationToken = default) =>
        sender.Send(new GetExpectedReceipts(days), cancellationToken);

    public ValueTask<ReceivablesPage> ReceivablesAsync(GetReceivables query, CancellationToken cancellationToken = default) =>
        sender.Send(query, cancellationToken);

    public ValueTask<MonthlyMoney> MonthlyAsync(int months, CancellationToken cancellationToken = default) =>
        sender.Send(new GetMonthlyMoney(months), cancellationToken);
}
