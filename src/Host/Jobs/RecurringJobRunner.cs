using Hangfire;
using Hangfire.Server;
using OrleansCrm.BuildingBlocks.Jobs;
using OrleansCrm.BuildingBlocks.Observability;

namespace OrleansCrm.Host.Jobs;

/// <summary>
/// What Hangfire stores and calls for every recurring job: this method with the job's id. One stored call for all jobs
/// keeps Hangfire's records free of module types (a module may rename its classes), and gives one place to work out
/// the period and to log failures. The type's and method's names are stored: keep them.
/// </summary>
public sealed class RecurringJobRunner(IEnumerable<IRecurringJob> jobs, TimeProvider time, ILogger<RecurringJobRunner> logger)
{
    /// <summary>The job parameter Hangfire sets on a run of a recurring job: when it created the run (Unix seconds).</summary>
    private const string TimeParameter = "Time";

    // A failed run is retried a couple of times, then stays in the dashboard's Failed list; the next occurrence runs anyway.
    [AutomaticRetry(Attempts = 2, OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    [JobDisplayName("{0}")]
    public async Task RunAsync(string jobId, PerformContext? context, CancellationToken cancellationToken)
    {
        var job = jobs.FirstOrDefault(j => j.Id == jobId);
        if (job is null)
        {
            // Scheduled by a host of another version, or a job since removed: nothing to run here.
            logger.LogWarning("Recurring job {JobId} is not registered on this host; run {RunId} skipped", jobId, context?.BackgroundJob.Id);
            return;
        }

        var created = context?.GetJobParameter<long?>(TimeParameter) is { } seconds ? DateTimeOffset.FromUnixTimeSeconds(seconds) : time.GetUtcNow();
        var period = JobSchedule.PeriodOf(job.Cron, created);
        var started = time.GetTimestamp();
        using var span = CrmMetrics.ActivitySource.StartActivity($"job {jobId}");
        span?.SetTag("crm.job.period", period.Key);
        using var actor = OrleansCrm.BuildingBlocks.Audit.AuditContext.Use(OrleansCrm.BuildingBlocks.Audit.AuditActor.Job(jobId)); // what it changes is the job's doing
        try
        {
            await job.RunAsync(period, cancellationToken);
            CrmMetrics.JobRun(jobId, succeeded: true, time.GetElapsedTime(started));
            logger.LogInformation("Recurring job {JobId} ran for period {Period} (run {RunId})", jobId, period, context?.BackgroundJob.Id);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            logger.LogInformation("Recurring job {JobId} for period {Period} stopped with the host; it runs again", jobId, period);
            throw;
        }
        catch (Exception exception)
        {
            CrmMetrics.JobRun(jobId, succeeded: false, time.GetElapsedTime(started));
            span?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, exception.Message);
            logger.LogError(exception, "Recurring job {JobId} failed for period {Period} (run {RunId})", jobId, period, context?.BackgroundJob.Id);
            throw;
        }
    }
}
