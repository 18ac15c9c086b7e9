using OrleansCrm.BuildingBlocks.Persistence;

namespace OrleansCrm.Host.Demo;

/// <summary>Seeds every module's demo data once the host has started, so the API answers at once while the seed runs.</summary>
internal sealed class DemoDataService(IEnumerable<IDemoDataSeeder> seeders, IHostApplicationLifetime lifetime, ILogger<DemoDataService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource();
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        {
            await started.Task.WaitAsync(stoppingToken);
        }

        // Demo data is a convenience: a seeder that fails is logged and the product goes on serving what it has.
        var failed = 0;
        using var actor = OrleansCrm.BuildingBlocks.Audit.AuditContext.Use(OrleansCrm.BuildingBlocks.Audit.AuditActor.Demo); // the audit log names the seeding
        foreach (var seeder in seeders.OrderBy(s => s.Order)) // stable: registration order among equals
        {
            try
            {
                await seeder.SeedAsync(stoppingToken);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                failed++;
                logger.LogError(exception, "Demo data: {Seeder} failed; the product goes on without the rest of it", seeder.GetType().Name);
            }
        }

        if (failed == 0)
        {
            logger.LogInformation("Demo data is in place");
        }
    }
}
