using System.Net;
using System.Net.Http.Json;
using Mediator;
using Microsoft.Extensions.Options;
using OrleansCrm.Sales.Activities.Demo;
using OrleansCrm.Sales.Activities.Interactions;
using OrleansCrm.Sales.Activities.Tasks;
using OrleansCrm.Sales.Tests.Api;
using OrleansCrm.Testing;

namespace OrleansCrm.Sales.Tests.Activities;

/// <summary>The demo seed makes each manager's tasks and interactions once, however often it runs.</summary>
public abstract class ActivityDemoSeederTests(HostFixture fixture)
{
    private readonly ActivitiesHost _host = new(fixture);

    [Fact]
    public async Task Seeding_twice_makes_the_demo_tasks_and_interactions_once()
    {
        var (manager, head) = (Guid.NewGuid(), Guid.NewGuid());
        var http = fixture.Host.Http();
        var clients = new List<Guid>();
        foreach (var (owner, name) in new[] { (manager, "Демо Менеджер"), (head, "Демо Керівник") })
        {
            var created = await http.PostAsJsonAsync("/api/clients", new { legalName = $"ТОВ «{name} {Guid.NewGuid().ToString("N")[..6]}»", kind = "Company", managerId = owner }, CrmHost.Json);
            clients.Add(Guid.Parse((await ActivitiesHost.JsonAsync(created, HttpStatusCode.Created))["id"]!.GetValue<string>()));
        }

        var deal = await _host.DealAsync(manager, clientId: clients[0]);
        var seeder = new ActivityDemoSeeder(
            Options.Create(new SalesDemoOptions { ManagerIds = [manager, head] }), _host.Service<ISender>(), _host.Service<TaskStore>(),
            _host.Service<InteractionStore>(), _host.Db, TimeProvider.System);

        await seeder.SeedAsync(CancellationToken.None);
        var tasks = await CountTasksAsync(manager);
        var interactions = await CountInteractionsAsync(manager);
        await seeder.SeedAsync(CancellationToken.None);

        Assert.Equal(5, tasks); // four of their own and the head's task for everyone
        Assert.Equal(2, interactions); // one done with their one client, and the next one it planned
        Assert.Equal(tasks, await CountTasksAsync(manager));
        Assert.Equal(interactions, await CountInteractionsAsync(manager));
        Assert.Equal(5, await CountTasksAsync(head));
        Assert.Equal(1, await _host.CountAsync($"SELECT COUNT(*) FROM {_host.Db.Tasks} WHERE executor_id = @m AND status = 2", ("m", _host.Db.Id(manager))));
        // The manager's client has an open deal: both interactions are on it.
        Assert.Equal(2, await _host.CountAsync($"SELECT COUNT(*) FROM {_host.Db.Interactions} WHERE deal_id = @d", ("d", _host.Db.Id(deal))));
    }

    private Task<int> CountTasksAsync(Guid executor) =>
        _host.CountAsync($"SELECT COUNT(*) FROM {_host.Db.Tasks} WHERE executor_id = @m", ("m", _host.Db.Id(executor)));

    private Task<int> CountInteractionsAsync(Guid owner) =>
        _host.CountAsync($"SELECT COUNT(*) FROM {_host.Db.Interactions} WHERE owner_id = @m", ("m", _host.Db.Id(owner)));
}

[Collection(SqliteHostCollection.Name)]
public sealed class ActivityDemoSeederOnSqlite(SqliteHostFixture fixture) : ActivityDemoSeederTests(fixture);

[Collection(PostgresHostCollection.Name)]
public sealed class ActivityDemoSeederOnPostgres(PostgresHostFixture fixture) : ActivityDemoSeederTests(fixture);
