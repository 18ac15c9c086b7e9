using Microsoft.Extensions.DependencyInjection;
using OrleansCrm.BuildingBlocks.Jobs;
using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.ServiceDesk.Contracts;
using OrleansCrm.Staff.Contracts;
using OrleansCrm.Testing;

namespace OrleansCrm.ServiceDesk.Tests.Durability;

/// <summary>
/// The load reconciliation job on a real host: a load made wrong behind the product's back (a phantom ticket counted, a
/// held ticket left out — what a lost or duplicated work event would leave) is found, alerted and repaired, and a
/// second run of the same period changes nothing.
/// </summary>
public abstract class LoadReconciliationTests(DatabaseProvider provider) : DatabaseTest(provider)
{
    [Fact]
    public async Task A_load_that_drifted_from_the_open_tickets_is_alerted_and_repaired_once()
    {
        await using var host = Database.StartHost(new Dictionary<string, string?> { ["Crm:ServiceDesk:ReconciliationSettle"] = "00:00:01" });
        var desk = new DeskApi(host.Http());
        var client = await desk.ClientAsync();
        var counting = await desk.SpecialistAsync("Зайве");
        var held = await desk.OpenedAsync(client);
        var missing = await desk.SpecialistAsync("Забуте", skill: "bas");
        var forgotten = await desk.OpenedAsync(client, skill: "bas");
        Assert.Equal(counting, held.AssigneeId);
        Assert.Equal(missing, forgotten.AssigneeId);

        var grains = host.HostServices.GetRequiredService<IGrainFactory>();
        var phantom = Guid.NewGuid();
        await grains.GetGrain<ISpecialistGrain>(counting).RecordWork(new WorkEvent(phantom, 1, WorkEventKind.Assigned, 3, DateTimeOffset.UtcNow, false));
        await grains.GetGrain<ISpecialistGrain>(missing).RecordWork(new WorkEvent(forgotten.Id, 1000, WorkEventKind.Released, 0, DateTimeOffset.UtcNow, false));
        Assert.Contains(phantom, (await desk.SpecialistAsync(counting)).OpenTickets);
        Assert.Empty((await desk.SpecialistAsync(missing)).OpenTickets);

        var job = host.HostServices.GetServices<IRecurringJob>().Single(j => j.Id == "servicedesk.load-reconciliation");
        var period = new JobPeriod(DateTimeOffset.UtcNow.AddMinutes(-15), DateTimeOffset.UtcNow);
        await job.RunAsync(period, CancellationToken.None);

        var first = await desk.SpecialistAsync(counting);
        var second = await desk.SpecialistAsync(missing);
        Assert.Equal([held.Id], first.OpenTickets);
        Assert.Equal([forgotten.Id], second.OpenTickets);
        Assert.True(second.Load > 0);
        var alerts = (await CrmHost.ReadAsync<List<TicketAlert>>(await desk.Http.GetAsync("/api/dispatch/alerts"))).Where(a => a.Kind == TicketAlertKind.LoadRepaired).ToList();
        Assert.Contains(alerts, a => a.SpecialistId == counting && a.TicketId == phantom);
        Assert.Contains(alerts, a => a.SpecialistId == missing && a.TicketId == forgotten.Id);
        Assert.Equal(2, alerts.Count);

        // The board's view follows the repaired loads.
        var board = await desk.BoardAsync();
        Assert.Equal(first.Load, board.Specialists.Single(s => s.Id == counting).Load);

        await job.RunAsync(period, CancellationToken.None);
        var again = (await CrmHost.ReadAsync<List<TicketAlert>>(await desk.Http.GetAsync("/api/dispatch/alerts"))).Count(a => a.Kind == TicketAlertKind.LoadRepaired);
        Assert.Equal(2, again);
        Assert.Equal(first.Version, (await desk.SpecialistAsync(counting)).Version);
    }
}

public sealed class SqliteLoadReconciliationTests() : LoadReconciliationTests(DatabaseProvider.Sqlite);

public sealed class PostgresLoadReconciliationTests() : LoadReconciliationTests(DatabaseProvider.PostgreSql);
