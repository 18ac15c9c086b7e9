extern alias CrmHostApp;

using System.Diagnostics;
using CrmHostApp::OrleansCrm.Host.LiveFeed;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using OrleansCrm.Benchmarks.ServiceDesk;
using OrleansCrm.BuildingBlocks.LiveFeed;
using OrleansCrm.BuildingBlocks.Security;
using OrleansCrm.ServiceDesk.Contracts;

namespace OrleansCrm.Benchmarks.LiveFeed;

/// <summary>
/// 1,000 wall screens on one host: how long a ticket change takes to reach each of them through the live feed
/// (<see cref="ILiveFeed"/> → this silo's feed → the hub bridge → SignalR), against the same message broadcast by the
/// server straight to the <c>wall</c> group through <see cref="IHubContext{THub}"/>, measured in the same run, interleaved.
/// </summary>
public static class LiveFeedBenchmark
{
    /// <summary>The baseline's own message name: the screens tell it apart from the product's <c>ticketChanged</c>.</summary>
    private const string BaselineMessage = "benchmarkBaseline";

    public static async Task RunAsync(BenchmarkOptions options, string[] args)
    {
        var settings = LiveFeedSettings.Parse(args);
        var report = new LiveFeedReport(settings);
        var total = Stopwatch.StartNew();
        (report.Before, report.WaitedForQuiet) = await ServiceDeskBenchmark.WaitForQuietAsync(settings.WaitQuiet);

        await using var host = new LiveFeedHost();
        Console.WriteLine("Starting the product host (embedded SQLite)…");
        var api = host.Start();
        using var http = new HttpClient { BaseAddress = api, Timeout = TimeSpan.FromSeconds(30) };
        string[] tokens =
        [
            await host.TokenForNewUserAsync(http, "wall-director", CrmRoles.Director),
            await host.TokenForNewUserAsync(http, "wall-dispatcher", CrmRoles.Dispatcher),
        ];

        await using var screens = new WallScreens(new Uri(api, OperationsHub.Path.TrimStart('/')));
        var connecting = Stopwatch.StartNew();
        await screens.ConnectAsync(tokens, settings.Clients, [OperationsHub.TicketChangedMessage, BaselineMessage]);
        report.Connecting = connecting.Elapsed;
        Console.WriteLine($"{screens.Count} screens connected in {connecting.Elapsed.TotalSeconds:F1} s");

        var hub = host.Services.GetRequiredService<IHubContext<OperationsHub>>();
        var ticket = new TicketCard(host.Services.GetRequiredService<ILiveFeed>());
        var sequence = 0;

        async Task<Broadcast> MeasureAsync(Func<TicketChanged, Task<long>> send)
        {
            var version = ++sequence;
            var broadcast = screens.Expect(version);
            broadcast.SentAt = await send(ticket.Changed(version));
            try
            {
                await broadcast.AllArrived.WaitAsync(settings.Patience);
            }
            catch (TimeoutException)
            {
                // counted as missing
            }

            screens.Forget(version);
            return broadcast;
        }

        async Task<long> RawBroadcastAsync(TicketChanged change)
        {
            var start = Stopwatch.GetTimestamp();
            await hub.Clients.Group(LiveGroups.Wall).SendAsync(BaselineMessage, change);
            return start;
        }

        for (var round = 0; round <= settings.Rounds; round++)
        {
            // Round 0 warms up (JIT, buffers, thread pool) and is not reported.
            var raw = new RoundSamples("raw SignalR broadcast to `wall`");
            var feed = new RoundSamples("ticket change through the live feed");
            var cpu = CpuUse.Take();
            var elapsed = Stopwatch.StartNew();
            for (var pair = 0; pair < settings.Pairs; pair++)
            {
                // Alternate which goes first, so that neither always follows the other.
                foreach (var kind in pair % 2 == 0 ? new[] { raw, feed } : [feed, raw])
                {
                    kind.Add(await MeasureAsync(ReferenceEquals(kind, raw) ? RawBroadcastAsync : ticket.ChangeAsync));
                    await Task.Delay(settings.Interval);
                }
            }

            if (round > 0)
            {
                report.Rounds.Add(new Round(round, raw, feed, CpuUse.Since(cpu), elapsed.Elapsed));
                Console.WriteLine($"round {round}: raw p99 {raw.Arrivals.Percentile(99):F1} ms, feed p99 {feed.Arrivals.Percentile(99):F1} ms");
            }
        }

        report.Total = total.Elapsed;
        Directory.CreateDirectory(options.ResultsFolder);
        var path = Path.Combine(options.ResultsFolder, "live-feed.md");
        await File.WriteAllTextAsync(path, report.Render());
        Console.WriteLine($"Wrote {path}");
    }
}

/// <summary>
/// The measured action: a ticket changes, and the change returns to whoever made it. Today the change is published as
/// <c>TicketGrain</c> will publish it after persisting; once the grains publish, this becomes an API call on one ticket
/// (e.g. <c>POST /api/tickets/{id}/comments</c>, which returns the new version) timed to its response.
/// </summary>
internal sealed class TicketCard(ILiveFeed feed)
{
    private readonly Guid _id = Guid.NewGuid();
    private readonly Guid _client = Guid.NewGuid();
    private readonly Guid _assignee = Guid.NewGuid();

    /// <summary>The ticket at this version (the screens recognise a broadcast by it).</summary>
    public TicketChanged Changed(int version) => new(
        _id, version, "Не формується податкова накладна в M.E.Doc", _client, TicketStatus.InProgress, TicketPriority.High,
        _assignee, null, DateTimeOffset.UtcNow.AddHours(4), 1, 0, false, false, DateTimeOffset.UtcNow);

    /// <summary>Makes the change; returns the moment it returned (<see cref="Stopwatch"/> ticks), from which arrival is timed.</summary>
    public Task<long> ChangeAsync(TicketChanged change)
    {
        feed.Publish(change);
        return Task.FromResult(Stopwatch.GetTimestamp());
    }
}
