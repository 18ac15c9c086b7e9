using System.Threading.Channels;
using OrleansCrm.BuildingBlocks.LiveFeed;
using OrleansCrm.ServiceDesk.Contracts;
using OrleansCrm.Staff.Contracts;

namespace OrleansCrm.Host.Tests.LiveFeed;

/// <summary>Events as the grains will publish them, each with a fresh id so a test recognises its own.</summary>
internal static class TestEvents
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    public static TicketChanged Ticket(string subject, Guid? assigneeId = null, Guid? previousAssigneeId = null) => new(
        Guid.NewGuid(), 3, subject, Guid.NewGuid(), assigneeId is null ? TicketStatus.New : TicketStatus.Assigned, TicketPriority.High,
        assigneeId, previousAssigneeId, DateTimeOffset.UtcNow.AddHours(4), 1, 0, false, false, DateTimeOffset.UtcNow);

    public static LoadChanged Load(Guid specialistId) =>
        new(specialistId, 7, "Олена Коваль", 6, 10, 71.5, AvailabilityStatus.OnDuty, DateTimeOffset.UtcNow);

    public static AlertRaised Alert(Guid? specialistId = null) =>
        new(Guid.NewGuid(), nameof(TicketAlertKind.AboutToBreach), "Скоро прострочено", Guid.NewGuid(), specialistId, Guid.NewGuid(), DateTimeOffset.UtcNow);

    /// <summary>A subscriber that keeps what it receives, for a test to wait on.</summary>
    public static (IDisposable Subscription, ChannelReader<ILiveEvent> Received) Collect(this ILiveFeedSubscriptions subscriptions)
    {
        var received = Channel.CreateUnbounded<ILiveEvent>();
        var subscription = subscriptions.Subscribe((change, _) =>
        {
            received.Writer.TryWrite(change);
            return ValueTask.CompletedTask;
        });
        return (subscription, received.Reader);
    }

    /// <summary>Reads until the event arrives (others published meanwhile are skipped); fails after <see cref="Patience"/>.</summary>
    public static async Task<T> WaitForAsync<T>(this ChannelReader<ILiveEvent> received, Func<T, bool> match)
    {
        using var patience = new CancellationTokenSource(Patience);
        await foreach (var change in received.ReadAllAsync(patience.Token))
        {
            if (change is T typed && match(typed))
            {
                return typed;
            }
        }

        throw new InvalidOperationException("unreachable: the channel is never completed");
    }
}
