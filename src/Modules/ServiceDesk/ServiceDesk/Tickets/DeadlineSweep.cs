using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using OrleansCrm.BuildingBlocks.Jobs;
using OrleansCrm.ServiceDesk.Contracts;
using OrleansCrm.ServiceDesk.ReadModel;

namespace OrleansCrm.ServiceDesk.Tickets;

/// <summary>
/// Wakes every open (and recently changed) ticket, soon after each start and then every ten minutes: a ticket grain that
/// activates recomputes its deadlines from stored times, handles what fell due while no host held it (marks overdue,
/// raises the alert, re-dispatches after the assignment timeout) and sets its timer. Timers and embedded mode's
/// in-memory reminders do not survive a restart, and the grains of a host that died stay asleep until called.
/// </summary>
/// <remarks>
/// Running twice for one period is harmless: the job only reads tickets, and a ticket acts on a deadline at most once
/// because its stored state records what it has done (the overdue mark, the alert, the timeout's redirect), so a second
/// wake finds nothing left to do. An already active ticket just answers.
/// </remarks>
internal sealed class DeadlineSweep(IDbContextFactory<ServiceDeskDbContext> contexts, IGrainFactory grains, TimeProvider time, ILogger<DeadlineSweep> logger)
    : IRecurringJob
{
    public const string JobId = "servicedesk.deadline-sweep";

    public string Id => JobId;

    public string Cron => "*/10 * * * *";

    public bool RunAtStart => true;

    public async Task RunAsync(JobPeriod period, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // Recently changed tickets too: one may hold work events its specialists have not heard of (see TicketState.Outbox).
        var recently = (time.GetUtcNow() - TicketGrain.OutboxResendWindow).ToUnixTimeMilliseconds();
        var open = await db.Tickets.AsNoTracking()
            .Where(t => t.Status == TicketStatus.New || t.Status == TicketStatus.Assigned || t.Status == TicketStatus.Accepted || t.Status == TicketStatus.InProgress
                || t.ChangedAt >= recently)
            .Select(t => t.Id)
            .ToListAsync(cancellationToken);
        foreach (var batch in open.Chunk(64))
        {
            cancellationToken.ThrowIfCancellationRequested();
            await Task.WhenAll(batch.Select(id => grains.GetGrain<ITicketGrain>(id).Get()));
        }

        logger.LogInformation("Deadline sweep for {Period} woke {Count} open or recently changed tickets", period, open.Count);
    }
}
