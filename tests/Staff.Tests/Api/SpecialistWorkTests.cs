using Microsoft.Extensions.DependencyInjection;
using OrleansCrm.BuildingBlocks.Errors;
using OrleansCrm.Staff.Contracts;
using OrleansCrm.Staff.Tests.TestData;
using OrleansCrm.Testing;

namespace OrleansCrm.Staff.Tests.Api;

/// <summary>What the service desk tells a specialist about tickets, through the grain as the service desk calls it; read back over the API.</summary>
public abstract class SpecialistWorkTests(HostFixture fixture)
{
    private readonly StaffApi _api = new(fixture.Http);
    private readonly IGrainFactory _grains = fixture.Host.Services.GetRequiredService<IGrainFactory>();
    private readonly string _tag = SpecialistJson.Tag();

    [Fact]
    public async Task Load_is_the_sum_of_open_weights_counters_follow_and_each_change_applies_once()
    {
        var created = await _api.CreateAsync(SpecialistJson.Specialist($"Навантаження {_tag}", [("medoc", 4)], grade: 3));
        var specialist = _grains.GetGrain<ISpecialistGrain>(created.Id);
        Guid a = Guid.NewGuid(), b = Guid.NewGuid(), c = Guid.NewGuid(), d = Guid.NewGuid();
        var now = DateTimeOffset.UtcNow;

        await specialist.RecordWork(Work(a, 1, WorkEventKind.Assigned, TicketWeights.Normal));
        await specialist.RecordWork(Work(b, 1, WorkEventKind.Assigned, TicketWeights.Critical));
        var assigned = await specialist.RecordWork(Work(c, 1, WorkEventKind.Assigned, TicketWeights.Low));
        Assert.Equal(8, assigned.Load);
        Assert.Equal([a, b, c], assigned.OpenTickets);
        Assert.Equal(created.Version + 3, assigned.Version);

        // A retried notification changes nothing, not even the version.
        var retried = await specialist.RecordWork(Work(a, 1, WorkEventKind.Assigned, TicketWeights.Normal));
        Assert.Equal(8, retried.Load);
        Assert.Equal(assigned.Version, retried.Version);

        await specialist.RecordWork(Work(a, 2, WorkEventKind.Accepted));
        Assert.Equal(1, (await specialist.RecordWork(Work(a, 2, WorkEventKind.Accepted))).Counters.Accepted);

        var declined = await specialist.RecordWork(Work(b, 2, WorkEventKind.Declined));
        Assert.Equal(3, declined.Load);
        Assert.Equal(1, declined.Counters.Declined);

        var redirected = await specialist.RecordWork(Work(c, 2, WorkEventKind.RedirectedAway));
        Assert.Equal(2, redirected.Load);
        Assert.Equal(1, redirected.Counters.RedirectedAway);
        Assert.Equal([a], redirected.OpenTickets);

        Assert.Equal(1, (await specialist.RecordWork(Work(a, 3, WorkEventKind.Overdue))).Counters.Overdue);
        var resolved = await specialist.RecordWork(Work(a, 4, WorkEventKind.Resolved, at: now, onTime: false));
        Assert.Equal(0, resolved.Load);
        Assert.Empty(resolved.OpenTickets);

        // An older change arriving late is ignored.
        var late = await specialist.RecordWork(Work(a, 3, WorkEventKind.Assigned, TicketWeights.High));
        Assert.Equal(0, late.Load);
        Assert.Equal(resolved.Version, late.Version);

        // Released (cancelled, or closed by someone else): off the load, no counter.
        Assert.Equal(3, (await specialist.RecordWork(Work(d, 1, WorkEventKind.Assigned, TicketWeights.High))).Load);
        var released = await specialist.RecordWork(Work(d, 2, WorkEventKind.Released));
        Assert.Equal(0, released.Load);

        Assert.Equal(new WorkCounters(Accepted: 1, Declined: 1, RedirectedAway: 1, Resolved: 1, ResolvedLast90Days: 1, ResolvedOnTime: 0, Overdue: 1), released.Counters);
        // Grade 3 → 18; one resolved in 90 days → 0.5; none on time → 0; one decline of two answers → −5.
        Assert.Equal(new RatingParts(24, 0.5, 0, 0, -5, 19.5), released.RatingParts);

        var read = await _api.GetAsync(created.Id);
        Assert.Equal(released.Version, read.Version);
        Assert.Equal(released.Counters, read.Counters);
        Assert.Equal(released.RatingParts, read.RatingParts);
        Assert.Equal(19.5, read.Rating);

        var listed = Assert.Single((await _api.ListAsync($"search={_tag}")).Items);
        Assert.Equal(released.Version, listed.Version);
        Assert.Equal(19.5, listed.Rating);
        Assert.Equal(0, listed.Load);
    }

