using Microsoft.Extensions.DependencyInjection;
using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.Staff.Contracts;
using OrleansCrm.Staff.Tests.TestData;
using OrleansCrm.Testing;

namespace OrleansCrm.Staff.Tests.Api;

/// <summary>Stop the host, start a new one on the same database: every specialist, their load, counters and absences are still right.</summary>
public abstract class DurabilityTests(DatabaseProvider provider) : DatabaseTest(provider)
{
    [Fact]
    public async Task Specialists_survive_a_restart()
    {
        var tag = SpecialistJson.Tag();
        var until = DateTimeOffset.UtcNow.AddDays(1);
        Guid ticket = Guid.NewGuid(), resolvedTicket = Guid.NewGuid();
        SpecialistDetails before;
        await using (var first = Database.StartHost())
        {
            using var http = first.Http();
            var api = new StaffApi(http);
            var created = await api.CreateAsync(SpecialistJson.Specialist($"Незнищенний {tag}", [("medoc", 3)], grade: 4, capacity: 12));
            await api.PutSkillsAsync(created.Id, [("medoc", 4), (tag, 2)]);
            await api.SetAvailabilityAsync(created.Id, "Absent", until);
            var specialist = first.Services.GetRequiredService<IGrainFactory>().GetGrain<ISpecialistGrain>(created.Id);
            await specialist.RecordWork(SpecialistWorkTests.Work(ticket, 1, WorkEventKind.Assigned, TicketWeights.High));
            await specialist.RecordWork(SpecialistWorkTests.Work(ticket, 2, WorkEventKind.Accepted));
            await specialist.RecordWork(SpecialistWorkTests.Work(resolvedTicket, 1, WorkEventKind.Assigned, TicketWeights.Normal));
            before = await specialist.RecordWork(SpecialistWorkTests.Work(resolvedTicket, 2, WorkEventKind.Resolved, onTime: true));
        }

        await using var second = Database.StartHost();
        using var again = second.Http();
        var restarted = new StaffApi(again);
        var read = await restarted.GetAsync(before.Id);
        Assert.Equal(before.Version, read.Version);
        Assert.Equal(3, read.Load);
        Assert.Equal([ticket], read.OpenTickets);
        Assert.Equal(before.Counters, read.Counters);
        Assert.Equal(before.RatingParts, read.RatingParts);
        Assert.Equal([new Skill("medoc", 4), new Skill(tag, 2)], read.Skills);
        Assert.Equal(12, read.Capacity);
        Assert.Equal(AvailabilityStatus.Absent, read.Availability.Status);
        Assert.Equal(until.ToUnixTimeMilliseconds(), read.Availability.Until!.Value.ToUnixTimeMilliseconds());

        var listed = Assert.Single((await restarted.ListAsync($"skill={tag}")).Items);
        Assert.Equal(before.Version, listed.Version);
        Assert.Equal(3, listed.Load);
        Assert.Equal(AvailabilityStatus.Absent, listed.Availability.Status);

        // The restarted host still recognises a change it has applied.
        var grain = second.Services.GetRequiredService<IGrainFactory>().GetGrain<ISpecialistGrain>(before.Id);
        var retried = await grain.RecordWork(SpecialistWorkTests.Work(ticket, 2, WorkEventKind.Accepted));
        Assert.Equal(before.Version, retried.Version);
        Assert.Equal(1, retried.Counters.Accepted);
    }

    [Fact]
    public async Task Closed_tickets_moved_to_the_archive_are_still_recognised_after_a_restart()
    {
        var tickets = Enumerable.Range(0, OrleansCrm.Staff.Specialists.SpecialistGrain.RecentClosedTickets * 2 + 10).Select(_ => Guid.NewGuid()).ToList();
        SpecialistDetails before;
        await using (var first = Database.StartHost())
        {
            using var http = first.Http();
            var created = await new StaffApi(http).CreateAsync(SpecialistJson.Specialist($"Архіваріус {SpecialistJson.Tag()}", capacity: 20));
            var specialist = first.Services.GetRequiredService<IGrainFactory>().GetGrain<ISpecialistGrain>(created.Id);
            foreach (var ticket in tickets)
            {
                await specialist.RecordWork(SpecialistWorkTests.Work(ticket, 1, WorkEventKind.Assigned, TicketWeights.Normal));
                await specialist.RecordWork(SpecialistWorkTests.Work(ticket, 2, WorkEventKind.Resolved, onTime: true));
            }

            before = await specialist.Get() ?? throw new InvalidOperationException("created above");
        }

        await using var second = Database.StartHost();
        var grain = second.Services.GetRequiredService<IGrainFactory>().GetGrain<ISpecialistGrain>(before.Id);
        // The oldest (archived), one from the middle and the newest (still in the state): each change already applied.
        foreach (var ticket in new[] { tickets[0], tickets[tickets.Count / 2], tickets[^1] })
        {
            await grain.RecordWork(SpecialistWorkTests.Work(ticket, 2, WorkEventKind.Resolved, onTime: true));
            await grain.RecordWork(SpecialistWorkTests.Work(ticket, 1, WorkEventKind.Assigned, TicketWeights.Normal));
        }

        var after = await grain.Get();
        Assert.Equal(before.Version, after!.Version);
        Assert.Equal(tickets.Count, after.Counters.Resolved);
        Assert.Equal(0, after.Load);
        Assert.Empty(after.OpenTickets);
    }

    [Fact]
    public async Task An_absence_that_ended_while_the_host_was_down_ends_at_the_next_start()
    {
        var tag = SpecialistJson.Tag();
        SpecialistDetails absent;
        await using (var first = Database.StartHost())
        {
            using var http = first.Http();
            var api = new StaffApi(http);
            var created = await api.CreateAsync(SpecialistJson.Specialist($"Повернувся {tag}"));
            absent = await api.SetAvailabilityAsync(created.Id, "Absent", DateTimeOffset.UtcNow.AddSeconds(2));
        }

        await Task.Delay(TimeSpan.FromSeconds(2.5));
        await using var second = Database.StartHost();
        using var again = second.Http();
        var restarted = new StaffApi(again);

        // Nobody asks for the specialist: the start-up check finds the absence and the grain persists OnDuty.
        var listed = await restarted.ListedEventuallyAsync(tag, absent.Id, s => s.Version > absent.Version, TimeSpan.FromSeconds(30));
        Assert.Equal(absent.Version + 1, listed.Version);
        Assert.Equal(new Availability(AvailabilityStatus.OnDuty, null), listed.Availability);
    }
}

public sealed class SqliteDurabilityTests() : DurabilityTests(DatabaseProvider.Sqlite);

public sealed class PostgresDurabilityTests() : DurabilityTests(DatabaseProvider.PostgreSql);
