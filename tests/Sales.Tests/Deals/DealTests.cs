using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.BuildingBlocks.Security;
using OrleansCrm.Sales.Storage;
using OrleansCrm.Sales.Tests.Api;
using OrleansCrm.Testing;

namespace OrleansCrm.Sales.Tests.Deals;

/// <summary>Deals over the API: required fields on leaving a stage, stage history in both tables, win and lose, who sees what.</summary>
public abstract class DealTests(HostFixture fixture)
{
    private readonly SalesApi _api = new(fixture);

    /// <summary>new (needs amount and the custom budget) → offer → contract; two loss reasons.</summary>
    private Task<JsonObject> SalesPipelineAsync() => _api.PipelineAsync(new
    {
        name = SalesApi.Unique("Продажі"),
        stages = new object[]
        {
            new { code = "new", name = "Нова", probability = 10, requiredFields = new[] { "amount", "budget" } },
            new { code = "offer", name = "Пропозиція", probability = 50 },
            new { code = "contract", name = "Договір", probability = 90 },
        },
        customFields = new object[] { new { key = "budget", name = "Бюджет", type = "Money" }, new { key = "urgent", name = "Терміново", type = "Bool" } },
        lossReasons = new[] { "Дорого", "Обрали інших" },
    });

    [Fact]
    public async Task Leaving_a_stage_without_its_required_fields_is_a_409_naming_them()
    {
        var pipeline = await SalesPipelineAsync();
        var client = await _api.ClientAsync();
        var deal = await _api.DealAsync(_api.Http, new { clientId = client, pipelineId = SalesApi.Id(pipeline), title = "1С для бухгалтерії", fields = new { urgent = true } });
        Assert.Equal("new", deal["stage"]!.GetValue<string>());
        Assert.Equal("true", deal["fields"]!["urgent"]!.GetValue<string>());
        var id = SalesApi.Id(deal);

        var refused = await _api.Http.PostAsJsonAsync($"/api/deals/{id}/move", new { toStage = "offer", version = SalesApi.Version(deal) }, CrmHost.Json);
        var problem = await SalesApi.ReadAsync(refused, HttpStatusCode.Conflict);
        Assert.Equal(["amount", "budget"], problem["missing"]!.AsArray().Select(m => m!.GetValue<string>()));
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);

        var edited = await SalesApi.ReadAsync(await _api.Http.PutAsJsonAsync($"/api/deals/{id}",
            new { title = "1С для бухгалтерії", amount = 12000.50m, fields = new { budget = 15000, urgent = true }, version = SalesApi.Version(deal) }, CrmHost.Json));
        var moved = await SalesApi.ReadAsync(await _api.Http.PostAsJsonAsync($"/api/deals/{id}/move", new { toStage = "offer", version = SalesApi.Version(edited) }, CrmHost.Json));
        Assert.Equal("offer", moved["stage"]!.GetValue<string>());

