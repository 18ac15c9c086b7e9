using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using OrleansCrm.ServiceDesk.Dispatching;

namespace OrleansCrm.Benchmarks.ServiceDesk;

/// <summary>
/// Opens tickets through <c>POST /api/tickets</c> on 127.0.0.1 and checks that each was created (201) and assigned
/// (assigneeId set): creation and assignment end to end, as a user's request makes them. Every loop is bounded in
/// count and in time.
/// </summary>
internal sealed class TicketLoad : IDisposable
{
    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);
    private readonly HttpClient _http; // for the untimed cancelling
    private readonly LoopbackHttp _timed;
    private readonly byte[][] _requests; // POST /api/tickets, headers and body, built once per body
    private int _next = -1;
    private int _failed;
    private int _unassigned;
    private int _cancelled;
    private string? _firstFailure;
    private System.Collections.Concurrent.ConcurrentQueue<Guid>? _opened;

    public TicketLoad(Uri api, string token, IReadOnlyList<Guid> clients, int seed)
    {
        if (!IPAddress.TryParse(api.Host, out var ip) || !IPAddress.IsLoopback(ip))
        {
            throw new ArgumentException($"The benchmark only sends requests to 127.0.0.1, not {api}.", nameof(api));
        }

        _http = new HttpClient(new SocketsHttpHandler
        {
            UseProxy = false,
            MaxConnectionsPerServer = 256,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
        })
        {
            BaseAddress = api,
            Timeout = TimeSpan.FromSeconds(30),
            DefaultRequestHeaders = { Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token) },
        };

        var server = new IPEndPoint(ip, api.Port);
        _timed = new LoopbackHttp(server);
        var path = new Uri(api, "api/tickets").AbsolutePath;
        var random = new Random(seed);
        var bodies = Enumerable.Range(0, 8192).Select(_ =>
        {
            var need = DispatchScenario.Ticket(random);
            return JsonSerializer.SerializeToUtf8Bytes(new
            {
                clientId = clients[random.Next(clients.Count)],
                subject = "Не формується податкова накладна",
                description = "Після оновлення релізу не формується ПН, помилка при проведенні документа.",
                channel = "Phone",
                priority = need.Priority.ToString(),
                requiredSkill = need.Skill,
                minLevel = need.MinLevel,
                billable = false,
            }, Web);
        }).ToArray();
        _requests = [.. bodies.Select(body => LoopbackHttp.Post(path, server, token, body))];
        WeightOfBodies = bodies.Select(b => JsonSerializer.Deserialize<JsonElement>(b).GetProperty("priority").GetString()).Average(p => p switch
        {
            "Low" => 1, "Normal" => 2, "High" => 3, _ => 5,
        });
    }

    /// <summary>Mean weight of the tickets this generator opens (it cycles through 8,192 pregenerated requests).</summary>
    public double WeightOfBodies { get; }

    public int Sent => _next + 1;

    public int Failed => _failed;

    public int Unassigned => _unassigned;

    public string? FirstFailure => _firstFailure;

    /// <summary>Opens one ticket; false when it was not created or not assigned (counted, never thrown).</summary>
    public async Task<bool> OpenAsync(CancellationToken cancellationToken)
    {
        var request = _requests[Interlocked.Increment(ref _next) % _requests.Length];
        try
        {
            var (id, assignee, failure) = await _timed.SendAsync(request, static (status, body) =>
                status != (int)HttpStatusCode.Created ? (Guid.Empty, null, $"{status}: {System.Text.Encoding.UTF8.GetString(body.Span)}")
                : ReadReply(body.Span) is { } reply ? (reply.Id, reply.AssigneeId, (string?)null)
                : (Guid.Empty, (Guid?)null, "201 without the ticket's id"), cancellationToken);
            if (failure is not null)
            {
                Interlocked.Increment(ref _failed);
                Interlocked.CompareExchange(ref _firstFailure, failure, null);
                return false;
            }

            _opened?.Enqueue(id);
            if (assignee is null)
            {
                Interlocked.Increment(ref _unassigned);
                return false;
            }

            return true;
        }
        catch (Exception exception) when (exception is IOException or System.Net.Sockets.SocketException or OperationCanceledException or JsonException)
        {
            Interlocked.Increment(ref _failed);
            Interlocked.CompareExchange(ref _firstFailure, exception.Message, null);
            return false;
        }
    }

    /// <summary>The created ticket's <c>id</c> and <c>assigneeId</c> (top-level properties), read without materializing the rest.</summary>
    private static (Guid Id, Guid? AssigneeId)? ReadReply(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        Guid? id = null;
        Guid? assignee = null;
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isId = reader.ValueTextEquals("id"u8);
            var isAssignee = !isId && reader.ValueTextEquals("assigneeId"u8);
            reader.Read();
            if (isId && reader.TokenType == JsonTokenType.String)
            {
                id = reader.GetGuid();
            }
            else if (isAssignee && reader.TokenType == JsonTokenType.String)
            {
                assignee = reader.GetGuid();
            }
            else
            {
                reader.Skip();
            }
        }

        return id is { } found ? (found, assignee) : null;
    }

    /// <summary>Closed loop: <paramref name="clients"/> callers, each sending its next request when the last one answered.</summary>
    public async Task<Samples> ClosedLoopAsync(string name, int clients, int maxTickets, TimeSpan maxDuration)
    {
        await _timed.OpenConnectionsAsync(clients, CancellationToken.None);
        using var stop = new CancellationTokenSource(maxDuration + TimeSpan.FromSeconds(30));
        var samples = new Samples(name) { Concurrency = clients };
        var started = 0;
        var cpu = CpuUse.Take();
        var run = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            while (run.Elapsed < maxDuration && Interlocked.Increment(ref started) <= maxTickets)
            {
                var start = Stopwatch.GetTimestamp();
                if (await OpenAsync(stop.Token))
                {
                    samples.Add(start);
                }
            }
        })));
        samples.Elapsed = run.Elapsed;
        samples.Cpu = CpuUse.Since(cpu);
        return samples;
    }

    /// <summary>
    /// Open loop: request i is due at start + i / rate whether or not earlier ones have answered (at most
    /// <paramref name="maxInFlight"/> outstanding; more is counted as late and not sent). Latency counts from the due
    /// moment, so a sender that fell behind shows in the numbers instead of hiding them.
    /// </summary>
    public async Task<(Samples Latency, int Late)> OpenLoopAsync(string name, double rate, int count, int maxInFlight)
    {
        await _timed.OpenConnectionsAsync(maxInFlight, CancellationToken.None);
        var samples = new Samples(name);
        var inFlight = 0;
        var late = 0;
        var pending = new List<Task>(count);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(count / rate + 60));
        var cpu = CpuUse.Take();
        var run = Stopwatch.StartNew();
        var origin = Stopwatch.GetTimestamp();
        for (var i = 0; i < count && !stop.IsCancellationRequested; i++)
        {
            var due = origin + (long)(i / rate * Stopwatch.Frequency);
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait);
            }

            if (Interlocked.Increment(ref inFlight) > maxInFlight)
            {
                Interlocked.Decrement(ref inFlight);
                late++;
                continue;
            }

            pending.Add(Task.Run(async () =>
            {
                try
                {
                    if (await OpenAsync(stop.Token))
                    {
                        samples.Add(due);
                    }
                }
                finally
                {
                    Interlocked.Decrement(ref inFlight);
                }
            }));
        }

        await Task.WhenAll(pending);
        samples.Elapsed = run.Elapsed;
        samples.Cpu = CpuUse.Since(cpu);
        return (samples, late);
    }

    /// <summary>
    /// Warm-up: opens tickets with <paramref name="clients"/> callers until a second passes in which the runtime
    /// compiled no method (tiered compilation optimises hot code in the background, tens of seconds on 2 cores, and
    /// until then a run measures the JIT's progress), at most <paramref name="limit"/>; then cancels every ticket it
    /// opened, untimed, so that the warm-up leaves the specialists' loads as they were. Returns how long it took.
    /// </summary>
    public async Task<TimeSpan> WarmUpAsync(int clients, TimeSpan limit)
    {
        _opened = new();
        var warming = Stopwatch.StartNew();
        while (warming.Elapsed < limit)
        {
            var compiled = System.Runtime.JitInfo.GetCompiledMethodCount();
            await ClosedLoopAsync("warm-up", clients, int.MaxValue, TimeSpan.FromSeconds(1));
            if (System.Runtime.JitInfo.GetCompiledMethodCount() == compiled)
            {
                break;
            }

            // Give the load back as it goes: each second opens a few hundred tickets.
            await CancelAsync(clients);
        }

        await CancelOpenedAsync(clients);
        _opened = null;
        return warming.Elapsed;
    }

    /// <summary>
    /// For profiling (<c>--soak N</c>, N at most 5, so that the specialists' capacity takes every ticket): N rounds of a
    /// closed loop of <paramref name="clients"/> callers back to back, with <see cref="PerfControl"/> on only while
    /// tickets are opened; their tickets are cancelled afterwards.
    /// </summary>
    public async Task SoakAsync(int clients, int rounds, bool allocations)
    {
        using var sampler = allocations ? new AllocationSampler() : null;
        _opened = new();
        for (var round = 0; round < rounds; round++)
        {
            var compiled = System.Runtime.JitInfo.GetCompiledMethodCount();
            var compiling = System.Runtime.JitInfo.GetCompilationTime();
            PerfControl.Enable();
            sampler?.Start();
            var samples = await ClosedLoopAsync("soak", clients, ServiceDeskSettings.MaxTicketsPerClosedRun, TimeSpan.FromSeconds(10));
            PerfControl.Disable();
            Console.WriteLine($"  soak {round + 1}/{rounds}: {samples.PerSecond,8:N1}/s  p50 {samples.Percentile(50):F1} ms  p99 {samples.Percentile(99):F1} ms  {samples.CpuPerSample}; JIT compiled {System.Runtime.JitInfo.GetCompiledMethodCount() - compiled} methods in {(System.Runtime.JitInfo.GetCompilationTime() - compiling).TotalMilliseconds:F0} ms");
            foreach (var line in sampler?.Stop(40) ?? [])
            {
                Console.WriteLine("    " + line);
            }
        }

        await CancelOpenedAsync(clients);
        _opened = null;
    }

    /// <summary>
    /// Runs <paramref name="run"/> remembering the tickets it opens, then cancels them (untimed), so that the run leaves
    /// the specialists' loads as they were and the next run finds the same room.
    /// </summary>
    public async Task<T> ThenCancelAsync<T>(int clients, Func<Task<T>> run)
    {
        _opened = new();
        try
        {
            return await run();
        }
        finally
        {
            await CancelOpenedAsync(clients);
            _opened = null;
        }
    }

    /// <summary>Tickets cancelled after the warm-up and the runs that cancel theirs.</summary>
    public int Cancelled => _cancelled;

    /// <summary>
    /// Cancels the tickets opened since <see cref="_opened"/> was set, then waits for the JIT to go quiet: the cancel
    /// path's methods reach their optimized tier in the background a moment later, which should not fall into the next
    /// timed run. (The 340 methods the first run after the warm-up used to compile came from the warm-up's lower
    /// concurrency, not from here: this wait alone did not change them.)
    /// </summary>
    private async Task CancelOpenedAsync(int clients)
    {
        await CancelAsync(clients);
        await JitQuietAsync();
    }

    /// <summary>Waits until half a second passes in which the runtime compiled no method, at most 10 s.</summary>
    private static async Task JitQuietAsync()
    {
        var waiting = Stopwatch.StartNew();
        while (waiting.Elapsed < TimeSpan.FromSeconds(10))
        {
            var compiled = System.Runtime.JitInfo.GetCompiledMethodCount();
            await Task.Delay(500);
            if (System.Runtime.JitInfo.GetCompiledMethodCount() == compiled)
            {
                return;
            }
        }
    }

    private async Task CancelAsync(int clients)
    {
        var opened = _opened!;
        await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            while (opened.TryDequeue(out var id))
            {
                using var content = new ByteArrayContent("{}"u8.ToArray());
                content.Headers.ContentType = Json;
                using var response = await _http.PostAsync($"api/tickets/{id}/cancel", content);
                response.EnsureSuccessStatusCode();
                Interlocked.Increment(ref _cancelled);
            }
        })));
    }

    public void Dispose()
    {
        _timed.Dispose();
        _http.Dispose();
    }
}
