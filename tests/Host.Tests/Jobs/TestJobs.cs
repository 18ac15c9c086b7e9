using System.Collections.Concurrent;
using OrleansCrm.BuildingBlocks.Jobs;

namespace OrleansCrm.Host.Tests.Jobs;

/// <summary>What the test jobs of one test saw: shared by the hosts of that test (a restart keeps it).</summary>
public sealed class JobRuns
{
    public ConcurrentQueue<(string JobId, JobPeriod Period)> Runs { get; } = new();

    private readonly Lazy<DateTimeOffset> _missedDue = new(() =>
    {
        var soon = DateTimeOffset.UtcNow.AddSeconds(2);
        return new DateTimeOffset(soon.Year, soon.Month, soon.Day, soon.Hour, soon.Minute, soon.Second, TimeSpan.Zero);
    });

    /// <summary>
    /// When <see cref="MissedJob"/> falls due: two seconds after the first host asked for its cron (when it scheduled
    /// it), so it is in the future when scheduled however long that host took to start.
    /// </summary>
    public DateTimeOffset MissedDue => _missedDue.Value;

    /// <summary>Hourly at <see cref="MissedDue"/>'s minute and second.</summary>
    public string MissedCron => $"{MissedDue.Second} {MissedDue.Minute} * * * *";

    public IReadOnlyList<JobPeriod> Of(string jobId) => Runs.Where(r => r.JobId == jobId).Select(r => r.Period).ToList();

    /// <summary>Polls until <paramref name="jobId"/> has run, for at most <paramref name="within"/>.</summary>
    public async Task<JobPeriod> FirstRunAsync(string jobId, TimeSpan within)
    {
        var until = DateTime.UtcNow + within;
        while (DateTime.UtcNow < until)
        {
            if (Of(jobId) is [var first, ..])
            {
                return first;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"{jobId} did not run within {within}");
    }
}

/// <summary>Hourly, and once at every start.</summary>
public sealed class AtStartJob(JobRuns runs) : IRecurringJob
{
    public const string JobId = "test.at-start";

    public string Id => JobId;

    public string Cron => "0 * * * *";

    public bool RunAtStart => true;

    public Task RunAsync(JobPeriod period, CancellationToken cancellationToken)
    {
        runs.Runs.Enqueue((Id, period));
        return Task.CompletedTask;
    }
}

/// <summary>Every two seconds, never at start: runs only when the schedule says so.</summary>
public sealed class EveryTwoSecondsJob(JobRuns runs) : IRecurringJob
{
    public const string JobId = "test.every-two-seconds";

    public string Id => JobId;

    public string Cron => "*/2 * * * * *";

    public Task RunAsync(JobPeriod period, CancellationToken cancellationToken)
    {
        runs.Runs.Enqueue((Id, period));
        return Task.CompletedTask;
    }
}

/// <summary>Hourly at a second fixed when it is first scheduled (<see cref="JobRuns.MissedCron"/>), never at start.</summary>
public sealed class MissedJob(JobRuns runs) : IRecurringJob
{
    public const string JobId = "test.missed";

    public string Id => JobId;

    public string Cron => runs.MissedCron;

    public Task RunAsync(JobPeriod period, CancellationToken cancellationToken)
    {
        runs.Runs.Enqueue((Id, period));
        return Task.CompletedTask;
    }
}
