using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace OrleansCrm.Benchmarks.LiveFeed;

/// <summary>
/// One broadcast being measured: when it left, and when each screen had it. A screen's handler stamps its arrival
/// (<see cref="Stopwatch"/> ticks, the same clock as the sender's, since both run in this process).
/// </summary>
internal sealed class Broadcast(int screens, long sentAt)
{
    private readonly long[] _arrivals = new long[screens];
    private readonly TaskCompletionSource _all = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _remaining = screens;

    public long SentAt { get; set; } = sentAt;

    public Task AllArrived => _all.Task;

    public void Arrived(int screen)
    {
        if (Interlocked.CompareExchange(ref _arrivals[screen], Stopwatch.GetTimestamp(), 0) == 0 && Interlocked.Decrement(ref _remaining) == 0)
        {
            _all.TrySetResult();
        }
    }

    /// <summary>Milliseconds from sending to each screen that has it; screens still waiting are left out (and counted by the caller).</summary>
    public IEnumerable<double> Latencies() =>
        _arrivals.Where(a => a != 0).Select(a => Stopwatch.GetElapsedTime(SentAt, a).TotalMilliseconds);

    public int Missing => Volatile.Read(ref _remaining);
}

/// <summary>
/// Screens on the operations hub as a wall TV's browser would hold them: one WebSocket connection each, signed in with a
/// bearer token (<c>access_token</c>), listening for <c>ticketChanged</c> and for the baseline's message. A message is
/// recognised by its <c>version</c>, which the benchmark sets to the broadcast's sequence number.
/// </summary>
internal sealed class WallScreens(Uri hub) : IAsyncDisposable
{
    private readonly List<HubConnection> _connections = [];
    private readonly ConcurrentDictionary<int, Broadcast> _expected = new();

    public int Count => _connections.Count;

    public async Task ConnectAsync(IReadOnlyList<string> tokens, int count, string[] messages)
    {
        using var gate = new SemaphoreSlim(50);
        var connecting = Enumerable.Range(0, count).Select(async screen =>
        {
            var connection = new HubConnectionBuilder()
                .WithUrl(hub, options =>
                {
                    options.Transports = HttpTransportType.WebSockets;
                    options.SkipNegotiation = true;
                    options.AccessTokenProvider = () => Task.FromResult<string?>(tokens[screen % tokens.Count]);
                })
                .Build();
            foreach (var message in messages)
            {
                connection.On<JsonElement>(message, body => Received(screen, body));
            }

            await gate.WaitAsync();
            try
            {
                await connection.StartAsync();
            }
            finally
            {
                gate.Release();
            }

            return connection;
        }).ToList();
        _connections.AddRange(await Task.WhenAll(connecting));
    }

    /// <summary>Registers a broadcast before it is sent, so that no arrival finds it missing.</summary>
    public Broadcast Expect(int sequence)
    {
        var broadcast = new Broadcast(_connections.Count, Stopwatch.GetTimestamp());
        _expected[sequence] = broadcast;
        return broadcast;
    }

    public void Forget(int sequence) => _expected.TryRemove(sequence, out _);

    private void Received(int screen, JsonElement body)
    {
        if (_expected.TryGetValue(body.GetProperty("version").GetInt32(), out var broadcast))
        {
            broadcast.Arrived(screen);
        }
    }

    public async ValueTask DisposeAsync()
    {
        using var gate = new SemaphoreSlim(100);
        await Task.WhenAll(_connections.Select(async connection =>
        {
            await gate.WaitAsync();
            try
            {
                await connection.DisposeAsync();
            }
            finally
            {
                gate.Release();
            }
        }));
    }
}
