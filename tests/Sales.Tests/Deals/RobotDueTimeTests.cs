using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.Testing;

namespace OrleansCrm.Sales.Tests.Deals;

/// <summary>
/// A robot's task is due after its delay in working time (Europe/Kyiv, Monday to Friday, 09:00–18:00 by default): a host
/// whose grains live on a Friday at 16:00 in winter, and the due times worked out by hand.
/// </summary>
public sealed class RobotDueTimeTests
{
    /// <summary>Friday 15 January 2027, 16:00 in Kyiv (UTC+2): no holiday, no clock change near it.</summary>
    private static readonly DateTimeOffset FridayAfternoon = new(2027, 1, 15, 14, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task Tasks_are_due_after_their_delay_in_working_time(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var host = new CrmHost(provider, database.ConnectionString) { GrainClockOffset = FridayAfternoon - DateTimeOffset.UtcNow };
        using var http = host.Http();
        var api = new SalesApi(http, host);

        var pipeline = await api.PipelineAsync(new
        {
            name = "Терміни",
            stages = new object[]
            {
                new { code = "new", name = "Нова", probability = 10 },
                new { code = "offer", name = "Пропозиція", probability = 50, robots = new object[]
                {
                    new { kind = "CreateTask", title = "30m", assignee = "Owner", dueAfter = "30m" },
                    new { kind = "CreateTask", title = "4h", assignee = "Owner", dueAfter = "4h" },
                    new { kind = "CreateTask", title = "1d", assignee = "Owner", dueAfter = "1d" },
                } },
            },
        });
        var deal = SalesApi.Id(await api.DealAsync(http, new { clientId = await api.ClientAsync(), pipelineId = SalesApi.Id(pipeline), title = "Терміни" }));
        var moved = await SalesApi.ReadAsync(await http.PostAsJsonAsync($"/api/deals/{deal}/move", new { toStage = "offer" }, CrmHost.Json));
        var entered = moved["history"]![1]!["enteredAt"]!.GetValue<DateTimeOffset>();
        Assert.InRange(entered - FridayAfternoon, TimeSpan.Zero, TimeSpan.FromMinutes(20)); // still Friday afternoon

        var tasks = (await SalesApi.ReadAsync(await http.GetAsync($"/api/tasks?dealId={deal}")))["items"]!.AsArray()
            .ToDictionary(t => t!["title"]!.GetValue<string>(), t => Milliseconds(t!["dueAt"]!.GetValue<DateTimeOffset>()));
        entered = Milliseconds(entered); // the tables keep moments to the millisecond (SQLite) or microsecond (PostgreSQL)
        Assert.Equal(entered + TimeSpan.FromMinutes(30), tasks["30m"]);                 // Friday 16:30
        Assert.Equal(entered + TimeSpan.FromHours(2 + 24 + 24 + 15 + 2), tasks["4h"]);   // 2h on Friday, 2h on Monday: 11:00
        Assert.Equal(entered + TimeSpan.FromDays(3), tasks["1d"]);                       // one working day: Monday 16:00
    }

    private static DateTimeOffset Milliseconds(DateTimeOffset moment) => new(moment.UtcTicks - moment.UtcTicks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero);
}
