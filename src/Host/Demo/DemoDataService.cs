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

        foreach (var seeder in seeders)
        {
            await seeder.SeedAsync(stoppingToken);
        }

        logger.LogInformation("Demo data is in place");
    }
}
