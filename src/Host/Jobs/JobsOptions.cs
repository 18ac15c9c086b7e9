namespace OrleansCrm.Host.Jobs;

/// <summary>Bound from <c>Crm:Jobs</c>: how this host takes part in running the recurring jobs.</summary>
public sealed class JobsOptions
{
    public const string Section = "Crm:Jobs";

    /// <summary>Run jobs on this host. Off: the host still schedules the jobs and serves the dashboard, others run them.</summary>
    public bool Server { get; set; } = true;

    /// <summary>Jobs run at once on this host: company-wide schedules are few and the machines small.</summary>
    public int Workers { get; set; } = 2;

    /// <summary>How often an idle worker looks for queued work (PostgreSQL also wakes it at once by NOTIFY).</summary>
    public TimeSpan QueuePollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often a host checks whether a schedule has fallen due.</summary>
    public TimeSpan SchedulePollingInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Embedded mode: the jobs' own SQLite file; by default <c>jobs.db</c> beside the product's database file.</summary>
    public string? SqliteFile { get; set; }

    /// <summary>Server mode: the PostgreSQL schema of Hangfire's tables in the product's database.</summary>
    public string Schema { get; set; } = "hangfire";

    /// <summary>Server mode: connections Hangfire may hold per host, in a pool apart from the product's.</summary>
    public int MaxConnections { get; set; } = 6;
}
