using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace OrleansCrm.Benchmarks.ServiceDesk;

/// <summary>
/// The load generator's HTTP/1.1 client for the timed requests: keep-alive sockets to 127.0.0.1, each request sent as
/// bytes built once, each answer read into the connection's own buffer. The same bytes reach Kestrel as from
/// <see cref="HttpClient"/>, but the generator shares the cores with the host and PostgreSQL, and HttpClient's own work
/// per request (headers, messages, content streams: about 4 % of all CPU samples at the peak) was charged to the
/// product. It does what wrk does for web benchmarks, and what pgbench is to the insert baseline.
/// One request per connection at a time; a connection that fails is dropped, never reused.
/// </summary>
internal sealed class LoopbackHttp(IPEndPoint server) : IDisposable
{
    private readonly ConcurrentQueue<Connection> _idle = new();
    private volatile bool _disposed;

    /// <summary>A whole POST with a JSON body (request line, headers, body) as the bytes to send.</summary>
    public static byte[] Post(string path, IPEndPoint host, string bearerToken, ReadOnlySpan<byte> jsonBody)
    {
        var head = $"POST {path} HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {bearerToken}\r\n" +
            $"Content-Type: application/json; charset=utf-8\r\nContent-Length: {jsonBody.Length}\r\n\r\n";
        var bytes = new byte[Encoding.ASCII.GetByteCount(head) + jsonBody.Length];
        var written = Encoding.ASCII.GetBytes(head, bytes);
        jsonBody.CopyTo(bytes.AsSpan(written));
        return bytes;
    }

