using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.ServiceDesk.Contracts;
using OrleansCrm.Staff.Contracts;
using OrleansCrm.Testing;
using Xunit.Abstractions;

namespace OrleansCrm.ServiceDesk.Tests.Properties;

public sealed class ScratchTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Scratch()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var host = db.StartHost();
        using var http = host.Http();
        var c = new DispatchCase(http, 1);
        await c.StartAsync();
        var s1 = await c.CreateSpecialistAsync(2, 5);
        var t1 = await c.OpenAsync(TicketPriority.Normal, 2);
        await c.SetAvailabilityAsync(s1, AvailabilityStatus.Absent, DateTimeOffset.UtcNow.AddDays(10));
        var t2 = await c.OpenAsync(TicketPriority.Critical, 3);
        try
        {
            await c.SetAvailabilityAsync(s1, AvailabilityStatus.OnDuty);
            await c.SetAvailabilityAsync(s1, AvailabilityStatus.OffShift);
            await c.SetAvailabilityAsync(s1, AvailabilityStatus.OnDuty);
        }
        finally
        {
            foreach (var t in new[] { t1.Id, t2.Id })
            {
                var d = await CrmHost.ReadAsync<TicketDetails>(await http.GetAsync($"/api/tickets/{t}"));
                foreach (var h in d.History)
                {
                    output.WriteLine($"{c.Label(t)} {h.Sequence} {h.Actor} {h.Kind} {c.Label(h.FromSpecialistId)}→{c.Label(h.ToSpecialistId)} {h.Status} {h.Reason}");
                }
            }

            foreach (var l in c.Log) output.WriteLine(l);
        }
    }
}
