using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using OrleansCrm.BuildingBlocks.Jobs;
using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.Clients.Contracts;
using OrleansCrm.ServiceDesk.Contracts;
using OrleansCrm.ServiceDesk.Tickets;
using OrleansCrm.Testing;
using static OrleansCrm.Testing.ApiAssert;

namespace OrleansCrm.ServiceDesk.Tests.Api;

/// <summary>The deadline sweep as the recurring job it is: scheduled, and harmless when a period runs twice.</summary>
public abstract class DeadlineSweepJobTests(DatabaseProvider provider) : DatabaseTest(provider)
{
    /// <summary>A calendar that works round the clock and normal tickets due at once, so a ticket is overdue within the test.</summary>
    private static readonly Dictionary<string, string?> DueAtOnce = new(DeadlineTests.RoundTheClock)
    {
        ["Crm:ServiceDesk:Sla:Normal:Resolution"] = "0m",
        ["Crm:ServiceDesk:Sla:AssignmentTimeout"] = "01:00:00",
    };

    [Fact]
    public async Task Sweeping_the_same_period_twice_changes_no_ticket()
    {
        await using var host = Database.StartHost(DueAtOnce);
        using var http = host.Http();
        var client = (await CrmHost.ReadAsync<ClientDetails>(await http.PostAsJsonAsync("/api/clients", new { legalName = "ТОВ «Двічі»" }))).Id;
        var specialist = await http.PostAsJsonAsync("/api/specialists", new { name = "Черговий", skills = new[] { new { code = "bas", level = 3 } } });
        Assert.Equal(HttpStatusCode.Created, specialist.StatusCode);
        var opened = await http.PostAsJsonAsync("/api/tickets", new { clientId = client, subject = "Двічі не рахується", priority = "Normal", requiredSkill = "bas" });
        Assert.Equal(HttpStatusCode.Created, opened.StatusCode);
        var id = (await CrmHost.ReadAsync<TicketDetails>(opened)).Id;
        var overdue = await EventuallyAsync(() => TicketAsync(http, id), t => t.Overdue);

        var period = new JobPeriod(DateTimeOffset.UtcNow.AddMinutes(-10), DateTimeOffset.UtcNow);
        await RunAsync(host, period);
        await RunAsync(host, period);

        var after = await TicketAsync(http, id);
        Assert.Equal(overdue.Version, after.Version);
        Assert.Equal(overdue.History.Count, after.History.Count);
        Assert.Single(after.History, h => h.Kind == TicketHistoryKind.Overdue);
    }

    private static async Task RunAsync(CrmHost host, JobPeriod period)
    {
        using var scope = host.Services.CreateScope();
        await scope.ServiceProvider.GetServices<IRecurringJob>().Single(j => j.Id == DeadlineSweep.JobId).RunAsync(period, CancellationToken.None);
    }

    private static async Task<TicketDetails> TicketAsync(HttpClient http, Guid id) =>
        await CrmHost.ReadAsync<TicketDetails>(await http.GetAsync($"/api/tickets/{id}"));
}

public sealed class SqliteDeadlineSweepJobTests() : DeadlineSweepJobTests(DatabaseProvider.Sqlite);

public sealed class PostgresDeadlineSweepJobTests() : DeadlineSweepJobTests(DatabaseProvider.PostgreSql);
