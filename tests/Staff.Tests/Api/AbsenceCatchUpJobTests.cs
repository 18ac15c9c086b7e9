using Microsoft.Extensions.DependencyInjection;
using OrleansCrm.BuildingBlocks.Jobs;
using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.Staff.Contracts;
using OrleansCrm.Staff.Specialists;
using OrleansCrm.Staff.Tests.TestData;
using OrleansCrm.Testing;

namespace OrleansCrm.Staff.Tests.Api;

/// <summary>The absence catch-up as the recurring job it is: harmless when a period runs twice.</summary>
public abstract class AbsenceCatchUpJobTests(DatabaseProvider provider) : DatabaseTest(provider)
{
    [Fact]
    public async Task Catching_up_the_same_period_twice_changes_no_specialist()
    {
        var tag = SpecialistJson.Tag();
        await using var host = Database.StartHost();
        using var http = host.Http();
        var api = new StaffApi(http);
        var away = await api.SetAvailabilityAsync((await api.CreateAsync(SpecialistJson.Specialist($"Надовго {tag}"))).Id, "Absent", DateTimeOffset.UtcNow.AddDays(1));
        var back = await api.SetAvailabilityAsync((await api.CreateAsync(SpecialistJson.Specialist($"Ненадовго {tag}"))).Id, "Absent", DateTimeOffset.UtcNow.AddSeconds(1));
        await api.ListedEventuallyAsync(tag, back.Id, s => s.Availability.Status == AvailabilityStatus.OnDuty, TimeSpan.FromSeconds(30));
        var awayBefore = await api.GetAsync(away.Id);
        var backBefore = await api.GetAsync(back.Id);

        var period = new JobPeriod(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow);
        await RunAsync(host, period);
        await RunAsync(host, period);

        var awayAfter = await api.GetAsync(away.Id);
        var backAfter = await api.GetAsync(back.Id);
        Assert.Equal((awayBefore.Version, AvailabilityStatus.Absent), (awayAfter.Version, awayAfter.Availability.Status));
        Assert.Equal((backBefore.Version, AvailabilityStatus.OnDuty), (backAfter.Version, backAfter.Availability.Status));
    }

    private static async Task RunAsync(CrmHost host, JobPeriod period)
    {
        using var scope = host.Services.CreateScope();
        await scope.ServiceProvider.GetServices<IRecurringJob>().Single(j => j.Id == AbsenceCatchUp.JobId).RunAsync(period, CancellationToken.None);
    }
}

public sealed class SqliteAbsenceCatchUpJobTests() : AbsenceCatchUpJobTests(DatabaseProvider.Sqlite);

public sealed class PostgresAbsenceCatchUpJobTests() : AbsenceCatchUpJobTests(DatabaseProvider.PostgreSql);
