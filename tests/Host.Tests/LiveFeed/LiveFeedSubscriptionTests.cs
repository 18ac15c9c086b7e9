using Microsoft.Extensions.DependencyInjection;
using OrleansCrm.BuildingBlocks.LiveFeed;
using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.ServiceDesk.Contracts;
using OrleansCrm.Testing;

namespace OrleansCrm.Host.Tests.LiveFeed;

/// <summary>In-process subscribers (Blazor components) on one host.</summary>
public sealed class LiveFeedSubscriptionTests() : DatabaseTest(DatabaseProvider.Sqlite)
{
    [Fact]
    public async Task A_subscriber_receives_events_until_it_unsubscribes()
    {
        await using var host = Database.StartHost();
        host.Http().Dispose();
        var feed = host.Services.GetRequiredService<ILiveFeed>();
        var subscriptions = host.Services.GetRequiredService<ILiveFeedSubscriptions>();

        var (subscription, received) = subscriptions.Collect();
        var first = TestEvents.Ticket("first");
        feed.Publish(first);
        Assert.Equal(first, await received.WaitForAsync<TicketChanged>(t => t.Id == first.Id));

        subscription.Dispose();
        var (witness, witnessed) = subscriptions.Collect();
        using (witness)
        {
            var later = TestEvents.Ticket("after unsubscribing");
            feed.Publish(later);
            // The feed has handed it out once the witness has it; the unsubscribed one must not have got it.
            await witnessed.WaitForAsync<TicketChanged>(t => t.Id == later.Id);
            Assert.False(received.TryRead(out _));
        }
    }

    [Fact]
    public async Task A_failing_or_stuck_subscriber_holds_up_nobody_else()
    {
        await using var host = Database.StartHost();
        host.Http().Dispose();
        var feed = host.Services.GetRequiredService<ILiveFeed>();
        var subscriptions = host.Services.GetRequiredService<ILiveFeedSubscriptions>();
        var failures = 0;
        using var failing = subscriptions.Subscribe((_, _) =>
        {
            Interlocked.Increment(ref failures);
            throw new InvalidOperationException("a broken screen");
        });
        using var stuck = subscriptions.Subscribe(async (_, cancellation) => await Task.Delay(Timeout.Infinite, cancellation));
        var (healthy, received) = subscriptions.Collect();
        using (healthy)
        {
            var events = Enumerable.Range(1, 3).Select(i => TestEvents.Ticket($"ticket {i}")).ToList();
            events.ForEach(feed.Publish);

            foreach (var expected in events)
            {
                // In order, and all of them.
                Assert.Equal(expected.Id, (await received.WaitForAsync<TicketChanged>(_ => true)).Id);
            }
        }

        // The failing one was called for every event: a throw does not end a subscription.
        for (var wait = 0; Volatile.Read(ref failures) < 3 && wait < 100; wait++)
        {
            await Task.Delay(50);
        }

        Assert.Equal(3, failures);
    }

    [Fact]
    public async Task Publishing_never_throws_into_the_caller()
    {
        await using var host = Database.StartHost();
        host.Http().Dispose();
        var feed = host.Services.GetRequiredService<ILiveFeed>();

        feed.Publish(null!);
        var (subscription, received) = host.Services.GetRequiredService<ILiveFeedSubscriptions>().Collect();
        using (subscription)
        {
            var after = TestEvents.Alert();
            feed.Publish(after);
            Assert.Equal(after, await received.WaitForAsync<AlertRaised>(a => a.Id == after.Id));
        }
    }
}
