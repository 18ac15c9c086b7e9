using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansCrm.ServiceDesk.Contracts;
using OrleansCrm.ServiceDesk.ReadModel;

namespace OrleansCrm.ServiceDesk.Tickets;

/// <summary>
/// After a start, wakes every open (and recently changed) ticket once: each recomputes its deadlines from stored times, handles what fell
/// due while the host was down and sets its timer. Timers (and in-memory reminders) do not survive a restart.
/// </summary>
internal sealed class DeadlineSweep(
    IDbContextFactory<ServiceDeskDbContext> contexts, IGrainFactory grains, TimeProvider time, IHostApplicationLifetime lifetime, ILogger<DeadlineSweep> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource();
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        {
            await started.Task.WaitAsync(stoppingToken);
        }

        await using var db = await contexts.CreateDbContextAsync(stoppingToken);
        // Recently changed tickets too: one may hold work events its specialists have not heard of (see TicketState.Outbox).
        var recently = (time.GetUtcNow() - TicketGrain.OutboxResendWindow).ToUnixTimeMilliseconds();
        var open = await db.Tickets.AsNoTracking()
            .Where(t => t.Status == TicketStatus.New || t.Status == TicketStatus.Assigned || t.Status == TicketStatus.Accepted || t.Status == TicketStatus.InProgress
                || t.ChangedAt >= recently)
            .Select(t => t.Id)
            .ToListAsync(stoppingToken);
        foreach (var batch in open.Chunk(64))
        {
            await Task.WhenAll(batch.Select(id => grains.GetGrain<ITicketGrain>(id).Get()));
        }

        logger.LogInformation("Deadline sweep woke {Count} open or recently changed tickets", open.Count);
    }
}
