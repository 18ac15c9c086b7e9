using Mediator;
using Microsoft.Extensions.Logging;
using OrleansCrm.Agreements.Contracts;
using OrleansCrm.BuildingBlocks.Errors;
using OrleansCrm.BuildingBlocks.Jobs;
using OrleansCrm.ServiceDesk.Contracts;

namespace OrleansCrm.Billing.Unbilled;

/// <summary>
/// Stores what <see cref="UnbilledWork"/> finds: ticket items first (and withdraws those of tickets reopened since),
/// then hours over for the months given with their contracts, then the fee for days a resumption brought back into
/// force after the month was run. Takes the contracts as data, so it does not depend on how they are read (tests pass
/// their own).
/// </summary>
public sealed class UnbilledWorkSync(UnbilledStore store, ISender sender, TimeProvider time)
{
    public sealed record Result(int TicketItemsCreated, int HourItemsCreated, int FeeDayItemsCreated);

    public async Task<Result> SyncAsync(BillableWork work, IReadOnlyDictionary<DateOnly, IReadOnlyList<BillableContract>> contractsByMonth, CancellationToken cancellationToken)
    {
        var tickets = await SyncTicketsAsync(work, cancellationToken);
        var hours = await SyncHoursAsync(work, contractsByMonth, cancellationToken);
        var days = await SyncFeeDaysAsync(contractsByMonth, cancellationToken);
        return new Result(tickets, hours, days);
    }

    /// <summary>
    /// Stores the resolved billable tickets' items, then withdraws the open items of tickets the service desk no longer
    /// has resolved (reopened): they come back when the ticket is resolved again. Invoiced or written-off items stay, and
    /// their key keeps a second resolution from making a second item for the same work.
    /// </summary>
    public async Task<int> SyncTicketsAsync(BillableWork work, CancellationToken cancellationToken)
    {
        var created = await store.UpsertAsync(UnbilledWork.FromTickets(work.Tickets).ToList(), time.GetUtcNow(), prunedMonths: null, cancellationToken);
        var open = await store.OpenTicketIdsAsync(cancellationToken);
        if (open.Count > 0)
        {
            var reopened = await sender.Send(new ListUnresolvedTickets(open), cancellationToken);
            await store.WithdrawTicketItemsAsync(reopened, time.GetUtcNow(), cancellationToken);
        }

        return created;
    }

    /// <summary>
    /// Only the months in <paramref name="contractsByMonth"/> are looked at (and pruned of hours no longer over). Hours
    /// already settled (invoiced or written off) are subtracted, so hours logged late make an item of their own for the
    /// rest (<see cref="UnbilledWork.BeyondSettled"/>).
    /// </summary>
    public async Task<int> SyncHoursAsync(BillableWork work, IReadOnlyDictionary<DateOnly, IReadOnlyList<BillableContract>> contractsByMonth, CancellationToken cancellationToken)
    {
        var months = contractsByMonth.Keys.ToList();
        var stored = await store.HoursItemsAsync(months, cancellationToken);
        var found = UnbilledWork.BeyondSettled(UnbilledWork.FromHours(work.Minutes, contractsByMonth), stored).ToList();
        return await store.UpsertAsync(found, time.GetUtcNow(), months, cancellationToken);
    }

