using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.BuildingBlocks.Security;
using OrleansCrm.Sales.Contracts;
using OrleansCrm.Sales.Deals.Lifecycle;
using OrleansCrm.Sales.Deals.Robots;
using OrleansCrm.Sales.Storage;
using OrleansCrm.Sales.Tests.Api;
using OrleansCrm.Testing;

namespace OrleansCrm.Sales.Tests.Deals;

/// <summary>
/// Stage robots and triggers over the real host: a task for the owner on entering a stage, the next stage once the stage's
/// tasks are done, the hand-off to claims and back, a pause's reminder, a robot run twice making one task, and a move
/// whose write fails leaving nothing behind.
/// </summary>
public abstract class RobotTests(HostFixture fixture)
{
    private readonly SalesApi _api = new(fixture);

    private async Task<JsonArray> TasksAsync(Guid deal) =>
        (await SalesApi.ReadAsync(await _api.Http.GetAsync($"/api/tasks?dealId={deal}")))["items"]!.AsArray();

    private async Task<JsonObject> MoveAsync(Guid deal, string stage, HttpStatusCode expected = HttpStatusCode.OK) =>
        await SalesApi.ReadAsync(await _api.Http.PostAsJsonAsync($"/api/deals/{deal}/move", new { toStage = stage }, CrmHost.Json), expected);

    /// <summary>new → offer (a task for the owner, 4h; the deal moves on when it is done) → contract.</summary>
    private Task<JsonObject> TaskPipelineAsync() => _api.PipelineAsync(new
    {
        name = SalesApi.Unique("Роботи"),
        stages = new object[]
        {
            new { code = "new", name = "Нова", probability = 10 },
            new { code = "offer", name = "Пропозиція", probability = 50, advanceWhenTasksDone = true,
                robots = new object[] { new { kind = "CreateTask", title = "Надіслати КП", assignee = "Owner", dueAfter = "4h" }, new { kind = "Notify", text = "Нова пропозиція", assignee = "Owner" } } },
            new { code = "contract", name = "Договір", probability = 90 },
        },
    });

    [Fact]
    public async Task Entering_a_stage_gives_the_owner_its_task_and_finishing_it_moves_the_deal_on()
    {
        var pipeline = SalesApi.Id(await TaskPipelineAsync());
        var (manager, managerId) = await _api.UserAsync(CrmRoles.Manager);
        var deal = SalesApi.Id(await _api.DealAsync(manager, new { clientId = await _api.ClientAsync(), pipelineId = pipeline, title = "Супровід" }));
        Assert.Empty(await TasksAsync(deal));

        await MoveAsync(deal, "offer");
        var task = Assert.Single(await TasksAsync(deal))!;
        Assert.Equal(("Надіслати КП", managerId, "offer"), (task["title"]!.GetValue<string>(), task["executorId"]!.GetValue<Guid>(), task["dealStage"]!.GetValue<string>()));

        var id = task["id"]!.GetValue<Guid>();
        await SalesApi.ReadAsync(await manager.PostAsync($"/api/tasks/{id}/accept", null));
        await SalesApi.ReadAsync(await manager.PostAsync($"/api/tasks/{id}/done", null));
        var moved = await ApiAssert.EventuallyAsync(() => _api.GetDealAsync(deal), d => d["stage"]!.GetValue<string>() == "contract");
        Assert.Equal(["new", "offer", "contract"], SalesApi.Stages(moved));
        Assert.Null(moved["history"]![2]!["by"]); // the trigger moved it, not a person
    }

    [Fact]
    public async Task A_robot_delivered_twice_makes_one_task()
    {
        var pipeline = SalesApi.Id(await TaskPipelineAsync());
        var deal = SalesApi.Id(await _api.DealAsync(_api.Http, new { clientId = await _api.ClientAsync(), pipelineId = pipeline, title = "Двічі" }));
        var entered = await MoveAsync(deal, "offer");

        // The outbox delivering the same stored message again (its first answer was lost): the robots run again.
        var stay = entered["history"]![1]!;
        var message = new DealMessage(DealMessageKind.EnteredStage, stay["seq"]!.GetValue<int>(), pipeline, "offer", stay["enteredAt"]!.GetValue<DateTimeOffset>());
        var details = await fixture.Host.HostServices.GetRequiredService<IGrainFactory>().GetGrain<IDealGrain>(deal).Get();
        await fixture.Host.HostServices.GetRequiredService<DealRobots>().RunAsync(details!, message);

        Assert.Single(await TasksAsync(deal));
    }