        var stale = await _api.Http.PostAsJsonAsync($"/api/deals/{id}/move", new { toStage = "contract", version = SalesApi.Version(edited) }, CrmHost.Json);
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);

        var unknown = await _api.Http.PostAsJsonAsync($"/api/deals/{id}/move", new { toStage = "nowhere", version = SalesApi.Version(moved) }, CrmHost.Json);
        await ApiAssert.AssertFieldErrorsAsync(unknown, "toStage");

        var badField = await _api.Http.PutAsJsonAsync($"/api/deals/{id}", new { title = "x", fields = new { budget = "багато", other = 1 }, version = SalesApi.Version(moved) }, CrmHost.Json);
        await ApiAssert.AssertFieldErrorsAsync(badField, "fields.budget", "fields.other");
    }

    [Fact]
    public async Task Stage_history_keeps_each_stay_with_its_times_in_the_deal_and_its_table()
    {
        var pipeline = await SalesPipelineAsync();
        var client = await _api.ClientAsync();
        var deal = await _api.DealAsync(_api.Http, new { clientId = client, pipelineId = SalesApi.Id(pipeline), title = "ITS", amount = 9000, fields = new { budget = 9000 } });
        var id = SalesApi.Id(deal);
        var offer = await SalesApi.ReadAsync(await _api.Http.PostAsJsonAsync($"/api/deals/{id}/move", new { toStage = "offer", version = 1 }, CrmHost.Json));
        await SalesApi.ReadAsync(await _api.Http.PostAsJsonAsync($"/api/deals/{id}/move", new { toStage = "contract", version = SalesApi.Version(offer) }, CrmHost.Json));

        var read = await _api.GetDealAsync(id);
        var history = read["history"]!.AsArray();
        Assert.Equal(["new", "offer", "contract"], SalesApi.Stages(read));
        Assert.Equal([1, 2, 3], history.Select(h => h!["seq"]!.GetValue<int>()));
        Assert.All(history.Take(2), h => Assert.True(h!["leftAt"]!.GetValue<DateTimeOffset>() >= h["enteredAt"]!.GetValue<DateTimeOffset>()));
        Assert.Null(history[2]!["leftAt"]);
        Assert.Equal(history[0]!["leftAt"]!.GetValue<DateTimeOffset>(), history[1]!["enteredAt"]!.GetValue<DateTimeOffset>());

        var db = fixture.Host.HostServices.GetRequiredService<SalesDb>();
        await using var connection = DatabaseConnections.Create(db.Options);
        await connection.OpenAsync();
        await using var command = ModuleDb.Command(connection, null,
            $"SELECT stage, left_at IS NULL FROM {db.DealStages} WHERE deal_id = @id ORDER BY seq", ("id", db.Id(id)));
        var rows = new List<(string, bool)>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                rows.Add((reader.GetString(0), Convert.ToBoolean(reader.GetValue(1))));
            }
        }

        Assert.Equal([("new", false), ("offer", false), ("contract", true)], rows);
        var listed = await SalesApi.ReadAsync(await _api.Http.GetAsync($"/api/deals?clientId={client}&stage=contract"));
        Assert.Equal(id, listed["items"]![0]!["id"]!.GetValue<Guid>());
    }

    [Fact]
    public async Task A_deal_is_won_with_an_amount_or_lost_for_a_listed_reason_and_then_stays_closed()
    {
        var pipeline = await SalesPipelineAsync();
        var client = await _api.ClientAsync();
        var won = await _api.DealAsync(_api.Http, new { clientId = client, pipelineId = SalesApi.Id(pipeline), title = "КЕП", amount = 500 });
        var lost = await _api.DealAsync(_api.Http, new { clientId = client, pipelineId = SalesApi.Id(pipeline), title = "M.E.Doc", amount = 3000 });

        var winning = await SalesApi.ReadAsync(await _api.Http.PostAsJsonAsync($"/api/deals/{SalesApi.Id(won)}/win", new { amount = 450 }, CrmHost.Json));
        Assert.Equal("Won", winning["status"]!.GetValue<string>());
        Assert.Equal(450m, winning["wonAmount"]!.GetValue<decimal>());
        Assert.NotNull(winning["closedAt"]);

        var unlisted = await _api.Http.PostAsJsonAsync($"/api/deals/{SalesApi.Id(lost)}/lose", new { reason = "Погода" }, CrmHost.Json);
        await ApiAssert.AssertFieldErrorsAsync(unlisted, "reason");
        var losing = await SalesApi.ReadAsync(await _api.Http.PostAsJsonAsync($"/api/deals/{SalesApi.Id(lost)}/lose", new { reason = "дорого" }, CrmHost.Json));
        Assert.Equal("Lost", losing["status"]!.GetValue<string>());
        Assert.Equal("Дорого", losing["lostReason"]!.GetValue<string>());

        var again = await _api.Http.PostAsJsonAsync($"/api/deals/{SalesApi.Id(lost)}/win", new { amount = 1 }, CrmHost.Json);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        var move = await _api.Http.PostAsJsonAsync($"/api/deals/{SalesApi.Id(won)}/move", new { toStage = "offer" }, CrmHost.Json);
        Assert.Equal(HttpStatusCode.Conflict, move.StatusCode);

        var closed = await SalesApi.ReadAsync(await _api.Http.GetAsync($"/api/deals?clientId={client}&status=Won"));
        Assert.Equal(1, closed["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_manager_sees_and_changes_only_their_own_deals_and_cannot_give_one_away()
    {
        var pipeline = SalesApi.Id(await SalesPipelineAsync());
        var client = await _api.ClientAsync();
        var (mine, me) = await _api.UserAsync(CrmRoles.Manager);
        var (theirs, colleague) = await _api.UserAsync(CrmRoles.Manager);

        var deal = await _api.DealAsync(mine, new { clientId = client, pipelineId = pipeline, title = "Моя угода" });
        Assert.Equal(me, deal["ownerId"]!.GetValue<Guid>());
        var id = SalesApi.Id(deal);

        Assert.Equal(HttpStatusCode.Forbidden, (await theirs.GetAsync($"/api/deals/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await theirs.PostAsJsonAsync($"/api/deals/{id}/lose", new { reason = "Дорого" }, CrmHost.Json)).StatusCode);
        var theirList = await SalesApi.ReadAsync(await theirs.GetAsync($"/api/deals?clientId={client}"));
        Assert.Equal(0, theirList["total"]!.GetValue<int>());
        var myList = await SalesApi.ReadAsync(await mine.GetAsync($"/api/deals?clientId={client}"));
        Assert.Equal(1, myList["total"]!.GetValue<int>());

        var givenAway = await mine.PostAsJsonAsync("/api/deals", new { clientId = client, pipelineId = pipeline, title = "Чужа", ownerId = colleague }, CrmHost.Json);
        Assert.Equal(HttpStatusCode.Forbidden, givenAway.StatusCode);
        var handedOver = await mine.PutAsJsonAsync($"/api/deals/{id}", new { title = "Моя угода", ownerId = colleague, version = SalesApi.Version(deal) }, CrmHost.Json);
        Assert.Equal(HttpStatusCode.Forbidden, handedOver.StatusCode);

        // The head of sales may give it to the colleague, who then sees it.
        var (head, _) = await _api.UserAsync(CrmRoles.SalesHead);
        await SalesApi.ReadAsync(await head.PutAsJsonAsync($"/api/deals/{id}", new { title = "Моя угода", ownerId = colleague, version = SalesApi.Version(deal) }, CrmHost.Json));
        Assert.Equal(HttpStatusCode.OK, (await theirs.GetAsync($"/api/deals/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await mine.GetAsync($"/api/deals/{id}")).StatusCode);
    }
}

[Collection(SqliteHostCollection.Name)]
public sealed class DealTestsOnSqlite(SqliteHostFixture fixture) : DealTests(fixture);

[Collection(PostgresHostCollection.Name)]
public sealed class DealTestsOnPostgres(PostgresHostFixture fixture) : DealTests(fixture);
