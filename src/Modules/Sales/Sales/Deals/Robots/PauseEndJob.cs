using OrleansCrm.BuildingBlocks.Jobs;
using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.Sales.Contracts;
using OrleansCrm.Sales.Storage;

namespace OrleansCrm.Sales.Deals.Robots;

/// <summary>
/// Ends the pauses that are due (paused_until on or before today, in UTC): each deal clears its pause and reminds its owner
/// from its outbox. A re-check of stored state, so a second run of a period finds nothing left; it also runs at start,
/// since nothing counts down while the hosts are down.
/// </summary>
internal sealed class PauseEndJob(SalesDb db, IGrainFactory grains, TimeProvider time) : IRecurringJob
{
    public string Id => "sales.pause-ends";

    public string Cron => "*/15 * * * *";

    public bool RunAtStart => true;

    public Task RunAsync(JobPeriod period, CancellationToken cancellationToken) =>
        EndDueAsync(DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime), cancellationToken);

    public async Task<int> EndDueAsync(DateOnly today, CancellationToken cancellationToken)
    {
        var due = new List<Guid>();
        await using (var connection = DatabaseConnections.Create(db.Options))
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = ModuleDb.Command(connection, null,
                $"SELECT id FROM {db.Deals} WHERE status = @open AND paused_until IS NOT NULL AND paused_until <= @today",
                ("open", (int)DealStatus.Open), ("today", db.Date(today)));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                due.Add(ModuleDb.ReadId(reader, 0));
            }
        }

        foreach (var id in due)
        {
            await grains.GetGrain<IDealGrain>(id).EndPauseIfDue(today);
        }

        return due.Count;
    }
}
