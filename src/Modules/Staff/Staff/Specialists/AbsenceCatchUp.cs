using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using OrleansCrm.BuildingBlocks.Jobs;
using OrleansCrm.Staff.Contracts;
using OrleansCrm.Staff.ReadModel;

namespace OrleansCrm.Staff.Specialists;

/// <summary>
/// Wakes every specialist whose absence has an end date, soon after each start and then every five minutes: one whose
/// absence ended while no host held it becomes OnDuty (and is announced), the others re-arm their reminder (embedded
/// mode keeps reminders in memory only, and a host that died takes its reminders' timers with it). Reads the list
/// table, so it touches only the few absent specialists.
/// </summary>
/// <remarks>
/// Running twice for one period is harmless: the job only reads specialists, and a specialist ends an absence once,
/// because it compares its stored availability with the clock; a second wake finds them OnDuty already and changes
/// nothing.
/// </remarks>
internal sealed class AbsenceCatchUp(IDbContextFactory<StaffDbContext> contexts, IGrainFactory grains, ILogger<AbsenceCatchUp> logger) : IRecurringJob
{
    public const string JobId = "staff.absence-catch-up";

    public string Id => JobId;

    public string Cron => "*/5 * * * *";

    public bool RunAtStart => true;

    public async Task RunAsync(JobPeriod period, CancellationToken cancellationToken)
    {
        List<Guid> absent;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            absent = await db.Specialists
                .Where(s => s.AvailabilityStatus == AvailabilityStatus.Absent && s.AvailableUntil != null)
                .Select(s => s.Id)
                .ToListAsync(cancellationToken);
        }

        foreach (var id in absent)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await grains.GetGrain<ISpecialistGrain>(id).Get(); // activation does the work
        }

        logger.LogInformation("Absence catch-up for {Period} woke {Count} absent specialists", period, absent.Count);
    }
}
