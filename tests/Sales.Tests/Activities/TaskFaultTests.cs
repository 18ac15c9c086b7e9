using OrleansCrm.Sales.Activities;
using OrleansCrm.Sales.Activities.Tasks;
using OrleansCrm.Sales.Tests.Api;
using OrleansCrm.Testing;

namespace OrleansCrm.Sales.Tests.Activities;

/// <summary>
/// A task write that fails half-way leaves nothing behind, and the retry with the same key makes each task once. Tasks are
/// relational rows, not grain state, so the fault is injected where such a write can fail: the database refuses the
/// second executor's history row (a trigger this test adds and drops), after the first task, its history and its audit
/// entry were already written in the same transaction.
/// </summary>
public abstract class TaskFaultTests(HostFixture fixture)
{
    private readonly ActivitiesHost _host = new(fixture);

    [Fact]
    public async Task A_create_that_fails_mid_way_leaves_nothing_and_its_retry_makes_each_task_once()
    {
        var store = _host.Service<TaskStore>();
        var (first, second) = (Guid.NewGuid(), Guid.NewGuid());
        var key = "fault:" + Guid.NewGuid();
        var task = new NewTask("Перевірити оплату", null, Guid.NewGuid(), DateTimeOffset.UtcNow.AddDays(1), null, null, Guid.NewGuid(), null, key);
        var name = "fail_" + Guid.NewGuid().ToString("N")[..12];
        var db = _host.Db;
        if (db.IsPostgres)
        {
            await _host.ExecuteAsync($"""
                CREATE FUNCTION sales.{name}() RETURNS trigger AS $$
                BEGIN IF NEW.executor_id = '{second}' THEN RAISE EXCEPTION 'injected: the write failed'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql
                """);
            await _host.ExecuteAsync($"CREATE TRIGGER {name} BEFORE INSERT ON {db.TaskHistory} FOR EACH ROW EXECUTE FUNCTION sales.{name}()");
        }
        else
        {
            await _host.ExecuteAsync($"""
                CREATE TRIGGER {name} BEFORE INSERT ON {db.TaskHistory} WHEN NEW.executor_id = '{second}'
                BEGIN SELECT RAISE(ABORT, 'injected: the write failed'); END
                """);
        }

        try
        {
            await Assert.ThrowsAnyAsync<Exception>(() => store.CreateAsync(task, [first, second], CancellationToken.None));
        }
        finally
        {
            await _host.ExecuteAsync($"DROP TRIGGER {name}{(db.IsPostgres ? $" ON {db.TaskHistory}" : "")}");
        }

        Assert.Equal(0, await _host.CountAsync($"SELECT COUNT(*) FROM {db.Tasks} WHERE idempotency_key = @key", ("key", key)));
        Assert.Equal(0, await _host.CountAsync($"SELECT COUNT(*) FROM {db.TaskHistory} WHERE executor_id = @executor", ("executor", db.Id(first))));

        var made = await store.CreateAsync(task, [first, second], CancellationToken.None);
        var again = await store.CreateAsync(task, [first, second], CancellationToken.None);

        Assert.Equal([first, second], made.Select(t => t.ExecutorId));
        Assert.Equal(made.Select(t => t.Id), again.Select(t => t.Id));
        Assert.Equal(2, await _host.CountAsync($"SELECT COUNT(*) FROM {db.Tasks} WHERE idempotency_key = @key", ("key", key)));
        Assert.Equal(1, await _host.CountAsync($"SELECT COUNT(*) FROM {db.TaskHistory} WHERE executor_id = @executor", ("executor", db.Id(first))));
    }
}

[Collection(SqliteHostCollection.Name)]
public sealed class TaskFaultOnSqlite(SqliteHostFixture fixture) : TaskFaultTests(fixture);

[Collection(PostgresHostCollection.Name)]
public sealed class TaskFaultOnPostgres(PostgresHostFixture fixture) : TaskFaultTests(fixture);
