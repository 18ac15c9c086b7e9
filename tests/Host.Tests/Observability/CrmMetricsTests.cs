using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics.Metrics;
using OrleansCrm.BuildingBlocks.Observability;
using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.Testing;

namespace OrleansCrm.Host.Tests.Observability;

/// <summary>
/// The product's instruments as a listener sees them, without a host. The meter is process-wide and other tests run
/// beside these, so each test looks only for measurements it alone can have caused, or for counts it at least added.
/// </summary>
public abstract class CrmMetricsTests(DatabaseProvider provider) : DatabaseTest(provider)
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<(string Instrument, double Value, Dictionary<string, object?> Tags)> _measured = new();

    public override async Task InitializeAsync()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == CrmMetrics.Name)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((i, value, tags, _) => Record(i, value, tags));
        _listener.SetMeasurementEventCallback<int>((i, value, tags, _) => Record(i, value, tags));
        _listener.SetMeasurementEventCallback<double>((i, value, tags, _) => Record(i, value, tags));
        _listener.Start();
        await base.InitializeAsync();
        await ExecuteAsync("CREATE TABLE metrics_probe (id INTEGER PRIMARY KEY)");
    }

    public override async Task DisposeAsync()
    {
        _listener.Dispose();
        await base.DisposeAsync();
    }

    [Fact]
    public async Task A_batch_that_fails_as_a_whole_counts_a_batch_and_a_rerun()
    {
        await Projections.WriteAsync(Insert(1));
        await Assert.ThrowsAnyAsync<DbException>(() => Projections.WriteAsync(Insert(1)));

        Assert.True(Count("crm.group_commit.batches") >= 2);
        Assert.True(Count("crm.group_commit.reruns") >= 1);
        Assert.Contains(_measured, m => m.Instrument == "crm.group_commit.batch.size" && m.Value >= 1);
    }

    [Fact]
    public void A_job_run_is_counted_by_job_and_outcome_with_its_duration()
    {
        var job = "metrics-test-" + Guid.NewGuid().ToString("N")[..8];
        CrmMetrics.JobRun(job, succeeded: true, TimeSpan.FromSeconds(2));
        CrmMetrics.JobRun(job, succeeded: false);

        var runs = _measured.Where(m => m.Instrument == "crm.jobs.runs" && Equals(m.Tags["job"], job)).ToList();
        Assert.Equal(["failed", "succeeded"], runs.Select(m => (string)m.Tags["outcome"]!).Order());
        var duration = Assert.Single(_measured, m => m.Instrument == "crm.jobs.duration" && Equals(m.Tags["job"], job));
        Assert.Equal(2.0, duration.Value);
        Assert.Equal("succeeded", duration.Tags["outcome"]);
    }

    [Fact]
    public void Live_feed_drops_are_counted_by_where_they_happened()
    {
        CrmMetrics.LiveFeedDropped("metrics-test", 3);

        var dropped = Assert.Single(_measured, m => m.Instrument == "crm.live_feed.dropped" && Equals(m.Tags["where"], "metrics-test"));
        Assert.Equal(3, dropped.Value);
    }

    private static SqlStatement Insert(int id) => new SqlStatement("INSERT INTO metrics_probe (id) VALUES (@id)").Add("@id", id);

    private double Count(string instrument) => _measured.Where(m => m.Instrument == instrument).Sum(m => m.Value);

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = new Dictionary<string, object?>();
        foreach (var (key, tagValue) in tags)
        {
            copy[key] = tagValue;
        }

        _measured.Enqueue((instrument.Name, value, copy));
    }
}

public sealed class SqliteCrmMetricsTests() : CrmMetricsTests(DatabaseProvider.Sqlite);

public sealed class PostgresCrmMetricsTests() : CrmMetricsTests(DatabaseProvider.PostgreSql);
