extern alias CrmHostApp;

using System.Diagnostics;
using System.Net.Http.Json;
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

    /// <summary>The baseline's versions start here, far above any the benchmark's ticket reaches.</summary>
    private const int BaselineVersions = 1_000_000;

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
        await screens.ConnectAsync(tokens, settings.Clients, [TicketChanged.HubMessage, BaselineMessage]);
        report.Connecting = connecting.Elapsed;
        Console.WriteLine($"{screens.Count} screens connected in {connecting.Elapsed.TotalSeconds:F1} s");

        var hub = host.Services.GetRequiredService<IHubContext<OperationsHub>>();
        using var ticket = await TicketCard.OpenAsync(api, await host.TokenForNewUserAsync(http, "desk-operator", CrmRoles.Dispatcher));
        var sequence = 0;

        // Screens recognise a broadcast by its version: the ticket's next one for a change, a distinct range for the baseline.
        async Task<Broadcast> MeasureAsync(bool baseline)
        {
            var version = baseline ? BaselineVersions + ++sequence : ticket.NextVersion;
            var broadcast = screens.Expect(version);
            broadcast.SentAt = baseline ? await RawBroadcastAsync(ticket.Changed(version)) : await ticket.ChangeAsync();
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
                    kind.Add(await MeasureAsync(baseline: ReferenceEquals(kind, raw)));
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
/// The measured action: a ticket changes through the API — a comment, as a specialist adds one — and its grain publishes
/// the stored change. Timed from the API's response (the change returning to whoever made it) to each screen.
/// </summary>
internal sealed class TicketCard : IDisposable
{
    private readonly HttpClient _http;
    private readonly Guid _id;
    private readonly Guid _client;
    private int _version;

    private TicketCard(HttpClient http, TicketDetails ticket)
    {
        _http = http;
        _id = ticket.Id;
        _client = ticket.ClientId;
        _version = ticket.Version;
    }

    /// <summary>The version the next change will give the ticket: the screens wait for it.</summary>
    public int NextVersion => _version + 1;

    /// <summary>A client and a ticket for it; the skill is one nobody has, so the ticket waits and only comments change it.</summary>
    public static async Task<TicketCard> OpenAsync(Uri api, string token)
    {
        var http = new HttpClient { BaseAddress = api, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        var client = await Created<OrleansCrm.Clients.Contracts.ClientDetails>(await http.PostAsJsonAsync("api/clients", new { legalName = "ТОВ «Стіна»", supportStatus = "Active" }));
        var ticket = await Created<TicketDetails>(await http.PostAsJsonAsync("api/tickets", new
        {
            clientId = client.Id, subject = "Не формується податкова накладна в M.E.Doc", priority = "High", requiredSkill = "benchmark.wall",
        }));
        return new TicketCard(http, ticket);
    }

    /// <summary>A change as the baseline broadcasts it (the same shape the product sends).</summary>
    public TicketChanged Changed(int version) => new(
        _id, version, "Не формується податкова накладна в M.E.Doc", _client, TicketStatus.New, TicketPriority.High,
        null, null, DateTimeOffset.UtcNow.AddHours(4), 0, 0, false, false, DateTimeOffset.UtcNow);

    /// <summary>Makes the change; returns the moment its response arrived (<see cref="Stopwatch"/> ticks).</summary>
    public async Task<long> ChangeAsync()
    {
        var response = await _http.PostAsJsonAsync($"api/tickets/{_id}/comments", new { text = "Клієнт надіслав знімок екрана" });
        var stamp = Stopwatch.GetTimestamp();
        response.EnsureSuccessStatusCode();
        _version++;
        return stamp;
    }

    public void Dispose() => _http.Dispose();

    private static async Task<T> Created<T>(HttpResponseMessage response)
    {
        if (response.StatusCode != System.Net.HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"{response.RequestMessage?.RequestUri}: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        return (await response.Content.ReadFromJsonAsync<T>(Json))!;
    }

    private static readonly System.Text.Json.JsonSerializerOptions Json = new(System.Text.Json.JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };
}
