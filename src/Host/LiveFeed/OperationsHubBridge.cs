using Microsoft.AspNetCore.SignalR;
using OrleansCrm.BuildingBlocks.LiveFeed;
using OrleansCrm.BuildingBlocks.Observability;

namespace OrleansCrm.Host.LiveFeed;

/// <summary>
/// Sends the live feed that reaches this silo to this silo's hub connections, as one subscriber among the in-process
/// ones (so screens in Blazor never wait for sockets). Sends are started in order and not awaited one by one: SignalR
/// keeps each connection's messages in order, and a client that reads slowly holds up only its own.
/// </summary>
internal sealed partial class OperationsHubBridge(
    ILiveFeedSubscriptions feed, LiveFeedRoutes routes, IHubContext<OperationsHub> hub, OperationsHubGroups groups, ILogger<OperationsHubBridge> logger) : IHostedService
{
    private IDisposable? _subscription;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _subscription = feed.Subscribe(Send);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _subscription?.Dispose();
        return Task.CompletedTask;
    }

    private ValueTask Send(ILiveEvent change, CancellationToken cancellation)
    {
        if (routes.For(change) is not { } route)
        {
            return ValueTask.CompletedTask;
        }

        Observe(hub.Clients.Group(route.Groups[0]).SendAsync(route.Message, change, CancellationToken.None), route.Message);
        if (groups.BeyondFirst(route.Groups) is { Count: > 0 } others)
        {
            Observe(hub.Clients.Clients(others).SendAsync(route.Message, change, CancellationToken.None), route.Message);
        }

        return ValueTask.CompletedTask;
    }

    private void Observe(Task send, string message)
    {
        if (!send.IsCompletedSuccessfully)
        {
            send.ContinueWith(
                failed => { CrmMetrics.LiveFeedDropped("hub_send"); LogSendFailed(failed.Exception!, message); },
                CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sending {Message} to the operations hub failed")]
    private partial void LogSendFailed(Exception exception, string message);
}
