using System.Net;
using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using OrleansCrm.BuildingBlocks.LiveFeed;
using OrleansCrm.BuildingBlocks.Security;
using OrleansCrm.Sales.Contracts;
using OrleansCrm.Sales.Tests.Api;
using OrleansCrm.Testing;
using static OrleansCrm.Sales.Tests.Activities.ActivitiesHost;

namespace OrleansCrm.Sales.Tests.Activities;

/// <summary>
/// The calendar's live feed: an interaction planned, moved and done is told after each commit as
/// <c>interactionChanged</c>, routed to its owner's group and the heads of sales; a retried move tells nothing new.
/// </summary>
public abstract class InteractionLiveTests(HostFixture fixture)
{
    private readonly ActivitiesHost _host = new(fixture);

    [Fact]
    public async Task Planned_moved_and_done_are_each_told_to_the_owner_and_the_heads()
    {
        var (manager, managerId) = await _host.UserAsync("live-calendar-manager", CrmRoles.Manager);
        var client = await _host.ClientAsync();
        var heard = Channel.CreateUnbounded<InteractionChanged>();
        using var subscription = _host.Service<ILiveFeedSubscriptions>().Subscribe<InteractionChanged>((e, _) =>
        {
            if (e.OwnerId == managerId)
            {
                heard.Writer.TryWrite(e);
            }

            return ValueTask.CompletedTask;
        });
        var planned = DateTimeOffset.UtcNow.AddDays(2);
        var later = planned.AddDays(1);

        var made = await JsonAsync(await PostAsync(manager, "/api/interactions", new { kind = "Call", clientId = client, plannedAt = planned }), HttpStatusCode.Created);
        var id = Guid.Parse(made["id"]!.GetValue<string>());
        var moved = await JsonAsync(await PostAsync(manager, $"/api/interactions/{id}/move", new { plannedAt = later, version = 1 }), HttpStatusCode.OK);
        Assert.Equal(2, moved["version"]!.GetValue<int>());
        await JsonAsync(await PostAsync(manager, $"/api/interactions/{id}/move", new { plannedAt = later, version = 1 }), HttpStatusCode.OK); // a retry
        Assert.Equal(HttpStatusCode.Conflict, (await PostAsync(manager, $"/api/interactions/{id}/move", new { plannedAt = planned, version = 1 })).StatusCode);
        await JsonAsync(await PostAsync(manager, $"/api/interactions/{id}/done", new { notes = "Домовились про демо" }), HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.Conflict, (await PostAsync(manager, $"/api/interactions/{id}/move", new { plannedAt = planned })).StatusCode);

        var told = new List<InteractionChanged>();
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        while (told.Count < 3)
        {
            told.Add(await heard.Reader.ReadAsync(wait.Token));
        }

        Assert.All(told, e => Assert.Equal(id, e.InteractionId));
        Assert.Equal([1, 2, 3], told.Select(e => e.Version));
        Assert.Equal(planned.ToUnixTimeSeconds(), told[0].PlannedAt!.Value.ToUnixTimeSeconds());
        Assert.Equal(later.ToUnixTimeSeconds(), told[1].PlannedAt!.Value.ToUnixTimeSeconds());
        Assert.Equal([false, false, true], told.Select(e => e.Done));
        Assert.False(heard.Reader.TryRead(out _));

        var route = _host.Service<IEnumerable<ILiveRoute>>().Single(r => r.EventType == typeof(InteractionChanged));
        Assert.Equal("interactionChanged", route.Message);
        Assert.Equal([SalesGroups.User(managerId), LiveGroups.SalesHeads], route.GroupsOf(told[0]));
    }
}

[Collection(SqliteHostCollection.Name)]
public sealed class InteractionLiveOnSqlite(SqliteHostFixture fixture) : InteractionLiveTests(fixture);

[Collection(PostgresHostCollection.Name)]
public sealed class InteractionLiveOnPostgres(PostgresHostFixture fixture) : InteractionLiveTests(fixture);
