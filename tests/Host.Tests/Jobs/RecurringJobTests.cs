using Microsoft.Extensions.DependencyInjection;
using OrleansCrm.BuildingBlocks.Jobs;
using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.Host.Hosting;
using OrleansCrm.Host.Jobs;
using OrleansCrm.Testing;

namespace OrleansCrm.Host.Tests.Jobs;

/// <summary>Recurring jobs a module registers run on the real host, on Hangfire, with the period they stand for.</summary>
public abstract class RecurringJobTests(DatabaseProvider provider) : DatabaseTest(provider)
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(60);

    /// <summary>Short polling, so a test waits for the schedule by seconds.</summary>
    protected static Dictionary<string, string?> QuickPolling(bool server = true) => new()
    {
        ["Crm:Jobs:Server"] = server.ToString(),
        ["Crm:Jobs:SchedulePollingInterval"] = "00:00:01",
        ["Crm:Jobs:QueuePollInterval"] = "00:00:01",
        ["Logging:LogLevel:Hangfire"] = "Information",
        ["Logging:LogLevel:OrleansCrm.Host.Jobs"] = "Information",
    };

    [Fact]
    public async Task A_registered_job_runs_at_start_and_on_its_schedule_with_the_period_it_stands_for()
    {
        var runs = new JobRuns();
        var started = DateTimeOffset.UtcNow;
        await using var host = Database.StartHost(QuickPolling(), services => services
            .AddSingleton(runs)
            .AddRecurringJob<AtStartJob>()
            .AddRecurringJob<EveryTwoSecondsJob>());
        host.AnonymousHttp().Dispose(); // starts the host

        // Triggered at start: the hour that began last, and the hour before it.
        var atStart = await runs.FirstRunAsync(AtStartJob.JobId, Within);
        var hour = new DateTimeOffset(started.Year, started.Month, started.Day, started.Hour, 0, 0, TimeSpan.Zero);
        Assert.True(atStart.End == hour || atStart.End == hour.AddHours(1), $"period {atStart.Start}..{atStart.End}, started {started}");
        Assert.Equal(atStart.End.AddHours(-1), atStart.Start);

        // On its schedule: an occurrence of */2 seconds, after the previous one.
        var scheduled = await runs.FirstRunAsync(EveryTwoSecondsJob.JobId, Within);
        Assert.Equal(0, scheduled.End.Second % 2);
        Assert.Equal(0, scheduled.End.Millisecond);
        Assert.Equal(TimeSpan.FromSeconds(2), scheduled.End - scheduled.Start);
        Assert.Equal(scheduled.End.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"), scheduled.Key);
    }

    [Fact]
    public async Task Every_module_job_is_scheduled_in_hangfire()
    {
        await using var host = Database.StartHost();
        host.AnonymousHttp().Dispose();

        var storage = host.Services.GetRequiredService<Hangfire.JobStorage>();
        using var connection = storage.GetConnection();
        var scheduled = Hangfire.Storage.StorageConnectionExtensions.GetRecurringJobs(connection).Select(j => j.Id).ToList();
        Assert.Contains("servicedesk.deadline-sweep", scheduled);
        Assert.Contains("staff.absence-catch-up", scheduled);
    }
}

public sealed class SqliteRecurringJobTests() : RecurringJobTests(DatabaseProvider.Sqlite)
{
    [Fact]
    public void Embedded_mode_keeps_the_jobs_in_a_file_of_their_own_beside_the_database()
    {
        var file = JobsHosting.SqliteFile(Database.Options, new JobsOptions());
        var product = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(Database.ConnectionString).DataSource;
        Assert.Equal(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(product))!, "jobs.db"), file);
    }

    [Fact]
    public async Task A_job_that_fell_due_while_the_host_was_down_runs_after_the_restart()
    {
        var runs = new JobRuns();
        void Services(IServiceCollection services) => services.AddSingleton(runs).AddRecurringJob<MissedJob>();

        // A host that schedules the job (due two seconds later, hourly) but runs none (Crm:Jobs:Server off), then stops.
        await using (var first = Database.StartHost(QuickPolling(server: false), Services))
        {
            first.AnonymousHttp().Dispose();
        }

        var due = runs.MissedDue;
        while (DateTimeOffset.UtcNow <= due.AddSeconds(1))
        {
            await Task.Delay(200); // bounded: due is two seconds after the first host scheduled the job
        }

        Assert.Empty(runs.Of(MissedJob.JobId));
        await using var second = Database.StartHost(QuickPolling(), Services);
        second.AnonymousHttp().Dispose();
        var period = await runs.FirstRunAsync(MissedJob.JobId, TimeSpan.FromSeconds(60));
        Assert.Equal(due, period.End);
        Assert.Equal(due.AddHours(-1), period.Start);
        Assert.Single(runs.Of(MissedJob.JobId));
    }
}

public sealed class PostgresRecurringJobTests() : RecurringJobTests(DatabaseProvider.PostgreSql);
