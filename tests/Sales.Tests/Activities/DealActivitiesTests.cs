using Microsoft.Extensions.DependencyInjection;
using OrleansCrm.BuildingBlocks.Audit;
using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.Sales.Activities;
using OrleansCrm.Sales.Activities.Tasks;
using OrleansCrm.Sales.Storage;
using OrleansCrm.Sales.Tests.Api;
using OrleansCrm.Testing;

namespace OrleansCrm.Sales.Tests.Activities;

/// <summary>What deals' robots and triggers use: keyed creates (a repeat makes nothing twice), one task per executor, open stage tasks counted.</summary>
public abstract class DealActivitiesTests(HostFixture fixture)
{
    private IDealActivities Activities => fixture.Host.HostServices.GetRequiredService<IDealActivities>();

    [Fact]
    public async Task A_robot_run_twice_makes_one_task_per_executor_once_and_counts_the_stage_s_open_ones()
    {
        var deal = Guid.NewGuid();
        var executors = new[] { Guid.NewGuid(), Guid.NewGuid() };
        var task = new NewTask("Подзвонити клієнту", null, null, DateTimeOffset.UtcNow.AddHours(4), deal, "proposal", Guid.NewGuid(), null, $"robot:{deal}:1:0");

        var first = await Activities.CreateTasksAsync(task, executors, CancellationToken.None);
        var again = await Activities.CreateTasksAsync(task, executors, CancellationToken.None);

        Assert.Equal(2, first.Count);
        Assert.Equal(first, again);
        Assert.Equal(2, await Activities.CountOpenStageTasksAsync(deal, "proposal", CancellationToken.None));
        Assert.Equal(0, await Activities.CountOpenStageTasksAsync(deal, "contract", CancellationToken.None));
        Assert.Equal(2, await CountAsync($"SELECT COUNT(*) FROM {Db.Tasks} WHERE deal_id = @deal", ("deal", Db.Id(deal))));
        Assert.Equal(1, await CountAsync($"SELECT COUNT(*) FROM {Db.TaskHistory} WHERE task_id = @id", ("id", Db.Id(first[0]))));
        Assert.Equal(1, await CountAsync($"SELECT COUNT(*) FROM {Audit.Table} WHERE entity = 'task' AND entity_id = @id", ("id", first[0].ToString())));

        // The executor finishes one: the stage has one open task left.
        var store = fixture.Host.HostServices.GetRequiredService<TaskStore>();
        var executor = new SalesCaller(executors[0], "executor", false);
        await store.ActAsync(first[0], executor, TaskAction.Accept, null, null, CancellationToken.None);
        await store.ActAsync(first[0], executor, TaskAction.Done, null, null, CancellationToken.None);
        Assert.Equal(1, await Activities.CountOpenStageTasksAsync(deal, "proposal", CancellationToken.None));
    }

    [Fact]
    public async Task A_planned_interaction_with_the_same_key_is_planned_once()
    {
        var client = Guid.NewGuid();
        var interaction = new NewInteraction(InteractionKind.Call, client, null, Guid.NewGuid(), Guid.NewGuid(), DateTimeOffset.UtcNow.AddDays(1), "Уточнити бюджет", $"robot:{client}:2:1");

        var first = await Activities.PlanInteractionAsync(interaction, CancellationToken.None);
        var again = await Activities.PlanInteractionAsync(interaction, CancellationToken.None);

        Assert.Equal(first, again);
        Assert.Equal(1, await CountAsync($"SELECT COUNT(*) FROM {Db.Interactions} WHERE client_id = @client AND done_at IS NULL", ("client", Db.Id(client))));
    }

    private SalesDb Db => fixture.Host.HostServices.GetRequiredService<SalesDb>();

    private AuditLog Audit => fixture.Host.HostServices.GetRequiredService<AuditLog>();

    private async Task<int> CountAsync(string sql, params (string, object?)[] values)
    {
        await using var connection = DatabaseConnections.Create(Db.Options);
        await connection.OpenAsync();
        await using var command = ModuleDb.Command(connection, null, sql, values);
        return Convert.ToInt32(await command.ExecuteScalarAsync());
    }
}

[Collection(SqliteHostCollection.Name)]
public sealed class DealActivitiesOnSqlite(SqliteHostFixture fixture) : DealActivitiesTests(fixture);

[Collection(PostgresHostCollection.Name)]
public sealed class DealActivitiesOnPostgres(PostgresHostFixture fixture) : DealActivitiesTests(fixture);
