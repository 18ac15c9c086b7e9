using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using OrleansCrm.Clients.Contracts;
using OrleansCrm.ServiceDesk.Contracts;
using OrleansCrm.ServiceDesk.Tests.Properties;
using OrleansCrm.Staff.Contracts;
using OrleansCrm.Testing;

namespace OrleansCrm.ServiceDesk.Tests.Faults;

/// <summary>
/// Service-desk traffic at a steady pace while a fault test breaks things: specialists and a client (a skill code of the
/// driver's own, so only its specialists take its tickets), then tickets opened one after another, each with an
/// Idempotency-Key and retried with that same key after a 503 or a lost answer until it is acknowledged (2xx), with a
/// move (accept, start, resolve, cancel, redirect) on an earlier ticket after each. Every acknowledged ticket is
/// remembered; every answer is recorded, so a test can judge how the product answered while it was faulty.
/// </summary>
internal sealed class FaultDriver
{
    /// <summary>How long one request may take before the driver counts it as lost (and, for an open, retries).</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How long an open is retried before the driver gives up on it. Sooner than Retry-After asks between attempts: the
    /// test wants many attempts during a short fault, and the product must cope with an impatient client too.
    /// </summary>
    private static readonly TimeSpan OpenDeadline = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan RetryPause = TimeSpan.FromMilliseconds(250);

    private readonly Random _random;
    private readonly List<Guid> _specialists = [];
    private readonly ConcurrentDictionary<Guid, TicketDetails> _acknowledged = new();
    private readonly ConcurrentQueue<Answer> _answers = new();
    private volatile HttpClient[] _hosts;
    private Guid _client;

    public FaultDriver(string skill, int seed, params HttpClient[] hosts)
    {
        Skill = skill;
        _random = new Random(seed);
        _hosts = hosts;
    }

    /// <summary>The skill every ticket requires and every specialist of the driver has (and nobody else).</summary>
    public string Skill { get; }

    public IReadOnlyList<Guid> Specialists => _specialists;

    /// <summary>Tickets the product acknowledged opening (2xx), with the last details it answered for each.</summary>
    public IReadOnlyCollection<Guid> Acknowledged => _acknowledged.Keys.ToList();

    /// <summary>Every answer so far, oldest first.</summary>
    public IReadOnlyList<Answer> Answers => _answers.ToList();

    /// <summary>Called before ticket i (from 0) is opened: where a test arms the next fault.</summary>
    public Action<int>? BeforeTicket { get; init; }

    /// <summary>Sends the next requests to these hosts (chosen at random per request): after a restart, the new one.</summary>
    public void UseHosts(params HttpClient[] hosts) => _hosts = hosts;

    /// <summary>The subject of ticket i: unique, so a test can recognise its bytes on the wire.</summary>
    public string Subject(int i) => $"T{i}: не формується звіт ({Skill})";

    /// <summary>
    /// A client and <paramref name="specialists"/> specialists on duty, all qualified for every ticket of the driver
    /// (level 3, tickets need 1–3). Retried on 503 with the same keys, so a test may set up under faults too.
    /// </summary>
    public async Task SetUpAsync(int specialists = 4, int capacity = 8)
    {
        var client = await SendUntilAcknowledgedAsync("client", () => Post("/api/clients", new { legalName = $"ТОВ «Збій {Skill}»", supportStatus = "Active" }, $"{Skill}/client"));
        _client = (await CrmHost.ReadAsync<ClientDetails>(client!)).Id;
        for (var i = 0; i < specialists; i++)
        {
            var label = $"S{i + 1}";
            var created = await SendUntilAcknowledgedAsync("specialist", () => Post(
                "/api/specialists",
                new { name = $"{label} {Skill}", skills = new[] { new { code = Skill, level = 3 } }, capacity },
                $"{Skill}/specialist/{i}"));
            _specialists.Add((await CrmHost.ReadAsync<SpecialistDetails>(created!)).Id);
        }
    }

