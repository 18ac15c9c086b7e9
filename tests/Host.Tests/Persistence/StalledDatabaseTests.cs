using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.Testing;

namespace OrleansCrm.Host.Tests.Persistence;

/// <summary>
/// The group commit on a SQLite database another process keeps locked. Before, a batch that failed on the busy timeout
/// was re-run write by write at up to 30 s each, while the callers had long given up; the writes then committed when
/// the lock went, changes nobody was waiting for any more. Now the wait is bounded and a write past it fails unrun.
/// </summary>
public sealed class StalledDatabaseTests() : DatabaseTest(DatabaseProvider.Sqlite)
{
    [Fact]
    public async Task Writes_on_a_locked_database_fail_within_seconds_and_never_commit_later()
    {
        await ExecuteAsync("CREATE TABLE stall_probe (name TEXT NOT NULL)");
        var options = new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = DatabaseConnections.TuneSqlite(Database.ConnectionString) };
        await using var writer = new GroupCommitWriter(options, NullLogger<GroupCommitWriter>.Instance, maxWait: TimeSpan.FromSeconds(2));
        await using var other = new SqliteConnection(Database.ConnectionString);
        await other.OpenAsync();
        await using var locked = other.BeginTransaction(deferred: false); // BEGIN IMMEDIATE: the write lock, held

        var waited = Stopwatch.StartNew();
        var writes = Enumerable.Range(0, 3)
            .Select(i => writer.WriteAsync(new SqlStatement("INSERT INTO stall_probe (name) VALUES (@name)").Add("@name", $"write {i}")))
            .ToList();
        foreach (var write in writes)
        {
            await Assert.ThrowsAsync<DatabaseUnavailableException>(() => write);
        }

        var failedAfter = waited.Elapsed;
        await locked.CommitAsync();
        await Task.Delay(TimeSpan.FromSeconds(1)); // room for anything still queued to commit, were it going to

        Assert.True(failedAfter < TimeSpan.FromSeconds(15), $"the writes failed only after {failedAfter}");
        Assert.Equal(0L, await ScalarAsync("SELECT count(*) FROM stall_probe"));
    }

    [Fact]
    public void The_product_waits_at_most_five_seconds_for_a_locked_SQLite_database_unless_told_otherwise()
    {
        Assert.Equal(5, new SqliteConnectionStringBuilder(DatabaseConnections.TuneSqlite("Data Source=data/crm.db")).DefaultTimeout);
        Assert.Equal(9, new SqliteConnectionStringBuilder(DatabaseConnections.TuneSqlite("Data Source=data/crm.db;Default Timeout=9")).DefaultTimeout);
    }
}
