using System.Collections.Concurrent;
using Mediator;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.Staff.Contracts;
using OrleansCrm.Staff.Tests.TestData;
using OrleansCrm.Testing;

namespace OrleansCrm.Staff.Tests.Api;

/// <summary>
/// Changes the dispatcher re-plans from are published as <see cref="SpecialistChanged"/>, after they are stored; work is not.
/// The host's publisher is replaced by one that records, so no handler of another module is needed.
/// </summary>
public abstract class SpecialistChangedTests(DatabaseProvider provider) : DatabaseTest(provider)
{
    [Fact]
    public async Task Create_skills_and_availability_are_published_with_the_previous_status_and_work_is_not()
    {
        var published = new RecordingPublisher();
        await using var host = Database.StartHost();
        await using var recording = host.WithWebHostBuilder(web => web.ConfigureTestServices(services => services.AddSingleton<IPublisher>(published)));
        // The derived factory runs on a TestServer (its CreateClient would ask the unstarted parent for its server).
        using var http = await CrmHost.AuthorizeAsync(recording.Server.CreateClient());
        var api = new StaffApi(http);

        var created = await api.CreateAsync(SpecialistJson.Specialist($"Подія {SpecialistJson.Tag()}"));
        var first = Assert.Single(published.Changes);
        Assert.Null(first.PreviousStatus);
        Assert.Equal(created.Id, first.Specialist.Id);
        Assert.Equal(1, first.Specialist.Version);

        await api.PutSkillsAsync(created.Id, [("bas", 5)]);
        var skills = published.Changes[1];
        Assert.Equal(AvailabilityStatus.OnDuty, skills.PreviousStatus);
        Assert.Equal([new Skill("bas", 5)], skills.Specialist.Skills);

        await api.SetAvailabilityAsync(created.Id, "Absent", DateTimeOffset.UtcNow.AddDays(1));
        var absent = published.Changes[2];
        Assert.Equal(AvailabilityStatus.OnDuty, absent.PreviousStatus);
        Assert.Equal(AvailabilityStatus.Absent, absent.Specialist.Availability.Status);
        Assert.Equal(3, absent.Specialist.Version);

        await api.SetAvailabilityAsync(created.Id, "OffShift");
        Assert.Equal(AvailabilityStatus.Absent, published.Changes[3].PreviousStatus);

        // Work, and a change to what is already there, publish nothing.
        var grain = recording.Services.GetRequiredService<IGrainFactory>().GetGrain<ISpecialistGrain>(created.Id);
        await grain.RecordWork(SpecialistWorkTests.Work(Guid.NewGuid(), 1, WorkEventKind.Assigned, TicketWeights.Normal));
        await api.SetAvailabilityAsync(created.Id, "OffShift");
        await api.PutSkillsAsync(created.Id, [("bas", 5)]);
        Assert.Equal(4, published.Changes.Count);
    }

    private sealed class RecordingPublisher : IPublisher
    {
        private readonly ConcurrentQueue<object> _notifications = new();

        public IReadOnlyList<SpecialistChanged> Changes => _notifications.OfType<SpecialistChanged>().ToList();

        public ValueTask Publish<TNotification>(TNotification notification, CancellationToken cancellationToken = default)
            where TNotification : INotification
        {
            _notifications.Enqueue(notification);
            return ValueTask.CompletedTask;
        }

        public ValueTask Publish(object notification, CancellationToken cancellationToken = default)
        {
            _notifications.Enqueue(notification);
            return ValueTask.CompletedTask;
        }
    }
}

public sealed class SqliteSpecialistChangedTests() : SpecialistChangedTests(DatabaseProvider.Sqlite);

public sealed class PostgresSpecialistChangedTests() : SpecialistChangedTests(DatabaseProvider.PostgreSql);
