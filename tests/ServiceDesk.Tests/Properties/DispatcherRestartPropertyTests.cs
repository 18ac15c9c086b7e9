using System.Diagnostics;
using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.ServiceDesk.Contracts;
using OrleansCrm.Testing;
using Xunit.Abstractions;

namespace OrleansCrm.ServiceDesk.Tests.Properties;

/// <summary>
/// The dispatcher keeps nothing but its roster: after a restart it rebuilds loads, assignments and the waiting queue
/// from the specialists and the tickets table. Random operations, a restart mid-sequence (the host stopped, a new one
/// started on the same database), the invariants checked on the rebuilt state, and more random operations after it.
/// </summary>
public sealed class DispatcherRestartPropertyTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int OperationsBefore = 20;
    private const int OperationsAfter = 20;

    /// <summary>The random case's seed; <c>DISPATCH_PROPERTY_SEED</c> replaces it, to repeat a failure of this test.</summary>
    private static readonly int Seed = int.TryParse(Environment.GetEnvironmentVariable(DispatchCase.SeedVariable), out var seed) ? seed : 20260600;

    private TestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task The_invariants_survive_a_restart_and_a_ticket_waiting_before_it_is_assigned_when_capacity_frees_after_it()
    {
        var clock = Stopwatch.StartNew();
        var host = _database.StartHost();
        var http = host.Http();
        try
        {
            // A queue that only capacity holds up: one specialist, full with one normal ticket, and a second waiting.
            // Its skill is its own, so the random operations that follow leave it as it is.
            var queue = new DispatchCase(http, Seed + 1_000_000);
            await queue.StartAsync();
            var only = await queue.CreateSpecialistAsync(capacity: 3, level: 3);
            var first = await queue.OpenAsync(TicketPriority.Normal, minLevel: 2);
            Assert.Equal(only, first.AssigneeId);
            var waiting = await queue.OpenAsync(TicketPriority.Normal, minLevel: 2);
            Assert.Equal(TicketStatus.New, waiting.Status);
            await queue.ActAsync(first.Id, "accept");

            var random = new DispatchCase(http, Seed);
            await random.StartAsync();
            for (var i = 0; i < OperationsBefore; i++)
            {
                await random.StepAsync();
            }

            http.Dispose();
            await host.DisposeAsync();
            host = _database.StartHost();
            http = host.Http();

            // Nothing changes by the restart (unless a ticket was waiting only because whoever just declined it has room:
            // the new dispatcher re-plans the whole queue), and the rebuilt board agrees with the tickets and specialists.
            await random.CheckAsync("after the restart", unchanged: !random.Restarted(http));
            await queue.CheckAsync("after the restart", unchanged: !queue.Restarted(http));
            Assert.Equal(TicketStatus.New, queue.Last.Tickets[waiting.Id].Status);

            await queue.ActAsync(first.Id, "start");
            Assert.Equal(TicketStatus.New, queue.Last.Tickets[waiting.Id].Status);
            await queue.ActAsync(first.Id, "resolve");
            var assigned = queue.Last.Tickets[waiting.Id];
            Assert.Equal((TicketStatus.Assigned, only), (assigned.Status, assigned.AssigneeId));

            for (var i = 0; i < OperationsAfter; i++)
            {
                await random.StepAsync();
            }

            output.WriteLine($"{OperationsBefore} operations, restart, {OperationsAfter} operations in {clock.Elapsed.TotalSeconds:0.0} s");
            output.WriteLine(random.Stats.ToString());
        }
        finally
        {
            http.Dispose();
            await host.DisposeAsync();
        }
    }
}
