using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OrleansCrm.BuildingBlocks.Security;
using OrleansCrm.Sales.Tests.Api;
using OrleansCrm.Testing;

namespace OrleansCrm.Sales.Tests.Deals;

/// <summary>Pipelines: configured by Admin, SalesHead and Director, read by everyone in sales, checked field by field, changed at a version.</summary>
public abstract class PipelineTests(HostFixture fixture)
{
    private readonly SalesApi _api = new(fixture);

    [Fact]
    public async Task A_pipeline_is_created_listed_and_changed_at_its_version()
    {
        var name = SalesApi.Unique("Продажі");
        var created = await _api.PipelineAsync(new
        {
            name,
            nextInteractionRequired = true,
            stages = new object[]
            {
                new { code = "new", name = "Нова", probability = 10, requiredFields = new[] { "amount", "budget" } },
                new { code = "offer", name = "Пропозиція", probability = 50, robots = new object[] { new { kind = "CreateTask", title = "Надіслати КП", assignee = "Owner", dueAfter = "4h" } } },
            },
            customFields = new[] { new { key = "budget", name = "Бюджет", type = "Money" } },
            lossReasons = new[] { "Дорого", "Обрали інших" },
        });
        Assert.Equal(1, SalesApi.Version(created));
        Assert.True(created["nextInteractionRequired"]!.GetValue<bool>());
        Assert.Equal("Money", created["customFields"]![0]!["type"]!.GetValue<string>());
        Assert.Equal("CreateTask", created["stages"]![1]!["robots"]![0]!["kind"]!.GetValue<string>());

        var manager = await _api.UserAsync(CrmRoles.Manager);
        var listed = JsonNode.Parse(await manager.Http.GetStringAsync("/api/pipelines"))!.AsArray();
        Assert.Contains(listed, p => p!["name"]!.GetValue<string>() == name);

        var id = SalesApi.Id(created);
        var change = new { name, version = 1, stages = new[] { new { code = "new", name = "Нова", probability = 20 } }, lossReasons = new[] { "Дорого" } };
        var changed = await SalesApi.ReadAsync(await _api.Http.PutAsJsonAsync($"/api/pipelines/{id}", change, CrmHost.Json));
        Assert.Equal(2, SalesApi.Version(changed));
        Assert.Equal(20, changed["stages"]![0]!["probability"]!.GetValue<int>());

        var stale = await _api.Http.PutAsJsonAsync($"/api/pipelines/{id}", change, CrmHost.Json);
        var conflict = await SalesApi.ReadAsync(stale, HttpStatusCode.Conflict);
        Assert.Equal(2, conflict["currentVersion"]!.GetValue<int>());
    }

    [Fact]
    public async Task Each_wrong_field_of_a_pipeline_is_named()
    {
        var response = await _api.Http.PostAsJsonAsync("/api/pipelines", new
        {
            name = "",
            stages = new object[]
            {
                new { code = "new", name = "Нова", probability = 150, requiredFields = new[] { "amount", "nosuch" } },
                new { code = "new", name = "", probability = 0, robots = new object[]
                {
                    new { kind = "CreateTask", assignee = "Owner", dueAfter = "4h" },
                    new { kind = "Notify", text = "Увага", assignee = "Nobody" },
                    new { kind = "PlanInteraction", dueAfter = "soon" },
                } },
            },
            customFields = new[] { new { key = "amount", name = "Сума", type = "Text" } },
            lossReasons = new[] { "Дорого", "дорого" },
            onInvoicePaid = "paid",
        }, CrmHost.Json);

        await ApiAssert.AssertFieldErrorsAsync(response,
            "name", "stages", "stages[0].probability", "stages[0].requiredFields[1]", "stages[1].name",
            "stages[1].robots[0].title", "stages[1].robots[1].assignee", "stages[1].robots[2].dueAfter", "stages[1].robots[2].interaction",
            "customFields[0].key", "lossReasons", "onInvoicePaid");
    }

    [Fact]
    public async Task A_manager_may_read_pipelines_but_not_configure_them()
    {
        var manager = await _api.UserAsync(CrmRoles.Manager);
        var response = await manager.Http.PostAsJsonAsync("/api/pipelines", new { name = SalesApi.Unique("Своя"), stages = new[] { new { code = "a", name = "A" } } }, CrmHost.Json);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);

        var admin = await _api.UserAsync(CrmRoles.Admin);
        var created = await admin.Http.PostAsJsonAsync("/api/pipelines", new { name = SalesApi.Unique("Адмінська"), stages = new[] { new { code = "a", name = "A" } } }, CrmHost.Json);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
    }
}

[Collection(SqliteHostCollection.Name)]
public sealed class PipelineTestsOnSqlite(SqliteHostFixture fixture) : PipelineTests(fixture);

[Collection(PostgresHostCollection.Name)]
public sealed class PipelineTestsOnPostgres(PostgresHostFixture fixture) : PipelineTests(fixture);
