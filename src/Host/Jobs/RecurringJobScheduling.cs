using Hangfire;
using OrleansCrm.BuildingBlocks.Jobs;

namespace OrleansCrm.Host.Jobs;

/// <summary>
/// Puts every registered job's schedule into Hangfire's storage when the host starts (add or update by id: restarts and
/// hosts starting together are harmless), and once the host has started, triggers the jobs that run at every start.
/// </summary>
internal sealed class RecurringJobScheduling(IServiceScopeFactory scopes, IRecurringJobManagerV2 manager, ILogger<RecurringJobScheduling> logger)
    : IHostedLifecycleService
{
    private IReadOnlyList<(string Id, string Cron, bool RunAtStart)> _jobs = [];

    public Task StartingAsync(CancellationToken cancellationToken)
    {
        using (var scope = scopes.CreateScope())
        {
            _jobs = scope.ServiceProvider.GetServices<IRecurringJob>().Select(j => (j.Id, j.Cron, j.RunAtStart)).ToList();
        }

        var duplicate = _jobs.GroupBy(j => j.Id).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"Two recurring jobs have the id '{duplicate.Key}'.");
        }

        foreach (var (id, cron, _) in _jobs)
        {
            JobSchedule.Parse(cron); // a wrong cron fails the start, not a run hours later
            // Relaxed misfire handling (the default): occurrences missed while every host was down become one run.
            manager.AddOrUpdate<RecurringJobRunner>(id, runner => runner.RunAsync(id, null, CancellationToken.None), cron,
                new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
        }

        return Task.CompletedTask;
    }

    /// <summary>After every hosted service (the silo included) has started: a job may call grains.</summary>
    public Task StartedAsync(CancellationToken cancellationToken)
    {
        foreach (var (id, _, _) in _jobs.Where(j => j.RunAtStart))
        {
            try
            {
                manager.TriggerJob(id);
            }
            catch (Exception exception)
            {
                // The schedule still runs it at its next occurrence.
                logger.LogError(exception, "Triggering recurring job {JobId} at start failed", id);
            }
        }

        return Task.CompletedTask;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
