using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using OrleansCrm.BuildingBlocks.LiveFeed;
using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.BuildingBlocks.Security;
using OrleansCrm.Host.LiveFeed;
using OrleansCrm.ServiceDesk.Contracts;
using OrleansCrm.Testing;

namespace OrleansCrm.Host.Tests.LiveFeed;

/// <summary>Server mode: events published on one host reach the screens on every host of the cluster.</summary>
public sealed class LiveFeedClusterTests() : DatabaseTest(DatabaseProvider.PostgreSql)
{
    [Fact]
    public async Task An_event_published_on_one_host_reaches_subscribers_and_hub_clients_on_both()
    {
        await using var a = Database.StartHost();
        await using var b = Database.StartHost();
        await Task.WhenAll(Task.Run(() => a.Http().Dispose()), Task.Run(() => b.Http().Dispose()));
        await WaitForMembersAsync(a, 2);
        await WaitForMembersAsync(b, 2);
        await using var dispatcherOnB = await HubClient.ConnectAsync(b, CrmRoles.Dispatcher);
        var (onA, receivedOnA) = a.Services.GetRequiredService<ILiveFeedSubscriptions>().Collect();
        var (onB, receivedOnB) = b.Services.GetRequiredService<ILiveFeedSubscriptions>().Collect();
        using (onA)
        using (onB)
        {
            var fromA = TestEvents.Ticket("з вузла А", Guid.NewGuid());
            a.Services.GetRequiredService<ILiveFeed>().Publish(fromA);
            var fromB = TestEvents.Load(Guid.NewGuid());
            b.Services.GetRequiredService<ILiveFeed>().Publish(fromB);

            // Across the silo boundary the records are serialized: equal, not the same instances.
            Assert.Equal(fromA, await receivedOnB.WaitForAsync<TicketChanged>(t => t.Id == fromA.Id));
            Assert.Equal(fromA, await receivedOnA.WaitForAsync<TicketChanged>(t => t.Id == fromA.Id));
            Assert.Equal(fromB, await receivedOnA.WaitForAsync<Staff.Contracts.LoadChanged>(l => l.SpecialistId == fromB.SpecialistId));

            var json = await dispatcherOnB.WaitForAsync(TicketChanged.HubMessage, fromA.Id);
            Assert.Equal("з вузла А", json.GetProperty("subject").GetString());
        }
    }

    [Fact]
    public async Task A_host_that_stops_leaves_the_feed_and_the_others_go_on()
    {
        await using var a = Database.StartHost();
        var b = Database.StartHost();
        a.Http().Dispose();
        b.Http().Dispose();
        await WaitForMembersAsync(a, 2);
        var stopped = b.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress;

        await b.DisposeAsync();

        var registry = a.Services.GetRequiredService<IGrainFactory>().GetGrain<ILiveFeedRegistryGrain>(LiveFeedRegistryGrain.Key);
        Assert.DoesNotContain(stopped, (await registry.GetMembers()).Members.Select(m => m.Silo));
        await WaitForMembersAsync(a, 1);
        var (subscription, received) = a.Services.GetRequiredService<ILiveFeedSubscriptions>().Collect();
        using (subscription)
        {
            var after = TestEvents.Alert();
            a.Services.GetRequiredService<ILiveFeed>().Publish(after);
            Assert.Equal(after, await received.WaitForAsync<AlertRaised>(x => x.Id == after.Id));
        }
    }

    [Fact]
    public async Task The_observer_of_a_silo_that_died_is_dropped_and_publishing_goes_on()
    {
        // Short renewals, so that an observer nobody renews expires within the test.
        await using var host = Database.StartHost(new Dictionary<string, string?>
        {
            ["Crm:LiveFeed:Heartbeat"] = "00:00:00.300",
            ["Crm:LiveFeed:Expiry"] = "00:00:02",
        });
        host.Http().Dispose();
        var grains = host.Services.GetRequiredService<IGrainFactory>();
        var registry = grains.GetGrain<ILiveFeedRegistryGrain>(LiveFeedRegistryGrain.Key);
        // Observers on silos that are gone: their objects no longer exist.
        var dead = grains.CreateObjectReference<ILiveFeedObserver>(new NobodyListening());
        grains.DeleteObjectReference<ILiveFeedObserver>(dead);

        // This host before a restart (same endpoint, older generation): the cluster counts it dead, so it is refused at once.
        var live = host.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress;
        var restarted = SiloAddress.New(live.Endpoint, live.Generation - 1);
        Assert.DoesNotContain(restarted, (await registry.Subscribe(restarted, dead)).Members.Select(m => m.Silo));

        // A silo the cluster does not know that stops renewing (a partitioned host) is listed until its subscription expires.
        var silent = SiloAddress.New(new IPEndPoint(IPAddress.Parse("192.0.2.1"), 11111), live.Generation + 1);
        await registry.Subscribe(silent, dead);
        await WaitForMembersAsync(host, 2);

        var (subscription, received) = host.Services.GetRequiredService<ILiveFeedSubscriptions>().Collect();
        using (subscription)
        {
            var meanwhile = TestEvents.Ticket("while the dead observer is listed");
            host.Services.GetRequiredService<ILiveFeed>().Publish(meanwhile);
            Assert.Equal(meanwhile, await received.WaitForAsync<TicketChanged>(t => t.Id == meanwhile.Id));
        }

        await WaitForMembersAsync(host, 1);
        Assert.Equal([live], (await registry.GetMembers()).Members.Select(m => m.Silo));
    }

    /// <summary>Until the silo's own list of the feed's members (pushed by the registry) has that many.</summary>
    private static async Task WaitForMembersAsync(CrmHost host, int count)
    {
        var feed = host.Services.GetRequiredService<SiloLiveFeed>();
        var deadline = DateTime.UtcNow + TestEvents.Patience;
        while (feed.Members.Members.Count != count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"the feed lists {feed.Members.Members.Count} silos, not {count}");
            await Task.Delay(50);
        }
    }

    private sealed class NobodyListening : ILiveFeedObserver
    {
        public Task Deliver(LiveEventBatch batch) => Task.CompletedTask;

        public Task MembersChanged(LiveFeedMembers members) => Task.CompletedTask;
    }
}
