using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansCrm.Staff.Contracts;
using OrleansCrm.Staff.ReadModel;

namespace OrleansCrm.Staff.Specialists;

/// <summary>
/// At start-up, wakes every specialist whose absence has an end date: one that ended while the host was down becomes
/// OnDuty (and is announced), the others re-arm their reminder (embedded mode keeps reminders in memory only).
/// Reads the list table, so it touches only the few absent specialists.
/// </summary>
internal sealed class AbsenceCatchUp(
    IDbContextFactory<StaffDbContext> contexts, IGrainFactory grains, IHostApplicationLifetime lifetime, ILogger<AbsenceCatchUp> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            var started = new TaskCompletionSource();
            using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
            {
                await started.Task.WaitAsync(stoppingToken);
            }

            List<Guid> absent;
            await using (var db = await contexts.CreateDbContextAsync(stoppingToken))
            {
                absent = await db.Specialists
                    .Where(s => s.AvailabilityStatus == AvailabilityStatus.Absent && s.AvailableUntil != null)
                    .Select(s => s.Id)
                    .ToListAsync(stoppingToken);
            }

            foreach (var id in absent)
            {
                stoppingToken.ThrowIfCancellationRequested();
                await grains.GetGrain<ISpecialistGrain>(id).Get(); // activation does the work
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // the host stops before the check finished: the next start does it
        }
        catch (Exception exception)
        {
            logger.LogError(exception, "Checking absences at start-up failed; each specialist still catches up when next used");
        }
    }
}
