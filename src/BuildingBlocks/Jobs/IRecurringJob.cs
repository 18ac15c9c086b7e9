namespace OrleansCrm.BuildingBlocks.Jobs;

/// <summary>
/// A company-wide schedule a module owns (a sweep, an expiry scan, monthly invoicing). The host runs it on Hangfire, on
/// one host of the cluster per occurrence; a module registers it with <see cref="RecurringJobs.AddRecurringJob{TJob}"/>
/// in its <c>AddXModule()</c> and never sees Hangfire.
/// </summary>
/// <remarks>
/// A run may happen twice for one period: a worker that misses its heartbeat has its job handed to another, a start
/// trigger can meet a catch-up run of a missed occurrence, an admin can trigger it from the dashboard. So
/// <see cref="RunAsync"/> must be idempotent: key what it writes by the period (or make it a plain re-check of stored
/// state), so that a second run of the same period changes nothing.
/// </remarks>
public interface IRecurringJob
{
    /// <summary>Stable id, unique in the product (<c>module.what</c>): the schedule is stored under it.</summary>
    string Id { get; }

    /// <summary>When it falls due: a cron expression in UTC, five fields (minutes) or six (seconds first).</summary>
    string Cron { get; }

    /// <summary>
    /// Also run once soon after each host starts, for schedules that catch up on what happened while hosts were down
    /// (timers and embedded-mode reminders do not survive a restart). Its period is the last occurrence before the start.
    /// </summary>
    bool RunAtStart => false;

    /// <summary>Does the work for one period; an exception fails the run (logged, shown in the dashboard, retried).</summary>
    Task RunAsync(JobPeriod period, CancellationToken cancellationToken);
}

/// <summary>
/// The occurrence of a schedule a run stands for: <see cref="End"/> is that occurrence, <see cref="Start"/> the one
/// before it, so consecutive runs cover (Start, End] without gaps. A run that starts late (the host was down, the queue
/// was busy) still gets the occurrence it stands for, and two runs for one occurrence get the same period.
/// </summary>
public readonly record struct JobPeriod(DateTimeOffset Start, DateTimeOffset End)
{
    /// <summary>A key for what the run writes, e.g. <c>2026-03-01T00:00:00Z</c>: the same for every run of this period.</summary>
    public string Key => End.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    public override string ToString() => Key;
}
