using Mediator;
using Microsoft.Extensions.Logging;
using OrleansCrm.Agreements.Contracts;
using OrleansCrm.BuildingBlocks.Jobs;
using OrleansCrm.ServiceDesk.Contracts;

namespace OrleansCrm.Billing.Unbilled;

/// <summary>
/// Stores what <see cref="UnbilledWork"/> finds: ticket items first, then hours over for the months given with their
/// contracts. Takes the contracts as data, so it does not depend on how they are read (tests pass their own).
/// </summary>
public sealed class UnbilledWorkSync(UnbilledStore store, TimeProvider time)
{
    public sealed record Result(int TicketItemsCreated, int HourItemsCreated);

    public async Task<Result> SyncAsync(BillableWork work, IReadOnlyDictionary<DateOnly, IReadOnlyList<BillableContract>> contractsByMonth, CancellationToken cancellationToken)
    {
        var tickets = await SyncTicketsAsync(work, cancellationToken);
        var hours = await SyncHoursAsync(work, contractsByMonth, cancellationToken);
        return new Result(tickets, hours);
    }

    public Task<int> SyncTicketsAsync(BillableWork work, CancellationToken cancellationToken) =>
        store.UpsertAsync(UnbilledWork.FromTickets(work.Tickets).ToList(), time.GetUtcNow(), prunedMonths: null, cancellationToken);

    /// <summary>Only the months in <paramref name="contractsByMonth"/> are looked at (and pruned of hours no longer over).</summary>
    public Task<int> SyncHoursAsync(BillableWork work, IReadOnlyDictionary<DateOnly, IReadOnlyList<BillableContract>> contractsByMonth, CancellationToken cancellationToken) =>
        store.UpsertAsync(UnbilledWork.FromHours(work.Minutes, contractsByMonth).ToList(), time.GetUtcNow(), contractsByMonth.Keys.ToList(), cancellationToken);
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
        logger.LogInformation("Unbilled work for {Period}: {Tickets} ticket items and {Hours} hours items new", period, tickets, hours);
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