    /// <summary>
    /// Opens <paramref name="tickets"/> tickets (numbered from <paramref name="first"/>: a number is a ticket's idempotency
    /// key), one every <paramref name="pace"/>, each followed by a move on an earlier one.
    /// </summary>
    public async Task RunAsync(int tickets, TimeSpan pace, int first = 0)
    {
        for (var i = first; i < first + tickets; i++)
        {
            var started = Stopwatch.StartNew();
            BeforeTicket?.Invoke(i);
            await OpenAsync(i);
            await MoveAsync();
            if (pace - started.Elapsed is { Ticks: > 0 } rest)
            {
                await Task.Delay(rest, CancellationToken.None);
            }
        }
    }

    /// <summary>
    /// Reads what people look at, one every <paramref name="pace"/> until stopped: the tickets list and the specialists
    /// list (from the tables), a ticket (from its grain), the board (from the dispatcher). Answers are recorded like the rest.
    /// </summary>
    public async Task BrowseAsync(TimeSpan pace, CancellationToken stop)
    {
        var random = new Random(_specialists.Count); // its own: RunAsync's may be in use at the same time
        while (!stop.IsCancellationRequested)
        {
            var known = _acknowledged.Keys.ToList();
            var url = random.Next(4) switch
            {
                0 => $"/api/tickets?skill={Skill}&pageSize=50",
                1 => $"/api/specialists?skill={Skill}",
                2 when known.Count > 0 => $"/api/tickets/{known[random.Next(known.Count)]}",
                _ => "/api/dispatch/board",
            };
            using var response = await SendAsync("read", new HttpRequestMessage(HttpMethod.Get, url), _hosts[0]);
            await Task.Delay(pace, CancellationToken.None);
        }
    }

    private async Task OpenAsync(int i)
    {
        var priority = PickWeighted([(TicketPriority.Low, 25), (TicketPriority.Normal, 40), (TicketPriority.High, 25), (TicketPriority.Critical, 10)]);
        var minLevel = _random.Next(1, 4);
        var body = new { clientId = _client, subject = Subject(i), channel = "Phone", priority = priority.ToString(), requiredSkill = Skill, minLevel };
        var response = await SendUntilAcknowledgedAsync("open", () => Post("/api/tickets", body, $"{Skill}/ticket/{i}"));
        if (response is not null)
        {
            var opened = await CrmHost.ReadAsync<TicketDetails>(response);
            _acknowledged[opened.Id] = opened;
        }
    }

    /// <summary>One move on an acknowledged ticket, by what it was last seen as. Not retried: the invariants judge whatever it did.</summary>
    private async Task MoveAsync()
    {
        var open = _acknowledged.Values.Where(t => DispatchInvariants.Open.Contains(t.Status)).ToList();
        if (open.Count == 0 || _random.NextDouble() < 0.2)
        {
            return;
        }

        var ticket = open[_random.Next(open.Count)];
        var roll = _random.NextDouble();
        var (what, request) = ticket.Status switch
        {
            TicketStatus.Assigned when roll < 0.6 => ("accept", Post($"/api/tickets/{ticket.Id}/accept", new { })),
            TicketStatus.Assigned when roll < 0.8 => ("redirect", Post($"/api/tickets/{ticket.Id}/redirect", new { toSpecialistId = Other(ticket.AssigneeId), reason = "клієнт просить іншого" })),
            TicketStatus.Assigned => ("redirect", Post($"/api/tickets/{ticket.Id}/redirect", new { toSpecialistId = (Guid?)null, reason = "нехай диспетчер вирішить" })),
            TicketStatus.Accepted when roll < 0.5 => ("start", Post($"/api/tickets/{ticket.Id}/start", new { })),
            TicketStatus.Accepted or TicketStatus.InProgress or TicketStatus.Paused when roll < 0.9 => ("resolve", Post($"/api/tickets/{ticket.Id}/resolve", new { })),
            _ => ("cancel", Post($"/api/tickets/{ticket.Id}/cancel", new { reason = "клієнт впорався сам" })),
        };
        var response = await SendAsync(what, request);
        if (response?.IsSuccessStatusCode == true)
        {
            _acknowledged[ticket.Id] = await CrmHost.ReadAsync<TicketDetails>(response);
        }
        else if (await SendAsync("get", new HttpRequestMessage(HttpMethod.Get, $"/api/tickets/{ticket.Id}")) is { IsSuccessStatusCode: true } current)
        {
            _acknowledged[ticket.Id] = await CrmHost.ReadAsync<TicketDetails>(current); // refused or unknown: see where it stands
        }
    }

