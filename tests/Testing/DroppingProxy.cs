using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace OrleansCrm.Testing;

/// <summary>
/// A TCP proxy on loopback between the product and its PostgreSQL server that can lose a reply: once armed with a
/// marker, it forwards the first request that carries the marker, lets the server answer (so the server has run and
/// committed it), then breaks the connection instead of passing the answer on. To the product that is a connection
/// that dropped after the commit: the outcome is unknown.
/// </summary>
public sealed class DroppingProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly string _host;
    private readonly int _port;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private readonly ConcurrentDictionary<CancellationTokenSource, byte> _relays = new();
    private volatile byte[]? _marker;
    private volatile bool _cut;
    private int _dropped;
    private int _refused;

    public DroppingProxy(string host, int port)
    {
        _host = host;
        _port = port;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Replies lost so far.</summary>
    public int Dropped => Volatile.Read(ref _dropped);

    /// <summary>Connections refused while cut, so far.</summary>
    public int Refused => Volatile.Read(ref _refused);

    /// <summary>The next request carrying these bytes is run by the server, and its reply lost.</summary>
    public void LoseReplyTo(byte[] marker) => _marker = marker;

    /// <summary>The server "stops": open connections break at once, and new ones are closed as soon as they are accepted.</summary>
    public void Cut()
    {
        _cut = true;
        foreach (var relay in _relays.Keys)
        {
            relay.Cancel();
        }
    }

    /// <summary>The server is back: connections are relayed again (the product must reconnect by itself).</summary>
    public void Restore() => _cut = false;

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        if (_cut)
        {
            // A stopped server: the connection is reset, not left hanging (a refused connect is what a client meets).
            Interlocked.Increment(ref _refused);
            client.Client.LingerState = new LingerOption(true, 0);
            client.Dispose();
            return;
        }

        using var relay = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        _relays[relay] = 0;
        using var server = new TcpClient();
        using (client)
        {
            try
            {
                await server.ConnectAsync(_host, _port, relay.Token);
                var lose = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                var up = PumpAsync(client.GetStream(), server.GetStream(), lose, watch: true, relay.Token);
                var down = PumpAsync(server.GetStream(), client.GetStream(), lose, watch: false, relay.Token);
                await Task.WhenAny(up, down);
                if (relay.IsCancellationRequested)
                {
                    client.Client.LingerState = new LingerOption(true, 0); // cut: a reset, as from a server that went away
                }
            }
            catch (Exception) when (relay.IsCancellationRequested)
            {
                // stopped, or cut: reset the product's side so it sees a broken connection at once
                client.Client.LingerState = new LingerOption(true, 0);
            }
            catch (IOException)
            {
            }
            catch (SocketException)
            {
            }
            finally
            {
                _relays.TryRemove(relay, out _);
            }
        }
    }

    /// <param name="lose">Completed once the marked request went up: the next bytes coming down are the reply to lose.</param>
    private async Task PumpAsync(Stream from, Stream to, TaskCompletionSource lose, bool watch, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        while (true)
        {
            var read = await from.ReadAsync(buffer, cancellationToken);
            if (read == 0)
            {
                return;
            }

            if (!watch && lose.Task.IsCompleted)
            {
                Interlocked.Increment(ref _dropped);
                return; // the server answered: it has committed; the product never hears it
            }

            await to.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            if (watch && _marker is { } marker && buffer.AsSpan(0, read).IndexOf(marker) >= 0 && Interlocked.CompareExchange(ref _marker, null, marker) == marker)
            {
                lose.TrySetResult();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }
}
