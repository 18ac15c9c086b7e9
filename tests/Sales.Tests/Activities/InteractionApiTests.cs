using System.Net;
using OrleansCrm.BuildingBlocks.Security;
using OrleansCrm.Sales.Tests.Api;
using OrleansCrm.Testing;
using static OrleansCrm.Sales.Tests.Activities.ActivitiesHost;

namespace OrleansCrm.Sales.Tests.Activities;

/// <summary>Interactions over the API on each database: a pipeline that makes the next step mandatory, "no activity" deals, owners' lists.</summary>
public abstract class InteractionApiTests(HostFixture fixture)
{
    private readonly ActivitiesHost _host = new(fixture);

    [Fact]
    public async Task Finishing_an_interaction_on_a_deal_whose_pipeline_requires_it_must_plan_the_next()
    {
        var (oleh, olehId) = await _host.UserAsync("interactions-oleh", CrmRoles.Manager);
        var deal = await _host.DealAsync(olehId, nextRequired: true);
        var client = Guid.NewGuid();

        await ApiAssert.AssertFieldErrorsAsync(
            await PostAsync(oleh, "/api/interactions", new { kind = "Call", clientId = client, dealId = deal, doneAt = DateTimeOffset.UtcNow, notes = "Обговорили ціну" }), "next");
        var done = await JsonAsync(await PostAsync(oleh, "/api/interactions", new
        {
            kind = "Call", clientId = client, dealId = deal, doneAt = DateTimeOffset.UtcNow, notes = "Обговорили ціну",
            next = new { kind = "Meeting", plannedAt = DateTimeOffset.UtcNow.AddDays(1) },
        }), HttpStatusCode.Created);
        var next = done["nextId"]!.GetValue<string>();

        await ApiAssert.AssertFieldErrorsAsync(await PostAsync(oleh, $"/api/interactions/{next}/done", new { notes = "Зустрілися" }), "next");
        var finished = await JsonAsync(await PostAsync(oleh, $"/api/interactions/{next}/done", new
        {
            notes = "Зустрілися", next = new { kind = "Email", plannedAt = DateTimeOffset.UtcNow.AddDays(2) },
        }), HttpStatusCode.OK);
        Assert.Equal("Done", finished["status"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Conflict, (await PostAsync(oleh, $"/api/interactions/{next}/done", new { notes = "ще раз", next = new { kind = "Call", plannedAt = DateTimeOffset.UtcNow } })).StatusCode);

        // A deal in a pipeline that does not ask for it: finishing without a next step is fine.
        var free = await _host.DealAsync(olehId);
        await JsonAsync(await PostAsync(oleh, "/api/interactions", new { kind = "Note", clientId = client, dealId = free, doneAt = DateTimeOffset.UtcNow }), HttpStatusCode.Created);

        var mine = await JsonAsync(await oleh.GetAsync($"/api/interactions?dealId={deal}"), HttpStatusCode.OK);
        Assert.Equal(["Call", "Meeting", "Email"], mine.AsArray().Select(i => i!["kind"]!.GetValue<string>()));
        Assert.Equal(["Done", "Done", "Planned"], mine.AsArray().Select(i => i!["status"]!.GetValue<string>()));
    }

    [Fact]
    public async Task An_open_deal_without_a_planned_interaction_is_idle_until_one_is_planned()
    {
        var (head, _) = await _host.UserAsync("interactions-head", CrmRoles.SalesHead);
        var (petro, petroId) = await _host.UserAsync("interactions-petro", CrmRoles.Manager);
        var idle = await _host.DealAsync(petroId);
        var alsoIdle = await _host.DealAsync(petroId);
        await _host.DealAsync(petroId, pausedUntil: DateOnly.FromDateTime(DateTime.UtcNow.AddDays(10)));
        await _host.DealAsync(petroId, status: 1);

        var before = await JsonAsync(await head.GetAsync($"/api/interactions/idle-deals?ownerId={petroId}"), HttpStatusCode.OK);
        Assert.Equal(2, before["counts"]!.AsArray().Single()!["count"]!.GetValue<int>());
        Assert.Equal(new[] { idle, alsoIdle }.Order(), before["deals"]!.AsArray().Select(d => Guid.Parse(d!["id"]!.GetValue<string>())).Order());

        await JsonAsync(await PostAsync(petro, "/api/interactions", new { kind = "Call", clientId = Guid.NewGuid(), dealId = idle, plannedAt = DateTimeOffset.UtcNow.AddDays(1) }),
            HttpStatusCode.Created);

        var after = await JsonAsync(await petro.GetAsync("/api/interactions/idle-deals"), HttpStatusCode.OK);
        Assert.Equal(alsoIdle, Guid.Parse(Assert.Single(after["deals"]!.AsArray())!["id"]!.GetValue<string>()));
        Assert.Equal(petroId, Guid.Parse(Assert.Single(after["counts"]!.AsArray())!["ownerId"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_manager_logs_and_sees_only_their_own_interactions()
    {
        var (head, _) = await _host.UserAsync("interactions-head", CrmRoles.SalesHead);
        var (roman, romanId) = await _host.UserAsync("interactions-roman", CrmRoles.Manager);
        var (_, sofiaId) = await _host.UserAsync("interactions-sofia", CrmRoles.Manager);
        var client = Guid.NewGuid();

        Assert.Equal(HttpStatusCode.Forbidden,
            (await PostAsync(roman, "/api/interactions", new { kind = "Call", clientId = client, ownerId = sofiaId, plannedAt = DateTimeOffset.UtcNow })).StatusCode);
        var sofias = await JsonAsync(await PostAsync(head, "/api/interactions", new { kind = "Meeting", clientId = client, ownerId = sofiaId, plannedAt = DateTimeOffset.UtcNow }),
            HttpStatusCode.Created);
        await JsonAsync(await PostAsync(roman, "/api/interactions", new { kind = "Email", clientId = client, plannedAt = DateTimeOffset.UtcNow }), HttpStatusCode.Created);

        var romans = await JsonAsync(await roman.GetAsync($"/api/interactions?clientId={client}"), HttpStatusCode.OK);
        Assert.Equal(romanId, Guid.Parse(Assert.Single(romans.AsArray())!["ownerId"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(roman, $"/api/interactions/{sofias["id"]}/done", new { notes = "не моє" })).StatusCode);
        Assert.Equal(2, (await JsonAsync(await head.GetAsync($"/api/interactions?clientId={client}"), HttpStatusCode.OK)).AsArray().Count);
        await ApiAssert.AssertFieldErrorsAsync(await PostAsync(roman, "/api/interactions", new { notes = "x" }), "kind", "clientId", "plannedAt");
    }
}

[Collection(SqliteHostCollection.Name)]
public sealed class InteractionApiOnSqlite(SqliteHostFixture fixture) : InteractionApiTests(fixture);

[Collection(PostgresHostCollection.Name)]
public sealed class InteractionApiOnPostgres(PostgresHostFixture fixture) : InteractionApiTests(fixture);