    private Guid Other(Guid? than)
    {
        var others = _specialists.Where(s => s != than).ToList();
        return others[_random.Next(others.Count)];
    }

    /// <summary>Sends until a 2xx (returned), giving up after <see cref="OpenDeadline"/> (null); 503s and lost answers are retried.</summary>
    private async Task<HttpResponseMessage?> SendUntilAcknowledgedAsync(string what, Func<HttpRequestMessage> request)
    {
        var deadline = DateTime.UtcNow + OpenDeadline;
        while (true)
        {
            var response = await SendAsync(what, request());
            if (response?.IsSuccessStatusCode == true)
            {
                return response;
            }

            if (response is not null && response.StatusCode != HttpStatusCode.ServiceUnavailable)
            {
                return null; // not retryable: recorded, and judged by the test
            }

            if (DateTime.UtcNow > deadline)
            {
                return null;
            }

            await Task.Delay(RetryPause);
        }
    }

    /// <summary>One request to one of the hosts, its answer recorded; null when no answer came (lost, timed out, host gone).</summary>
    private async Task<HttpResponseMessage?> SendAsync(string what, HttpRequestMessage request, HttpClient? to = null)
    {
        var hosts = _hosts;
        var http = to ?? hosts[_random.Next(hosts.Length)];
        var at = DateTimeOffset.UtcNow;
        var took = Stopwatch.StartNew();
        using var timeout = new CancellationTokenSource(RequestTimeout);
        try
        {
            var response = await http.SendAsync(request, timeout.Token);
            await response.Content.LoadIntoBufferAsync(timeout.Token);
            _answers.Enqueue(new Answer(what, at, took.Elapsed, (int)response.StatusCode, response.Headers.RetryAfter is not null,
                response.IsSuccessStatusCode ? null : Shorten(await response.Content.ReadAsStringAsync(timeout.Token))));
            return response;
        }
        catch (Exception exception) when (exception is HttpRequestException or OperationCanceledException or IOException or ObjectDisposedException)
        {
            _answers.Enqueue(new Answer(what, at, took.Elapsed, null, false, $"{exception.GetType().Name}: {exception.Message}"));
            return null;
        }
    }

    private static HttpRequestMessage Post(string url, object body, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body, options: CrmHost.Json) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return request;
    }

    private T PickWeighted<T>(IReadOnlyList<(T Item, double Weight)> weighted)
    {
        var roll = _random.NextDouble() * weighted.Sum(w => w.Weight);
        foreach (var (item, weight) in weighted)
        {
            roll -= weight;
            if (roll < 0)
            {
                return item;
            }
        }

        return weighted[^1].Item;
    }

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "…";
}

/// <summary>One answer the driver got: its status (null: none came), how long it took, whether it said when to retry.</summary>
internal sealed record Answer(string What, DateTimeOffset At, TimeSpan Took, int? Status, bool RetryAfter, string? Problem)
{
    public override string ToString() =>
        $"{At:HH:mm:ss.fff} {What} → {(Status is { } s ? s.ToString() : "no answer")} in {Took.TotalSeconds:0.00} s{(RetryAfter ? " (Retry-After)" : "")}{(Problem is null ? "" : ": " + Problem)}";
}