    /// <summary>
    /// The fee for days in force that neither the month's run invoice nor an earlier item billed (a contract resumed after
    /// its month was run, or skipped as suspended): see <see cref="UnbilledWork.FromFeeDays"/>. A contract without its run
    /// invoice counts as skipped once the month is recorded as run (<see cref="UnbilledStore.MonthRunAsync"/>); before
    /// that, the run bills its days itself.
    /// </summary>
    public async Task<int> SyncFeeDaysAsync(IReadOnlyDictionary<DateOnly, IReadOnlyList<BillableContract>> contractsByMonth, CancellationToken cancellationToken)
    {
        // A day the monthly run billed between this read and the write refuses the write (MonthlyRun.FeeDayClaims): read again.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await FindFeeDaysAsync(contractsByMonth, cancellationToken);
            }
            catch (ConflictException taken) when (taken.Text?.Code == MonthlyRun.FeeDayClaims.TakenCode && attempt < 5)
            {
            }
        }
    }

    private async Task<int> FindFeeDaysAsync(IReadOnlyDictionary<DateOnly, IReadOnlyList<BillableContract>> contractsByMonth, CancellationToken cancellationToken)
    {
        var candidates = new List<UnbilledCandidate>();
        foreach (var (month, contracts) in contractsByMonth)
        {
            var touched = contracts.Where(c => c.Suspensions is { Count: > 0 }).ToList();
            if (touched.Count == 0)
            {
                continue;
            }

            var runInvoices = await store.RunFeeDaysAsync(month, [.. touched.Select(c => c.ContractId)], cancellationToken);
            var apart = await store.FeeDaysBilledApartAsync(month, cancellationToken);
            var runDone = await store.MonthRunAsync(month, cancellationToken);
            candidates.AddRange(UnbilledWork.FromFeeDays(month, touched, runInvoices, apart, runDone));
        }

        // By contract and day, the order the run claims days in (DocumentStore.InsertAndIssueAsync): the two never deadlock.
        candidates = [.. candidates.OrderBy(c => c.ContractId).ThenBy(c => UnbilledWork.DaysOfKey(c.SourceKey)!.From)];
        return candidates.Count == 0 ? 0 : await store.UpsertAsync(candidates, time.GetUtcNow(), prunedMonths: null, cancellationToken);
    }
}

/// <summary>
/// Every hour (and soon after a start) finds paid work nobody has invoiced: billable tickets resolved and hours over the
/// included hours, in the previous and the current month. An open month's hours item follows the time logged; an
/// invoiced or written-off one stays as it was settled. Keyed by source, so a repeated run changes nothing.
/// </summary>
internal sealed class UnbilledWorkJob(IMediator mediator, UnbilledWorkSync sync, TimeProvider time, ILogger<UnbilledWorkJob> logger) : IRecurringJob
{
    public const string JobId = "billing.unbilled-work";

    public string Id => JobId;

    public string Cron => "0 * * * *";

    public bool RunAtStart => true;

    public async Task RunAsync(JobPeriod period, CancellationToken cancellationToken)
    {
        var (from, to) = Months(time.GetUtcNow());
        var work = await mediator.Send(new ListBillableWork(from, to), cancellationToken);
        var tickets = await sync.SyncTicketsAsync(work, cancellationToken);

        // Tickets are stored before the contracts are read: a failure there does not hold the tickets back.
        var contracts = new Dictionary<DateOnly, IReadOnlyList<BillableContract>>();
        for (var month = from; month <= to; month = month.AddMonths(1))
        {
            contracts[month] = await mediator.Send(new ListBillableContracts(month), cancellationToken);
        }

        var hours = await sync.SyncHoursAsync(work, contracts, cancellationToken);
        var days = await sync.SyncFeeDaysAsync(contracts, cancellationToken);
        logger.LogInformation("Unbilled work for {Period}: {Tickets} ticket items, {Hours} hours items and {Days} fee-days items new", period, tickets, hours, days);
    }

    /// <summary>
    /// The previous month to the current one. "Current" is taken a day ahead of UTC, so that the first hours of a month
    /// in a zone east of UTC (Kyiv) are looked at too; the service desk cuts the months in the company's zone.
    /// </summary>
    internal static (DateOnly From, DateOnly To) Months(DateTimeOffset now)
    {
        var ahead = now.UtcDateTime.AddDays(1);
        var to = new DateOnly(ahead.Year, ahead.Month, 1);
        var utc = now.UtcDateTime;
        var from = new DateOnly(utc.Year, utc.Month, 1).AddMonths(-1);
        return (from, to);
    }
}