    /// <summary>
    /// Sends <paramref name="request"/> (from <see cref="Post"/>) and reads the answer; <paramref name="read"/> sees
    /// its status code and body (valid only during the call). Throws <see cref="IOException"/> or <see cref="SocketException"/>
    /// when the connection fails, and whatever <paramref name="read"/> throws.
    /// </summary>
    public async Task<T> SendAsync<T>(byte[] request, Func<int, ReadOnlyMemory<byte>, T> read, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var connection = _idle.TryDequeue(out var idle) ? idle : await Connection.OpenAsync(server, cancellationToken);
        try
        {
            var (status, body) = await connection.ExchangeAsync(request, cancellationToken);
            var result = read(status, body);
            _idle.Enqueue(connection);
            return result;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Opens connections until <paramref name="count"/> are idle, as wrk opens all of its before it starts: a run that
    /// needs more than the runs before it would otherwise time the server accepting them.
    /// </summary>
    public async Task OpenConnectionsAsync(int count, CancellationToken cancellationToken)
    {
        var opened = await Task.WhenAll(Enumerable.Range(0, Math.Max(0, count - _idle.Count)).Select(_ => Connection.OpenAsync(server, cancellationToken)));
        foreach (var connection in opened)
        {
            _idle.Enqueue(connection);
        }
    }

    public void Dispose()
    {
        _disposed = true;
        while (_idle.TryDequeue(out var connection))
        {
            connection.Dispose();
        }
    }

    private sealed class Connection(Socket socket) : IDisposable
    {
        private byte[] _buffer = new byte[16 * 1024];

        public static async Task<Connection> OpenAsync(IPEndPoint server, CancellationToken cancellationToken)
        {
            var socket = new Socket(server.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(server, cancellationToken);
                return new Connection(socket);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        /// <summary>Writes the request, then reads one answer: its status and its body (Content-Length or chunked).</summary>
        public async Task<(int Status, ReadOnlyMemory<byte> Body)> ExchangeAsync(byte[] request, CancellationToken cancellationToken)
        {
            for (var sent = 0; sent < request.Length;)
            {
                sent += await socket.SendAsync(request.AsMemory(sent), SocketFlags.None, cancellationToken);
            }

            var filled = 0;
            int headEnd;
            while ((headEnd = _buffer.AsSpan(0, filled).IndexOf("\r\n\r\n"u8)) < 0)
            {
                filled = await ReceiveAsync(filled, cancellationToken);
            }

            var (status, contentLength, chunked) = ParseHead(_buffer.AsSpan(0, headEnd));
            var bodyStart = headEnd + 4;
            if (chunked)
            {
                return (status, await ReadChunkedAsync(bodyStart, filled, cancellationToken));
            }

            while (filled < bodyStart + contentLength)
            {
                filled = await ReceiveAsync(filled, cancellationToken);
            }

            return (status, _buffer.AsMemory(bodyStart, contentLength));
        }

        /// <summary>
        /// Joins the chunks in place, from <paramref name="start"/> on (chunk headers are overwritten by the data that
        /// follows them), and returns the body.
        /// </summary>
        private async Task<ReadOnlyMemory<byte>> ReadChunkedAsync(int start, int filled, CancellationToken cancellationToken)
        {
            var body = start; // where the next chunk's data goes
            var next = start; // the next chunk's size line
            while (true)
            {
                int lineEnd;
                while ((lineEnd = _buffer.AsSpan(next, filled - next).IndexOf("\r\n"u8)) < 0)
                {
                    filled = await ReceiveAsync(filled, cancellationToken);
                }

                var size = ChunkSize(_buffer.AsSpan(next, lineEnd));
                var data = next + lineEnd + 2;
                while (filled < data + size + 2)
                {
                    filled = await ReceiveAsync(filled, cancellationToken);
                }

                if (size == 0)
                {
                    // The last chunk: no trailers expected, so its CRLF ends the answer.
                    return _buffer.AsMemory(start, body - start);
                }

                _buffer.AsSpan(data, size).CopyTo(_buffer.AsSpan(body));
                body += size;
                next = data + size + 2;
            }
        }

        private static int ChunkSize(ReadOnlySpan<byte> line)
        {
            var extension = line.IndexOf((byte)';');
            return Utf8Parser.TryParse(extension < 0 ? line : line[..extension], out int size, out _, 'x') && size >= 0
                ? size
                : throw new IOException("A chunk's size is not a number.");
        }

        /// <summary>Receives more bytes after the first <paramref name="filled"/> (growing the buffer when full).</summary>
        private async Task<int> ReceiveAsync(int filled, CancellationToken cancellationToken)
        {
            if (filled == _buffer.Length)
            {
                Array.Resize(ref _buffer, _buffer.Length * 2);
            }

            var received = await socket.ReceiveAsync(_buffer.AsMemory(filled), SocketFlags.None, cancellationToken);
            return received > 0 ? filled + received : throw new IOException("The server closed the connection.");
        }

        /// <summary>The status, and how the body comes: its Content-Length, or chunked.</summary>
        private static (int Status, int ContentLength, bool Chunked) ParseHead(ReadOnlySpan<byte> head)
        {
            // "HTTP/1.1 201 Created"
            if (head.Length < 12 || !head.StartsWith("HTTP/1.1 "u8) || !Utf8Parser.TryParse(head.Slice(9, 3), out int status, out _))
            {
                throw new IOException("The answer does not start with an HTTP/1.1 status line.");
            }

            int? contentLength = null;
            var chunked = false;
            foreach (var range in head.Split("\r\n"u8))
            {
                var line = head[range];
                var colon = line.IndexOf((byte)':');
                if (colon < 0)
                {
                    continue;
                }

                var value = line[(colon + 1)..].Trim((byte)' ');
                if (Ascii.EqualsIgnoreCase(line[..colon], "content-length"u8))
                {
                    contentLength = Utf8Parser.TryParse(value, out int length, out _) && length >= 0
                        ? length
                        : throw new IOException("The answer's Content-Length is not a number.");
                }
                else if (Ascii.EqualsIgnoreCase(line[..colon], "transfer-encoding"u8))
                {
                    chunked = Ascii.EqualsIgnoreCase(value, "chunked"u8);
                }
            }

            return chunked ? (status, 0, true)
                : contentLength is { } known ? (status, known, false)
                : throw new IOException("The answer has neither a Content-Length nor a chunked body.");
        }

        public void Dispose() => socket.Dispose();
    }
}