    [Fact]
    public async Task A_move_whose_write_fails_leaves_nothing_behind_and_its_retry_runs_the_robot_once()
    {
        var pipeline = SalesApi.Id(await TaskPipelineAsync());
        var created = await _api.DealAsync(_api.Http, new { clientId = await _api.ClientAsync(), pipelineId = pipeline, title = "Збій" });
        var deal = SalesApi.Id(created);
        var grain = fixture.Host.HostServices.GetRequiredService<IGrainFactory>().GetGrain<IDealGrain>(deal).GetGrainId();

        using (fixture.Host.Faults.FailWrite("deal", grain, failure: () => new DatabaseUnavailableException("Injected: the database did not take the write.")))
        {
            var failed = await _api.Http.PostAsJsonAsync($"/api/deals/{deal}/move", new { toStage = "offer", version = 1 }, CrmHost.Json);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
        }

        var after = await _api.GetDealAsync(deal);
        Assert.Equal(("new", 1), (after["stage"]!.GetValue<string>(), SalesApi.Version(after)));
        Assert.Equal(["new"], SalesApi.Stages(after));
        Assert.Equal(1, await StayRowsAsync(deal));
        Assert.Empty(await TasksAsync(deal));

        var retried = await SalesApi.ReadAsync(await _api.Http.PostAsJsonAsync($"/api/deals/{deal}/move", new { toStage = "offer", version = 1 }, CrmHost.Json));
        Assert.Equal(2, SalesApi.Version(retried));
        Assert.Equal(2, await StayRowsAsync(deal));
        Assert.Single(await TasksAsync(deal));
    }

    [Fact]
    public async Task A_deal_goes_to_the_claims_pipeline_and_comes_back_with_both_moves_in_its_history()
    {
        var sales = await _api.PipelineAsync(new
        {
            name = SalesApi.Unique("Продажі"),
            stages = new object[]
            {
                new { code = "new", name = "Нова", probability = 10 },
                new { code = "delivered", name = "Впроваджено", probability = 90 },
                new { code = "defect", name = "Дефект", probability = 80 },
            },
        });
        var claims = await _api.PipelineAsync(new
        {
            name = SalesApi.Unique("Рекламації"),
            stages = new object[]
            {
                new { code = "review", name = "Розбір", probability = 0 },
                new { code = "fixed", name = "Виправлено", probability = 0,
                    robots = new object[] { new { kind = "MoveToPipeline", pipelineId = SalesApi.Id(sales), stage = "delivered" } } },
            },
        });
        // The defect stage hands the deal to claims: linked both ways, so sales is changed once claims exists.
        var linked = await SalesApi.ReadAsync(await _api.Http.PutAsJsonAsync($"/api/pipelines/{SalesApi.Id(sales)}", new
        {
            name = sales["name"]!.GetValue<string>(),
            version = 1,
            stages = new object[]
            {
                new { code = "new", name = "Нова", probability = 10 },
                new { code = "delivered", name = "Впроваджено", probability = 90 },
                new { code = "defect", name = "Дефект", probability = 80,
                    robots = new object[] { new { kind = "MoveToPipeline", pipelineId = SalesApi.Id(claims), stage = "review" } } },
            },
        }, CrmHost.Json));
        Assert.Equal(2, SalesApi.Version(linked));

        var deal = SalesApi.Id(await _api.DealAsync(_api.Http, new { clientId = await _api.ClientAsync(), pipelineId = SalesApi.Id(sales), title = "BAS" }));
        await MoveAsync(deal, "delivered");
        var inClaims = await MoveAsync(deal, "defect");
        Assert.Equal((SalesApi.Id(claims), "review"), (inClaims["pipelineId"]!.GetValue<Guid>(), inClaims["stage"]!.GetValue<string>()));

        var back = await MoveAsync(deal, "fixed");
        Assert.Equal((SalesApi.Id(sales), "delivered"), (back["pipelineId"]!.GetValue<Guid>(), back["stage"]!.GetValue<string>()));
        Assert.Equal(["new", "delivered", "defect", "review", "fixed", "delivered"], SalesApi.Stages(back));
        var pipelines = back["history"]!.AsArray().Select(h => h!["pipelineId"]!.GetValue<Guid>()).ToList();
        Assert.Equal([SalesApi.Id(sales), SalesApi.Id(sales), SalesApi.Id(sales), SalesApi.Id(claims), SalesApi.Id(claims), SalesApi.Id(sales)], pipelines);
        Assert.Equal(6, await StayRowsAsync(deal));

        // The funnel counts from the deal's funnel rows (Deals' projection writes them): back to new and on to delivered again,
        // the deal has reached each stage of each pipeline once, and entered each pipeline once.
        await MoveAsync(deal, "new");
        await MoveAsync(deal, "delivered");
        var head = fixture.Host.Http(CrmRoles.SalesHead);
        var salesFunnel = await SalesApi.ReadAsync(await head.GetAsync($"/api/reports/funnel?pipelineId={SalesApi.Id(sales)}"));
        Assert.Equal(1, salesFunnel["entered"]!.GetValue<int>());
        Assert.Equal([("new", 1), ("delivered", 1), ("defect", 1)], Reached(salesFunnel));
        var claimsFunnel = await SalesApi.ReadAsync(await head.GetAsync($"/api/reports/funnel?pipelineId={SalesApi.Id(claims)}"));
        Assert.Equal(1, claimsFunnel["entered"]!.GetValue<int>());
        Assert.Equal([("review", 1), ("fixed", 1)], Reached(claimsFunnel));

        // The rows the projection wrote (one per pipeline) are what migration 0053's backfill makes from the stored stays.
        var written = await FunnelRowsAsync(deal);
        Assert.Equal(2, written.Count);
        var db = fixture.Host.HostServices.GetRequiredService<SalesDb>();
        await using (var connection = await db.OpenAsync())
        {
            await ModuleDb.ExecuteAsync(connection, null, $"DELETE FROM {db.DealFunnel} WHERE deal_id = @id", CancellationToken.None, ("@id", db.Id(deal)));
            await ModuleDb.ExecuteAsync(connection, null, EmbeddedMigrations.Load(typeof(SalesDb).Assembly, db.Options.Provider).Single(m => m.Name == "deal_funnel_backfill").Sql,
                CancellationToken.None);
        }

        Assert.Equal(written, await FunnelRowsAsync(deal));
    }

