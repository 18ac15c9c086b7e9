using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using OrleansCrm.BuildingBlocks.Audit;
using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.BuildingBlocks.Security;
using OrleansCrm.Identity.Contracts;
using OrleansCrm.Sales.Deals.Robots;
using OrleansCrm.Testing;

namespace OrleansCrm.Sales.Tests.Deals;

/// <summary>
/// A CreateTask robot for a role gives the task to that role's active user with the fewest open sales tasks (ties by name),
/// and to the owner, saying why, when the role has nobody. A host of its own: the shared one's operator holds every sales
/// role, and other tests' tasks would change who has the fewest.
/// </summary>
public sealed class RoleRobotTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task A_role_robot_gives_the_task_to_the_least_busy_user_of_the_role_and_to_the_owner_when_the_role_has_nobody(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var host = database.StartHost();
        using var boss = await host.HttpAsync("boss", [CrmRoles.Director]);
        using var admin = await host.HttpAsync("keeper", [CrmRoles.Admin]);
        (await host.HttpAsync("zz-head-a", [CrmRoles.SalesHead])).Dispose();
        (await host.HttpAsync("zz-head-b", [CrmRoles.SalesHead])).Dispose();
        var users = JsonNode.Parse(await admin.GetStringAsync("/api/users"))!.AsArray();
        Guid IdOf(string name) => Guid.Parse(users.Single(u => u!["userName"]!.GetValue<string>() == name)!["id"]!.GetValue<string>());
        var (bossId, headA, headB) = (IdOf("boss"), IdOf("zz-head-a"), IdOf("zz-head-b"));

        var api = new SalesApi(boss, host);
        var pipeline = SalesApi.Id(await api.PipelineAsync(new
        {
            name = "Погодження",
            stages = new object[]
            {
                new { code = "new", name = "Нова", probability = 10 },
                new { code = "approve", name = "Погодження", probability = 50, robots = new object[] { new { kind = "CreateTask", title = "Погодити знижку", assignee = "SalesHead", dueAfter = "4h" } } },
                new { code = "sign", name = "Підпис", probability = 80, robots = new object[] { new { kind = "CreateTask", title = "Зібрати підписи", assignee = "Manager", dueAfter = "1d" } } },
            },
        }));
        var client = await api.ClientAsync();

        // head A already has an open task: the first deal's goes to head B; then both have one, and A comes first by name.
        var set = await boss.PostAsJsonAsync("/api/tasks", new { title = "Звіт", executorIds = new[] { headA }, dueAt = DateTimeOffset.UtcNow.AddDays(2) }, CrmHost.Json);
        Assert.True(set.IsSuccessStatusCode, await set.Content.ReadAsStringAsync());
        var first = SalesApi.Id(await api.DealAsync(boss, new { clientId = client, pipelineId = pipeline, title = "Перша" }));
        var second = SalesApi.Id(await api.DealAsync(boss, new { clientId = client, pipelineId = pipeline, title = "Друга" }));

        await MoveAsync(boss, first, "approve");
        Assert.Equal(headB, (await TaskAsync(boss, first, "approve"))["executorId"]!.GetValue<Guid>());
        await MoveAsync(boss, second, "approve");
        Assert.Equal(headA, (await TaskAsync(boss, second, "approve"))["executorId"]!.GetValue<Guid>());

        // Nobody is a Manager on this host: the owner gets it, and the task and the deal's audit trail say why.
        await MoveAsync(boss, first, "sign");
        var fallback = await TaskAsync(boss, first, "sign");
        Assert.Equal(bossId, fallback["executorId"]!.GetValue<Guid>());
        var task = await SalesApi.ReadAsync(await boss.GetAsync($"/api/tasks/{fallback["id"]}"));
        Assert.Contains("Manager", task["task"]!["description"]!.GetValue<string>());
        var audit = host.HostServices.GetRequiredService<AuditLog>();
        await using var connection = DatabaseConnections.Create(audit.Database);
        await connection.OpenAsync();
        await using var count = ModuleDb.Command(connection, null,
            $"SELECT COUNT(*) FROM {audit.Table} WHERE entity = 'deal' AND entity_id = @id AND action = 'RobotAssignedToOwner'", ("id", first.ToString()));
        Assert.Equal(1, Convert.ToInt32(await count.ExecuteScalarAsync()));
    }

    [Fact]
    public void The_fewest_open_tasks_win_and_a_tie_goes_to_the_first_name()
    {
        RoleUser olena = new(Guid.NewGuid(), "olena"), bohdan = new(Guid.NewGuid(), "bohdan"), ivan = new(Guid.NewGuid(), "ivan");
        Assert.Equal(ivan, RobotAssignment.Pick([olena, bohdan, ivan], new Dictionary<Guid, int> { [olena.Id] = 2, [bohdan.Id] = 1 }));
        Assert.Equal(bohdan, RobotAssignment.Pick([olena, bohdan, ivan], new Dictionary<Guid, int>()));
        Assert.Equal(olena, RobotAssignment.Pick([olena, bohdan, ivan], new Dictionary<Guid, int> { [bohdan.Id] = 3, [ivan.Id] = 1 }));
    }

    private static async Task MoveAsync(HttpClient http, Guid deal, string stage) =>
        await SalesApi.ReadAsync(await http.PostAsJsonAsync($"/api/deals/{deal}/move", new { toStage = stage }, CrmHost.Json));

    private static async Task<JsonObject> TaskAsync(HttpClient http, Guid deal, string stage)
    {
        var items = await ApiAssert.EventuallyAsync(
            async () => (await SalesApi.ReadAsync(await http.GetAsync($"/api/tasks?dealId={deal}")))["items"]!.AsArray(),
            tasks => tasks.Any(t => t!["dealStage"]?.GetValue<string>() == stage));
        return items.Single(t => t!["dealStage"]!.GetValue<string>() == stage)!.AsObject();
    }
}
