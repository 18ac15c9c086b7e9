using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OrleansCrm.BuildingBlocks.Errors;
using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.BuildingBlocks.Security;
using OrleansCrm.ServiceDesk.Contracts;
using OrleansCrm.Staff.Contracts;
using OrleansCrm.Testing;
using static OrleansCrm.Testing.ApiAssert;

namespace OrleansCrm.ServiceDesk.Tests.Durability;

/// <summary>
/// The defects found by trying the service desk against faults (issue 15), each reproduced on a real host over SQLite
/// with the faults the test host can inject. Each failed before its fix.
/// </summary>
public sealed class CoreDefectTests() : DatabaseTest(DatabaseProvider.Sqlite)
{
    private static DatabaseUnavailableException Unavailable() => new("Injected: the database failed the write.");

    [Fact]
    public async Task A_ticket_write_that_failed_delivers_none_of_its_work_events()
    {
        Guid ticketId, holder, other;
        await using (var first = Database.StartHost())
        {
            var api = new DeskApi(first.Http());
            var client = await api.ClientAsync();
            var a = await api.SpecialistAsync("Перша");
            var b = await api.SpecialistAsync("Друга");
            // The assignment's work event cannot be delivered: it stays in the ticket's stored outbox.
            first.Faults.Fail(nameof(ISpecialistGrain.RecordWork));
            var ticket = await api.OpenedAsync(client);
            (ticketId, holder) = (ticket.Id, ticket.AssigneeId!.Value);
            other = holder == a ? b : a;
        }

        await using var second = Database.StartHost();
        var desk = new DeskApi(second.Http());
        var ticketGrain = second.HostServices.GetRequiredService<IGrainFactory>().GetGrain<ITicketGrain>(ticketId).GetGrainId();
        // The activation's delivery of the stored event is under way (slow) while a redirect's write fails.
        second.Faults.Delay(nameof(ISpecialistGrain.RecordWork), TimeSpan.FromSeconds(2), times: 1);
        second.Faults.FailWrite("ticket", ticketGrain, failure: Unavailable);

        var redirect = await desk.Http.PostAsJsonAsync($"/api/tickets/{ticketId}/redirect", new { toSpecialistId = other, reason = "перевірка" });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, redirect.StatusCode);
        await EventuallyAsync(() => desk.SpecialistAsync(holder), s => s.OpenTickets.Contains(ticketId));
        await Task.Delay(TimeSpan.FromSeconds(2)); // past the delayed delivery: nothing of the failed redirect may follow it
        Assert.Equal(holder, (await desk.TicketAsync(ticketId)).AssigneeId);
        Assert.Contains(ticketId, (await desk.SpecialistAsync(holder)).OpenTickets);
        var bystander = await desk.SpecialistAsync(other);
        Assert.DoesNotContain(ticketId, bystander.OpenTickets);
        Assert.Equal(0, bystander.Load);
    }

    [Fact]
    public async Task An_open_tickets_undelivered_work_reaches_its_specialist_however_long_the_host_was_down()
    {
        Guid ticketId, holder;
        await using (var first = Database.StartHost())
        {
            var api = new DeskApi(first.Http());
            var client = await api.ClientAsync();
            await api.SpecialistAsync("Єдина");
            first.Faults.Fail(nameof(ISpecialistGrain.RecordWork));
            var ticket = await api.OpenedAsync(client);
            (ticketId, holder) = (ticket.Id, ticket.AssigneeId!.Value);
            // Taken into work (so no assignment timeout moves it meanwhile); this event is not delivered either.
            Assert.Equal(HttpStatusCode.OK, (await api.Http.PostAsync($"/api/tickets/{ticketId}/accept", null)).StatusCode);
        }

        // A long weekend later: before, work events older than two days were dropped whatever the ticket's status.
        await using var later = new CrmHost(Database.Provider, Database.ConnectionString) { GrainClockOffset = TimeSpan.FromDays(3) };
        var desk = new DeskApi(later.Http());
        Assert.Equal(TicketStatus.Accepted, (await desk.TicketAsync(ticketId)).Status);

        var specialist = await EventuallyAsync(() => desk.SpecialistAsync(holder), s => s.OpenTickets.Contains(ticketId) && s.Counters.Accepted == 1);
        Assert.True(specialist.Load > 0);
    }

    [Fact]
    public async Task One_refused_move_does_not_stop_the_absence_redispatch_of_the_others()
    {
        await using var host = Database.StartHost();
        var desk = new DeskApi(host.Http());
        var client = await desk.ClientAsync();
        var leaving = await desk.SpecialistAsync("Відпустка");
        var tickets = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            tickets.Add((await desk.OpenedAsync(client)).Id);
        }

        var staying = await desk.SpecialistAsync("На місці");
        // The first ticket the dispatcher tries to move refuses, as one cancelled at that moment would.
        host.Faults.Fail(nameof(ITicketGrain.Redirect), times: 1, failure: () => new ConflictException("Injected: the ticket was cancelled at that moment."));

        var absent = await desk.Http.PutAsJsonAsync($"/api/specialists/{leaving}/availability", new { status = "Absent" });

        Assert.Equal(HttpStatusCode.OK, absent.StatusCode);
        // The re-dispatch runs after the answer (the dispatcher hears of the change one-way).
        var assignees = await EventuallyAsync(
            async () => await Task.WhenAll(tickets.Select(async id => (await desk.TicketAsync(id)).AssigneeId)),
            now => now.Count(a => a == staying) == 2);
        Assert.Equal(1, assignees.Count(a => a == leaving));
    }

    [Fact]
    public async Task A_place_reserved_for_a_ticket_that_was_never_stored_is_given_back()
    {
        await using var host = Database.StartHost(new Dictionary<string, string?> { ["Crm:ServiceDesk:PlacedCheckPeriod"] = "00:00:02" });
        var desk = new DeskApi(host.Http());
        var client = await desk.ClientAsync();
        var specialist = await desk.SpecialistAsync("Зайнята");
        host.Faults.FailWrite("ticket", failure: Unavailable);
        host.Faults.Fail(nameof(IDispatcherGrain.Withdraw)); // and the release of its place is lost

        var opened = await desk.OpenAsync(client);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, opened.StatusCode);
        Assert.True(opened.Headers.RetryAfter is not null);
        var board = await EventuallyAsync(desk.BoardAsync, b => b.Specialists.Single(s => s.Id == specialist).Load == 0);
        Assert.Empty(board.Waiting);
    }

    [Fact]
    public async Task A_roster_entry_whose_write_failed_is_written_with_the_next_change()
    {
        Guid first;
        await using (var host = Database.StartHost())
        {
            var desk = new DeskApi(host.Http());
            host.Faults.FailWrite("dispatcher", failure: Unavailable);
            first = await desk.SpecialistAsync("Знає ПРРО", skill: "prro");
            await desk.SpecialistAsync("Знає BAS", skill: "bas");
        }

        await using var restarted = Database.StartHost();
        var api = new DeskApi(restarted.Http());
        var ticket = await api.OpenedAsync(await api.ClientAsync(), skill: "prro");

        Assert.Equal(first, ticket.AssigneeId); // before, the dispatcher had forgotten the first specialist after a restart
    }

    [Fact]
    public async Task An_idempotency_key_replayed_by_another_user_opens_their_own_ticket()
    {
        await using var host = Database.StartHost();
        var desk = new DeskApi(host.Http());
        var client = await desk.ClientAsync();
        var mine = await desk.SpecialistAsync("Моя");
        var theirs = await desk.SpecialistAsync("Чужа");
        var me = new DeskApi(await host.HttpAsync("specialist-mine", [CrmRoles.Specialist], mine));
        var them = new DeskApi(await host.HttpAsync("specialist-theirs", [CrmRoles.Specialist], theirs));

        var first = await CrmHost.ReadAsync<TicketDetails>(await me.OpenAsync(client, idempotencyKey: "shared-key"));
        var again = await CrmHost.ReadAsync<TicketDetails>(await me.OpenAsync(client, idempotencyKey: "shared-key"));
        var replayed = await them.OpenAsync(client, idempotencyKey: "shared-key");

        Assert.Equal(first.Id, again.Id); // the same user's retry finds their ticket
        Assert.Equal(HttpStatusCode.Created, replayed.StatusCode);
        var other = await CrmHost.ReadAsync<TicketDetails>(replayed);
        Assert.NotEqual(first.Id, other.Id); // another user's replay never reads it
        Assert.Single(other.History, h => h.Kind == TicketHistoryKind.Created);
    }

    [Fact]
    public async Task The_embedded_default_restarts_after_a_user_added_a_client_that_sorts_first()
    {
        var demo = new Dictionary<string, string?> { ["Crm:Demo:Seed"] = "true" };
        await using (var first = Database.StartHost(demo))
        {
            await SeededAsync(first);
            var desk = new DeskApi(first.Http());
            await desk.ClientAsync("ААА Перший у списку");
        }

        await using var second = Database.StartHost(demo);
        await SeededAsync(second);

        Assert.False(second.HostServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.IsCancellationRequested);
        Assert.Equal(HttpStatusCode.OK, (await second.AnonymousHttp().GetAsync("/health")).StatusCode);
    }

    /// <summary>Waits for the demo seed of this start to finish; it must finish without stopping the host.</summary>
    private static async Task SeededAsync(CrmHost host)
    {
        var seed = host.HostServices.GetServices<IHostedService>().OfType<BackgroundService>().Single(s => s.GetType().Name == "DemoDataService");
        await seed.ExecuteTask!.WaitAsync(TimeSpan.FromMinutes(2));
    }
}