    [Fact]
    public async Task The_list_shows_the_live_load_and_an_assigned_ticket_counts_once_with_its_latest_weight()
    {
        var created = await _api.CreateAsync(SpecialistJson.Specialist($"Вага {_tag}"));
        var specialist = _grains.GetGrain<ISpecialistGrain>(created.Id);
        var ticket = Guid.NewGuid();

        await specialist.RecordWork(Work(ticket, 1, WorkEventKind.Assigned, TicketWeights.Normal));
        var raised = await specialist.RecordWork(Work(ticket, 2, WorkEventKind.Assigned, TicketWeights.Critical));
        Assert.Equal(5, raised.Load);
        Assert.Equal([ticket], raised.OpenTickets);

        var listed = Assert.Single((await _api.ListAsync($"search={_tag}")).Items);
        Assert.Equal(5, listed.Load);
        Assert.Equal(raised.Version, listed.Version);
        Assert.Equal(5, (await _api.GetAsync(created.Id)).Load);
    }

    [Fact]
    public async Task Resolved_tickets_count_for_90_days_and_on_time_share_for_ever()
    {
        var created = await _api.CreateAsync(SpecialistJson.Specialist($"Вчасно {_tag}", grade: 4));
        var specialist = _grains.GetGrain<ISpecialistGrain>(created.Id);
        var now = DateTimeOffset.UtcNow;

        await specialist.RecordWork(Work(Guid.NewGuid(), 5, WorkEventKind.Resolved, at: now.AddDays(-100), onTime: true));
        await specialist.RecordWork(Work(Guid.NewGuid(), 5, WorkEventKind.Resolved, at: now.AddDays(-10), onTime: true));
        await specialist.RecordWork(Work(Guid.NewGuid(), 5, WorkEventKind.Resolved, at: now.AddHours(-1), onTime: false));
        var details = await specialist.RecordWork(Work(Guid.NewGuid(), 5, WorkEventKind.Resolved, at: now, onTime: true));

        Assert.Equal(4, details.Counters.Resolved);
        Assert.Equal(3, details.Counters.ResolvedLast90Days);
        Assert.Equal(3, details.Counters.ResolvedOnTime);
        // Grade 4 → 24; 3 resolved in 90 days → 1.5; 3 of 4 on time → 15.
        Assert.Equal(new RatingParts(32, 1.5, 0, 15, 0, 48.5), details.RatingParts);
    }

    [Fact]
    public async Task Work_for_an_unknown_specialist_is_not_found()
    {
        var specialist = _grains.GetGrain<ISpecialistGrain>(Guid.NewGuid());
        await Assert.ThrowsAsync<NotFoundException>(() => specialist.RecordWork(Work(Guid.NewGuid(), 1, WorkEventKind.Assigned, 2)));
        Assert.Null(await specialist.Get());
    }

    internal static WorkEvent Work(Guid ticket, int sequence, WorkEventKind kind, int weight = 0, DateTimeOffset? at = null, bool onTime = false) =>
        new(ticket, sequence, kind, weight, at ?? DateTimeOffset.UtcNow, onTime);
}

[Collection(SqliteHostCollection.Name)]
public sealed class SqliteSpecialistWorkTests(SqliteHostFixture fixture) : SpecialistWorkTests(fixture);

[Collection(PostgresHostCollection.Name)]
public sealed class PostgresSpecialistWorkTests(PostgresHostFixture fixture) : SpecialistWorkTests(fixture);
