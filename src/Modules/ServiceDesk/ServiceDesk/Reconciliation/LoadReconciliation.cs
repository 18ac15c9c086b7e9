using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansCrm.BuildingBlocks.Ids;
using OrleansCrm.BuildingBlocks.Jobs;
using OrleansCrm.BuildingBlocks.LiveFeed;
using OrleansCrm.ServiceDesk.Contracts;
using OrleansCrm.ServiceDesk.ReadModel;
using OrleansCrm.Staff.Contracts;

namespace OrleansCrm.ServiceDesk.Reconciliation;

/// <summary>
/// Every quarter of an hour, compares each specialist's load with the tickets that say they hold them (the tickets
/// table, which commits with each ticket's state), raises an alert for every difference and repairs it: the specialist
/// then holds exactly those tickets. A load can only drift through a fault (a lost or duplicated work event, two
/// dispatchers while the cluster changed); this is the net under the outbox and the directory.
/// </summary>
/// <remarks>
/// A ticket commits before its specialists hear of it, so a difference may be a delivery under way: the tickets
/// concerned are woken (which re-sends what their outbox still holds), and only a difference that is still the same a
/// while later (<see cref="ServiceDeskOptions.ReconciliationSettle"/>) is repaired. Running twice for one period is
/// harmless: the second run finds nothing to repair, and its alerts' ids (keyed by the period) are the first run's.
/// </remarks>
internal sealed class LoadReconciliation(
    IDbContextFactory<ServiceDeskDbContext> contexts,
    IGrainFactory grains,
    IPublisher publisher,
    ILiveFeed liveFeed,
    IOptions<ServiceDeskOptions> options,
    TimeProvider time,
    ILogger<LoadReconciliation> logger) : IRecurringJob
{
    public const string JobId = "servicedesk.load-reconciliation";

    public string Id => JobId;

    public string Cron => "*/15 * * * *";

    public async Task RunAsync(JobPeriod period, CancellationToken cancellationToken)
    {
        var suspects = await DifferencesAsync(null, cancellationToken);
        if (suspects.Count == 0)
        {
            logger.LogInformation("Load reconciliation for {Period}: every load matches its open tickets", period);
            return;
        }

        foreach (var ticket in suspects.Values.SelectMany(d => d.Differing).Distinct())
        {
            await grains.GetGrain<ITicketGrain>(ticket).Get(); // an activation re-sends the work events its outbox holds
        }

        await Task.Delay(options.Value.ReconciliationSettle, time, cancellationToken);
        var still = await DifferencesAsync(suspects.Keys, cancellationToken);
        var repaired = 0;
        foreach (var (specialistId, difference) in still)
        {
            if (!suspects.TryGetValue(specialistId, out var before) || !before.SameAs(difference))
            {
                continue; // still moving: the next run looks again
            }

            var details = await grains.GetGrain<ISpecialistGrain>(specialistId).ReconcileLoad(difference.Expected);
            repaired++;
            foreach (var ticket in difference.Differing)
            {
                await AlertAsync(period, details, difference, ticket);
            }

            foreach (var queue in SupportQueues.All)
            {
                await grains.GetGrain<IDispatcherGrain>(queue).SpecialistChanged(specialistId); // its view re-reads the load
            }
        }

        logger.Log(repaired > 0 ? LogLevel.Warning : LogLevel.Information,
            "Load reconciliation for {Period}: {Suspects} loads differed from their open tickets, {Repaired} repaired", period, suspects.Count, repaired);
    }

    private async Task AlertAsync(JobPeriod period, SpecialistDetails specialist, Difference difference, Guid ticketId)
    {
        var held = difference.Expected.Any(t => t.TicketId == ticketId);
        var row = difference.Rows.GetValueOrDefault(ticketId);
        var subject = row?.Subject ?? ticketId.ToString();
        var alert = new TicketAlert(
            DeterministicGuid.Create("servicedesk/alerts/load", $"{specialist.Id}/{ticketId}/{period.Key}"),
            TicketAlertKind.LoadRepaired,
            ticketId,
            specialist.Id,
            held
                ? $"{specialist.Name}'s load left out «{subject}», which they hold: load {difference.ActualLoad}, open tickets weigh {difference.ExpectedLoad}. Repaired."
                : $"{specialist.Name}'s load counted «{subject}», which they do not hold: load {difference.ActualLoad}, open tickets weigh {difference.ExpectedLoad}. Repaired.",
            time.GetUtcNow());
        await publisher.Publish(new TicketAlertRaised(alert));
        liveFeed.Publish(AlertRaised.From(alert, row?.ClientId));
    }

    /// <summary>Each specialist (the dispatchers' rosters and every assignee, or just <paramref name="only"/>) whose load differs from the table.</summary>
    private async Task<Dictionary<Guid, Difference>> DifferencesAsync(IEnumerable<Guid>? only, CancellationToken cancellationToken)
    {
        List<TicketRow> open;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            open = await db.Tickets.AsNoTracking()
                .Where(t => t.AssigneeId != null && (t.Status == TicketStatus.Assigned || t.Status == TicketStatus.Accepted
                    || t.Status == TicketStatus.InProgress || t.Status == TicketStatus.Paused))
                .ToListAsync(cancellationToken);
        }

        var held = open.GroupBy(t => t.AssigneeId!.Value).ToDictionary(g => g.Key, g => g.ToList());
        var specialists = only?.ToHashSet() ?? await EveryoneAsync(held.Keys);
        var differences = new Dictionary<Guid, Difference>();
        foreach (var specialistId in specialists)
        {
            if (await grains.GetGrain<ISpecialistGrain>(specialistId).Get() is not { } specialist)
            {
                continue;
            }

            var expected = held.GetValueOrDefault(specialistId) ?? [];
            var expectedIds = expected.Select(t => t.Id).ToHashSet();
            var expectedLoad = expected.Sum(t => t.Weight);
            if (expectedIds.SetEquals(specialist.OpenTickets) && expectedLoad == specialist.Load)
            {
                continue;
            }

            var differing = expectedIds.ToHashSet();
            differing.SymmetricExceptWith(specialist.OpenTickets);
            if (differing.Count == 0)
            {
                differing.UnionWith(expectedIds); // the same tickets at other weights
            }

            var rows = await RowsAsync(differing, cancellationToken);
            differences[specialistId] = new Difference(
                [.. expected.Select(t => new HeldTicket(t.Id, t.Weight))], [.. differing.Order()], specialist.Load, expectedLoad, rows);
        }

        return differences;
    }

    private async Task<HashSet<Guid>> EveryoneAsync(IEnumerable<Guid> assignees)
    {
        var everyone = assignees.ToHashSet();
        foreach (var queue in SupportQueues.All)
        {
            everyone.UnionWith((await grains.GetGrain<IDispatcherGrain>(queue).Board()).Specialists.Select(s => s.Id));
        }

        return everyone;
    }

    private async Task<Dictionary<Guid, TicketRow>> RowsAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Tickets.AsNoTracking().Where(t => ids.Contains(t.Id)).ToDictionaryAsync(t => t.Id, cancellationToken);
    }

    /// <summary>What the table says a specialist holds, against what their load says.</summary>
    private sealed record Difference(
        IReadOnlyList<HeldTicket> Expected, IReadOnlyList<Guid> Differing, int ActualLoad, int ExpectedLoad, IReadOnlyDictionary<Guid, TicketRow> Rows)
    {
        public bool SameAs(Difference other) =>
            ActualLoad == other.ActualLoad && ExpectedLoad == other.ExpectedLoad && Differing.SequenceEqual(other.Differing) && Expected.SequenceEqual(other.Expected);
    }
}
