using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using OrleansCrm.Host.LiveFeed;
using OrleansCrm.ServiceDesk.Contracts;
using OrleansCrm.Staff.Contracts;
using OrleansCrm.Testing;

namespace OrleansCrm.Host.Tests.LiveFeed;

/// <summary>A screen on the operations hub as an outside client sees it: JSON messages, by name, over WebSockets.</summary>
internal sealed class HubClient : IAsyncDisposable
{
    private static readonly string[] Messages = [TicketChanged.HubMessage, LoadChanged.HubMessage, AlertRaised.HubMessage];

    private readonly HubConnection _connection;
    private readonly Channel<(string Message, JsonElement Body)> _received = Channel.CreateUnbounded<(string, JsonElement)>();

    private HubClient(HubConnection connection)
    {
        _connection = connection;
        foreach (var message in Messages)
        {
            connection.On<JsonElement>(message, body => _received.Writer.TryWrite((message, body)));
        }
    }

    /// <summary>Everything received so far, in order.</summary>
    public List<(string Message, JsonElement Body)> Received { get; } = [];

    public static HubConnection Connection(CrmHost host, string? token) =>
        new HubConnectionBuilder()
            .WithUrl(new Uri(host.ClientOptions.BaseAddress, OperationsHub.Path), options =>
            {
                options.Transports = HttpTransportType.WebSockets;
                if (token is not null)
                {
                    options.AccessTokenProvider = () => Task.FromResult<string?>(token);
                }
            })
            .Build();

    /// <summary>Signs in as a new user with these roles (and specialist record) and connects.</summary>
    public static async Task<HubClient> ConnectAsync(CrmHost host, string role, Guid? specialistId = null)
    {
        var token = await host.TokenAsync($"live-{role.ToLowerInvariant()}-{Guid.NewGuid():N}"[..30], [role], specialistId);
        var client = new HubClient(Connection(host, token));
        await client._connection.StartAsync();
        return client;
    }

    /// <summary>A specialist record to link a user to (a user may only be linked to one that exists).</summary>
    public static async Task<Guid> CreateSpecialistAsync(HttpClient http, string name)
    {
        var response = await http.PostAsJsonAsync("/api/specialists", new JsonObject
        {
            ["name"] = name,
            ["skills"] = new JsonArray(new JsonObject { ["code"] = "medoc", ["level"] = 3 }),
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await CrmHost.ReadAsync<SpecialistDetails>(response)).Id;
    }

    /// <summary>
    /// Returns once the hub delivers to this client. SignalR answers the handshake (ending StartAsync) before the hub's
    /// OnConnectedAsync has put the connection in its groups, so a message published right after connecting can miss it:
    /// probes (ticket changes with ids of their own) are published until one arrives.
    /// </summary>
    public async Task ListeningAsync(Func<Guid> publishProbe)
    {
        var deadline = DateTime.UtcNow + TestEvents.Patience;
        var probes = new HashSet<Guid>();
        while (true)
        {
            probes.Add(publishProbe());
            using var wait = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
            try
            {
                await foreach (var received in _received.Reader.ReadAllAsync(wait.Token))
                {
                    Received.Add(received);
                    if (received.Message == TicketChanged.HubMessage && probes.Contains(IdOf(received)))
                    {
                        return;
                    }
                }
            }
            catch (OperationCanceledException) when (DateTime.UtcNow < deadline)
            {
            }
        }
    }

    /// <summary>Reads until a message with this id arrives, keeping everything read in <see cref="Received"/>.</summary>
    public async Task<JsonElement> WaitForAsync(string message, Guid id)
    {
        using var patience = new CancellationTokenSource(TestEvents.Patience);
        await foreach (var received in _received.Reader.ReadAllAsync(patience.Token))
        {
            Received.Add(received);
            if (received.Message == message && IdOf(received) == id)
            {
                return received.Body;
            }
        }

        throw new InvalidOperationException("unreachable: the channel is never completed");
    }

    /// <summary>The first message with this id that matches, whether it was already read or arrives later.</summary>
    public async Task<JsonElement> FirstAsync(string message, Guid id, Func<JsonElement, bool> match)
    {
        foreach (var seen in Received.Where(r => r.Message == message && IdOf(r) == id && match(r.Body)))
        {
            return seen.Body;
        }

        while (true)
        {
            var next = await WaitForAsync(message, id);
            if (match(next))
            {
                return next;
            }
        }
    }

    public int Count(string message, Guid id) => Received.Count(r => r.Message == message && IdOf(r) == id);

    /// <summary>A ticket's or an alert's id; a load change is a specialist's.</summary>
    private static Guid IdOf((string Message, JsonElement Body) received) =>
        received.Body.GetProperty(received.Message == LoadChanged.HubMessage ? "specialistId" : "id").GetGuid();

    public async ValueTask DisposeAsync() => await _connection.DisposeAsync();
}
