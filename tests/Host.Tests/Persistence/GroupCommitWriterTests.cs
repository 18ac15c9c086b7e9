using System.Data.Common;
using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.Testing;

namespace OrleansCrm.Host.Tests.Persistence;

/// <summary>Group commit of projections: every write lands once committed, and a bad write fails alone.</summary>
public abstract class GroupCommitWriterTests(DatabaseProvider provider) : DatabaseTest(provider)
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await ExecuteAsync("CREATE TABLE projection_probe (id INTEGER PRIMARY KEY, version INTEGER NOT NULL)");
    }

    [Fact]
    public async Task Concurrent_writes_are_all_committed_when_their_tasks_complete()
    {
        await Task.WhenAll(Enumerable.Range(1, 300).Select(i => Projections.WriteAsync((c, t, token) => InsertAsync(c, t, i, token))));

        Assert.Equal(300L, await ScalarAsync("SELECT count(*) FROM projection_probe"));
        Assert.Equal(300L * 301 / 2, await ScalarAsync("SELECT sum(id) FROM projection_probe"));
    }

    [Fact]
    public async Task A_failing_write_fails_alone_and_the_others_in_its_batch_land()
    {
        var writes = Enumerable.Range(1, 100)
            .Select(i => Projections.WriteAsync((c, t, token) => InsertAsync(c, t, i == 50 ? 1 : i, token))) // 50 repeats key 1
            .ToList();

        var outcomes = await Task.WhenAll(writes.Select(async w =>
        {
            try
            {
                await w;
                return true;
            }
            catch (DbException)
            {
                return false;
            }
        }));

        Assert.Equal(99, outcomes.Count(ok => ok));
        Assert.Equal(99L, await ScalarAsync("SELECT count(*) FROM projection_probe"));
        Assert.Equal(0L, await ScalarAsync("SELECT count(*) FROM projection_probe WHERE id = 50"));
    }

    [Fact]
    public async Task A_failing_statement_fails_alone_and_the_statements_batched_with_it_land()
    {
        // Statements without followers go as one batch (on PostgreSQL one implicit transaction): the duplicate aborts it.
        var writes = Enumerable.Range(1, 100)
            .Select(i => Projections.WriteAsync(new SqlStatement("INSERT INTO projection_probe (id, version) VALUES (@id, 1)").Add("@id", i == 50 ? 1 : i)))
            .ToList();

        var outcomes = await Task.WhenAll(writes.Select(async w =>
        {
            try
            {
                return await w;
            }
            catch (DbException)
            {
                return -1;
            }
        }));

        Assert.Equal(99, outcomes.Count(rows => rows == 1));
        Assert.Equal(1, outcomes.Count(rows => rows == -1));
        Assert.Equal(99L, await ScalarAsync("SELECT count(*) FROM projection_probe"));
    }

    [Fact]
    public async Task A_following_statement_commits_with_its_statement_only_when_that_one_affected_a_row()
    {
        await ExecuteAsync("CREATE TABLE projection_follower (id INTEGER PRIMARY KEY)");
        await ExecuteAsync("INSERT INTO projection_probe (id, version) VALUES (1, 1), (2, 1)");

        // Written together, so they share batches: the even ids expect a version they do not have.
        var writes = await Task.WhenAll(Enumerable.Range(1, 2).SelectMany(id => Enumerable.Range(0, 20).Select(attempt => Projections.WriteAsync(
            new SqlStatement($"UPDATE projection_probe SET version = version + 1 WHERE id = {id} AND version = @expected").Add("@expected", id == 1 ? 1 : 7),
            new SqlStatement($"INSERT INTO projection_follower (id) VALUES ({id * 100 + attempt})")))));

        Assert.Equal(1, writes.Sum()); // one of id 1's twenty updates found version 1; none of id 2's
        Assert.Equal(1L, await ScalarAsync("SELECT count(*) FROM projection_follower"));
        Assert.Equal(1L, await ScalarAsync("SELECT count(*) FROM projection_follower WHERE id BETWEEN 100 AND 119"));
        Assert.Equal(2L, await ScalarAsync("SELECT version FROM projection_probe WHERE id = 1"));
    }

    [Fact]
    public async Task Batches_of_statements_and_followers_go_through_without_falling_back_round_after_round()
    {
        // As the host connects (statements auto-prepared after two uses, on whichever pooled connection a batch gets): a
        // fast path that fails and falls back to writing one by one would still land every row, so the count is asserted.
        var options = new DatabaseOptions
        {
            Provider = Provider,
            ConnectionString = Provider == DatabaseProvider.PostgreSql ? DatabaseConnections.TunePostgres(Database.Options.ConnectionString) : Database.Options.ConnectionString,
        };
        await using var writer = new GroupCommitWriter(options, Microsoft.Extensions.Logging.Abstractions.NullLogger<GroupCommitWriter>.Instance);
        await ExecuteAsync("CREATE TABLE projection_follower (id INTEGER PRIMARY KEY)");

        // Several statement texts, so that each pooled connection prepares several, under different names.
        for (var round = 0; round < 20; round++)
        {
            var first = round * 60;
            await Task.WhenAll(Enumerable.Range(first, 60).Select(id => (id % 3) switch
            {
                0 => writer.WriteAsync(
                    new SqlStatement("INSERT INTO projection_probe (id, version) VALUES (@id, @version)").Add("@id", id).Add("@version", round),
                    new SqlStatement("INSERT INTO projection_follower (id) VALUES (@id)").Add("@id", id)),
                1 => writer.WriteAsync(new SqlStatement("INSERT INTO projection_probe (version, id) VALUES (@version, @id)").Add("@version", round).Add("@id", id)),
                _ => writer.WriteAsync(new SqlStatement("INSERT INTO projection_follower (id) VALUES (@id)").Add("@id", id)),
            }));
        }

        Assert.Equal(0, writer.BatchesRetried);
        Assert.Equal(800L, await ScalarAsync("SELECT count(*) FROM projection_probe"));
        Assert.Equal(800L, await ScalarAsync("SELECT count(*) FROM projection_follower"));
    }

    [Fact]
    public async Task Parameters_reused_from_earlier_batches_keep_nothing_of_their_last_value()
    {
        // A writer reuses its parameter objects. One that kept the type of a text it carried would send a later NULL as
        // text, which PostgreSQL refuses for a timestamp column: so texts, times and NULLs take turns at each position.
        await using var writer = new GroupCommitWriter(Database.Options, Microsoft.Extensions.Logging.Abstractions.NullLogger<GroupCommitWriter>.Instance);
        await ExecuteAsync($"CREATE TABLE parameter_probe (id INTEGER PRIMARY KEY, note TEXT, at {(Provider == DatabaseProvider.PostgreSql ? "TIMESTAMPTZ" : "TEXT")})");
        var at = new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);
        for (var round = 0; round < 20; round++)
        {
            await Task.WhenAll(Enumerable.Range(round * 30, 30).Select(id => (id % 3) switch
            {
                0 => writer.WriteAsync(new SqlStatement("INSERT INTO parameter_probe (id, note, at) VALUES (@id, @note, @at)").Add("@id", id).Add("@note", "text").Add("@at", null)),
                1 => writer.WriteAsync(new SqlStatement("INSERT INTO parameter_probe (id, at, note) VALUES (@id, @at, @note)").Add("@id", id).Add("@at", null).Add("@note", "text")),
                _ => writer.WriteAsync(new SqlStatement("INSERT INTO parameter_probe (id, at, note) VALUES (@id, @at, @note)").Add("@id", id).Add("@at", at).Add("@note", null)),
            }));
        }

        Assert.Equal(0, writer.BatchesRetried);
        Assert.Equal(600L, await ScalarAsync("SELECT count(*) FROM parameter_probe"));
        Assert.Equal(200L, await ScalarAsync("SELECT count(*) FROM parameter_probe WHERE at IS NOT NULL AND note IS NULL"));
    }

    private static async Task InsertAsync(DbConnection connection, DbTransaction transaction, int id, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"INSERT INTO projection_probe (id, version) VALUES ({id}, 1)";
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

public sealed class SqliteGroupCommitWriterTests() : GroupCommitWriterTests(DatabaseProvider.Sqlite);

public sealed class PostgresGroupCommitWriterTests() : GroupCommitWriterTests(DatabaseProvider.PostgreSql);