    /// <summary>The deal's funnel rows as text, each row's stays in order of their text (the backfill's order is SQLite's own there).</summary>
    private async Task<List<string>> FunnelRowsAsync(Guid deal)
    {
        var db = fixture.Host.HostServices.GetRequiredService<SalesDb>();
        await using var connection = await db.OpenAsync();
        await using var command = ModuleDb.Command(connection, null,
            $"SELECT pipeline_id, version, entered_at, owner_id, amount, status, won_amount, stays FROM {db.DealFunnel} WHERE deal_id = @id ORDER BY pipeline_id", ("@id", db.Id(deal)));
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            var values = Enumerable.Range(0, 7).Select(i => Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture));
            rows.Add(string.Join(" | ", values.Append(string.Join(';', reader.GetString(7).Split(';').Order(StringComparer.Ordinal)))));
        }

        return rows;
    }

    private static List<(string, int)> Reached(JsonObject funnel) =>
        funnel["stages"]!.AsArray().Select(s => (s!["code"]!.GetValue<string>(), s["reached"]!.GetValue<int>())).ToList();

    [Fact]
    public async Task A_paused_deal_reminds_its_owner_once_when_the_pause_ends()
    {
        var pipeline = SalesApi.Id(await TaskPipelineAsync());
        var (manager, managerId) = await _api.UserAsync(CrmRoles.Manager);
        var deal = SalesApi.Id(await _api.DealAsync(manager, new { clientId = await _api.ClientAsync(), pipelineId = pipeline, title = "Пауза" }));
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var paused = await SalesApi.ReadAsync(await manager.PostAsJsonAsync($"/api/deals/{deal}/pause", new { until = today.AddDays(3), comment = "Клієнт у відпустці" }, CrmHost.Json));
        Assert.Equal(today.AddDays(3), DateOnly.Parse(paused["pausedUntil"]!.GetValue<string>()));

        var job = fixture.Host.HostServices.GetRequiredService<PauseEndJob>();
        await job.EndDueAsync(today.AddDays(2), CancellationToken.None);
        Assert.NotNull((await _api.GetDealAsync(deal))["pausedUntil"]);
        Assert.Empty(await TasksAsync(deal));

        await job.EndDueAsync(today.AddDays(3), CancellationToken.None);
        await job.EndDueAsync(today.AddDays(3), CancellationToken.None); // a second run of the period
        Assert.Null((await _api.GetDealAsync(deal))["pausedUntil"]);
        var reminder = Assert.Single(await TasksAsync(deal))!;
        Assert.Equal(managerId, reminder["executorId"]!.GetValue<Guid>());
        Assert.Contains("Пауза", reminder["title"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    private async Task<long> StayRowsAsync(Guid deal)
    {
        var db = fixture.Host.HostServices.GetRequiredService<SalesDb>();
        await using var connection = DatabaseConnections.Create(db.Options);
        await connection.OpenAsync();
        await using var command = ModuleDb.Command(connection, null, $"SELECT COUNT(*) FROM {db.DealStages} WHERE deal_id = @id", ("id", db.Id(deal)));
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }
}

[Collection(SqliteHostCollection.Name)]
public sealed class RobotTestsOnSqlite(SqliteHostFixture fixture) : RobotTests(fixture);

[Collection(PostgresHostCollection.Name)]
public sealed class RobotTestsOnPostgres(PostgresHostFixture fixture) : RobotTests(fixture);
