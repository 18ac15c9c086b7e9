using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using OrleansCrm.Clients.Contracts;
using OrleansCrm.ServiceDesk.Contracts;
using OrleansCrm.ServiceDesk.SearchTickets;
using OrleansCrm.Staff.Contracts;
using OrleansCrm.Testing;

namespace OrleansCrm.ServiceDesk.Tests.Properties;

/// <summary>
/// One case of the dispatcher property: a skill code of its own (so its specialists are the only ones who qualify for
/// its tickets, however many cases share the host and the queue), one client, and a fixed-seed <see cref="Random"/>
/// that picks each next operation from what the last check saw. Each operation is sent through the API, its answer is
/// checked against the rules (a refused one must be 400/409 and change nothing), and then every invariant of
/// <see cref="DispatchInvariants"/> is checked. A failure names the seed, the operations so far (specialists as S1…,
/// tickets as T1…) and the state, and the seed repeats the case.
/// </summary>
internal sealed class DispatchCase
{
    public const int MaxSpecialists = 6;
    public const int MaxTickets = 18;
    public const string SeedVariable = "DISPATCH_PROPERTY_SEED";
    public const string CasesVariable = "DISPATCH_PROPERTY_CASES";

    /// <summary>How long the dispatcher's one-way re-planning (new specialist, availability change) may take to show.</summary>
    private static readonly TimeSpan SettleTimeout = TimeSpan.FromSeconds(5);

    private static readonly Dictionary<string, TicketStatus[]> Allowed = new()
    {
        ["accept"] = [TicketStatus.Assigned],
        ["decline"] = [TicketStatus.Assigned, TicketStatus.Accepted],
        ["start"] = [TicketStatus.Accepted, TicketStatus.Paused],
        ["pause"] = [TicketStatus.InProgress],
        ["resolve"] = [TicketStatus.Accepted, TicketStatus.InProgress, TicketStatus.Paused],
        ["close"] = [TicketStatus.Resolved],
        ["reopen"] = [TicketStatus.Resolved, TicketStatus.Closed],
        ["cancel"] = [TicketStatus.New, TicketStatus.Assigned, TicketStatus.Accepted, TicketStatus.InProgress, TicketStatus.Paused],
    };

    private static readonly Dictionary<string, TicketStatus> Reaches = new()
    {
        ["accept"] = TicketStatus.Accepted,
        ["start"] = TicketStatus.InProgress,
        ["pause"] = TicketStatus.Paused,
        ["resolve"] = TicketStatus.Resolved,
        ["close"] = TicketStatus.Closed,
        ["cancel"] = TicketStatus.Cancelled,
    };

    private static readonly TicketStatus[] Redirectable = [TicketStatus.Assigned, TicketStatus.Accepted, TicketStatus.InProgress, TicketStatus.Paused];

    private readonly Random _random;
    private readonly List<Guid> _specialists = [];
    private readonly List<Guid> _tickets = [];
    private readonly Dictionary<Guid, string> _labels = [];
    private readonly List<string> _log = [];

    /// <summary>Waiting tickets and whoever just declined them or had them redirected away, until the dispatcher next re-plans.</summary>
    private readonly Dictionary<Guid, Guid> _excluded = [];
    private Guid _client;
    private Snapshot? _last;
    private int _specialistKeys;
    private int _ticketKeys;

    public DispatchCase(HttpClient http, int seed)
    {
        Http = http;
        Seed = seed;
        Skill = $"prop-{seed}";
        _random = new Random(seed);
    }

    /// <summary>Replaced by <see cref="Restarted"/>: the case goes on against the new host.</summary>
    public HttpClient Http { get; private set; }

    public int Seed { get; }

    public string Skill { get; }

    public Snapshot Last => _last ?? throw new InvalidOperationException("Start the case first.");

    public DispatchStats Stats { get; } = new();

    public IReadOnlyList<string> Log => _log;

    public async Task StartAsync()
    {
        var response = await Http.PostAsJsonAsync("/api/clients", new { legalName = $"ТОВ «Властивість {Skill}»", supportStatus = "Active" });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        _client = (await CrmHost.ReadAsync<ClientDetails>(response)).Id;
        await CheckAsync("start");
    }

    /// <summary>
    /// The host was restarted: go on against the new one, whose dispatcher re-plans the whole queue when it starts.
    /// True when a ticket was waiting only because whoever just declined it has room: that re-plan may assign it.
    /// </summary>
    public bool Restarted(HttpClient http)
    {
        Http = http;
        var pending = _excluded.Keys.Any(id => Last.Tickets[id].Status == TicketStatus.New);
        _excluded.Clear();
        _log.Add("-- restart");
        return pending;
    }

    /// <summary>One random operation, its answer checked, then every invariant.</summary>
    public async Task StepAsync() => await ExecuteAsync(NextOperation());

    /// <summary>Reads everything and checks every invariant now; with <paramref name="unchanged"/>, also that nothing moved since the last check.</summary>
    public async Task CheckAsync(string when, bool unchanged = false)
    {
        _log.Add($"-- {when}");
        var snapshot = await ReadAsync();
        var violations = DispatchInvariants.Violations(snapshot, Skill, _excluded);
        if (violations.Count > 0)
        {
            Fail($"at \"{when}\" the invariants fail:\n  {string.Join("\n  ", violations)}", snapshot);
        }

        if (unchanged && _last is not null && DispatchInvariants.Changes(_last, snapshot, Skill) is { Count: > 0 } changes)
        {
            Fail($"at \"{when}\" the state differs from the last check:\n  {string.Join("\n  ", changes)}", snapshot);
        }

        Accept(snapshot);
    }

    /// <summary>
    /// Cancels every ticket still open, checks that this leaves every specialist of the case without load, and so
    /// keeps the shared queue small for the cases that follow (its board and re-planning cover every case's tickets).
    /// </summary>
    public async Task FinishAsync()
    {
        foreach (var id in _tickets.Where(id => DispatchInvariants.Open.Contains(Last.Tickets[id].Status)))
        {
            using var response = await Http.PostAsJsonAsync($"/api/tickets/{id}/cancel", new { reason = "кінець випадку" });
            if (!response.IsSuccessStatusCode)
            {
                Fail($"cancelling {id} at the end answered {(int)response.StatusCode}: {Shorten(await response.Content.ReadAsStringAsync())}", null);
            }
        }

        await CheckAsync("every open ticket cancelled");
        if (Last.Specialists.Values.FirstOrDefault(s => s.Load != 0 || s.OpenTickets.Count != 0) is { } loaded)
        {
            Fail($"with every ticket cancelled, {loaded.Id} still has load {loaded.Load}", Last);
        }
    }

    public async Task<Guid> CreateSpecialistAsync(int capacity, int level)
    {
        await ExecuteAsync(SpecialistOperation(capacity, level));
        return _specialists[^1];
    }

    public async Task<TicketDetails> OpenAsync(TicketPriority priority, int minLevel)
    {
        await ExecuteAsync(TicketOperation(priority, minLevel, valid: true));
        return Last.Tickets[_tickets[^1]];
    }

    public async Task<TicketDetails> ActAsync(Guid ticket, string action)
    {
        await ExecuteAsync(ActOperation(ticket, action, action == "decline" ? "не мій профіль" : null, version: null));
        return Last.Tickets[ticket];
    }

    public async Task<TicketDetails> RedirectAsync(Guid ticket, Guid? to)
    {
        await ExecuteAsync(RedirectOperation(ticket, to, "клієнт просить іншого", version: null));
        return Last.Tickets[ticket];
    }

    public async Task<SpecialistDetails> SetAvailabilityAsync(Guid specialist, AvailabilityStatus status, DateTimeOffset? until = null)
    {
        await ExecuteAsync(AvailabilityOperation(specialist, status, until));
        return Last.Specialists[specialist];
    }

    public string Label(Guid? id) => id is not { } known ? "nobody" : _labels.TryGetValue(known, out var label) ? label : known.ToString();

    // ---------------------------------------------------------------- running one operation

    /// <summary>
    /// A request and what the rules say of it: the status codes allowed (more than one only where the rules leave the
    /// choice to the product, and then the invariants judge what it did), a check of a successful answer, and for
    /// one-way re-planning the condition that shows it has reached the dispatcher.
    /// </summary>
    private sealed record Operation(
        string Kind,
        string Text,
        Func<HttpRequestMessage> Request,
        HttpStatusCode[] Expected,
        Func<string, (string Note, string? Problem)>? Answered = null,
        Func<Snapshot, string?>? Settled = null,
        Guid? Ticket = null,
        Func<bool>? Replans = null);

    private async Task ExecuteAsync(Operation operation)
    {
        var index = _log.Count(l => l.StartsWith('#')) + 1;
        using var request = operation.Request();
        var sending = Stopwatch.StartNew();
        using var response = await Http.SendAsync(request);
        Stats.Sending += sending.Elapsed;
        var body = await response.Content.ReadAsStringAsync();
        var succeeded = response.IsSuccessStatusCode;
        var line = $"#{index} {operation.Text} → {(int)response.StatusCode}";
        string? problem = null;
        if (!operation.Expected.Contains(response.StatusCode))
        {
            problem = $"expected {string.Join(" or ", operation.Expected.Select(c => (int)c))}, got {(int)response.StatusCode}: {Shorten(body)}";
        }
        else if (succeeded && operation.Answered is not null)
        {
            var (note, wrong) = operation.Answered(body);
            line += note;
            problem = wrong;
        }

        _log.Add(line);
        Stats.Operation(operation.Kind, succeeded);
        if (succeeded && (operation.Replans?.Invoke() ?? true))
        {
            // The dispatcher re-planned: it offered the queue to everyone again, except the ticket it just dispatched.
            foreach (var waiting in _excluded.Keys.Where(id => id != operation.Ticket).ToList())
            {
                _excluded.Remove(waiting);
            }
        }

        if (problem is not null)
        {
            Fail($"operation #{index} was answered wrongly: {problem}", null);
        }

        var before = Last;
        var after = succeeded && operation.Settled is not null
            ? await SettleAsync(index, operation.Settled)
            : await ReadAsync();
        var violations = DispatchInvariants.Violations(after, Skill, _excluded);
        violations.AddRange(DispatcherAssignments(before, after));
        if (violations.Count > 0)
        {
            Fail($"after operation #{index} the invariants fail:\n  {string.Join("\n  ", violations)}", after);
        }

        if (!succeeded && DispatchInvariants.Changes(before, after, Skill) is { Count: > 0 } changes)
        {
            Fail($"operation #{index} was refused but changed:\n  {string.Join("\n  ", changes)}", after);
        }

        Accept(after);
    }

    /// <summary>Re-reads until the one-way re-planning has shown and every invariant holds; fails when that takes too long.</summary>
    private async Task<Snapshot> SettleAsync(int index, Func<Snapshot, string?> settled)
    {
        var deadline = DateTime.UtcNow + SettleTimeout;
        for (var reads = 1; ; reads++)
        {
            var snapshot = await ReadAsync();
            var pending = settled(snapshot);
            var violations = DispatchInvariants.Violations(snapshot, Skill, _excluded);
            if (pending is null && violations.Count == 0)
            {
                Stats.Settled(reads);
                return snapshot;
            }

            if (DateTime.UtcNow > deadline)
            {
                Fail($"operation #{index}: not settled within {SettleTimeout.TotalSeconds:0} s ({reads} reads): "
                    + (pending ?? "the change reached the dispatcher")
                    + (violations.Count > 0 ? $"; invariants failing:\n  {string.Join("\n  ", violations)}" : ""), snapshot);
            }

            await Task.Delay(25);
        }
    }

    private void Accept(Snapshot snapshot)
    {
        _last = snapshot;
        Stats.Observed(snapshot);
    }

    private async Task<Snapshot> ReadAsync()
    {
        var reading = Stopwatch.StartNew();
        var board = GetAsync<DispatchBoard>("/api/dispatch/board");
        var tickets = Task.WhenAll(_tickets.Select(id => GetAsync<TicketDetails>($"/api/tickets/{id}")));
        var specialists = Task.WhenAll(_specialists.Select(id => GetAsync<SpecialistDetails>($"/api/specialists/{id}")));
        var listed = GetAsync<TicketPage>($"/api/tickets?skill={Skill}&pageSize=200");
        await Task.WhenAll(board, tickets, specialists, listed);
        var snapshot = new Snapshot(
            await board,
            (await tickets).ToDictionary(t => t.Id),
            (await specialists).ToDictionary(s => s.Id),
            (await listed).Items);
        Stats.Reading += reading.Elapsed;
        return snapshot;
    }

    private async Task<T> GetAsync<T>(string url)
    {
        using var response = await Http.GetAsync(url);
        if (!response.IsSuccessStatusCode)
        {
            Fail($"GET {url} answered {(int)response.StatusCode}: {Shorten(await response.Content.ReadAsStringAsync())}", null);
        }

        return await CrmHost.ReadAsync<T>(response);
    }

    /// <summary>[6] Whoever the dispatcher assigned a ticket to during the operation is on duty with the skill at the ticket's level.</summary>
    private List<string> DispatcherAssignments(Snapshot before, Snapshot after)
    {
        var wrong = new List<string>();
        foreach (var ticket in after.Tickets.Values)
        {
            var seen = before.Tickets.TryGetValue(ticket.Id, out var was) ? was.History.Count : 0;
            foreach (var entry in ticket.History.Skip(seen).Where(h => h.Kind == TicketHistoryKind.Assigned))
            {
                if (entry.ToSpecialistId is not { } to || !after.Specialists.TryGetValue(to, out var specialist))
                {
                    wrong.Add($"[6] {ticket.Id} was assigned to {entry.ToSpecialistId}, who is not one of the case's specialists");
                }
                else if (specialist.Availability.Status != AvailabilityStatus.OnDuty || DispatchInvariants.Level(specialist, Skill) < ticket.MinLevel)
                {
                    wrong.Add($"[6] {ticket.Id} (minLevel {ticket.MinLevel}) was assigned to {to} (level {DispatchInvariants.Level(specialist, Skill)}, {specialist.Availability.Status}): \"{entry.Reason}\"");
                }
            }
        }

        return wrong;
    }

    // ---------------------------------------------------------------- choosing the next operation

    private Operation NextOperation()
    {
        while (true)
        {
            (string Kind, double Weight)[] kinds =
            [
                ("specialist", _specialists.Count == 0 ? 5 : _specialists.Count < 3 ? 1.5 : _specialists.Count < MaxSpecialists ? 0.6 : 0),
                ("ticket", _tickets.Count < MaxTickets ? 4 : 0),
                ("accept", 3),
                ("decline", 1.2),
                ("start", 2.5),
                ("pause", 0.8),
                ("resolve", 2.5),
                ("cancel", 0.7),
                ("close", 0.4),
                ("reopen", 0.5),
                ("redirect", 1.8),
                ("availability", 2),
                ("rebalance", 0.3),
            ];
            var kind = PickWeighted(kinds);
            var operation = kind switch
            {
                "specialist" => RandomSpecialist(),
                "ticket" => RandomTicket(),
                "redirect" => RandomRedirect(),
                "availability" => RandomAvailability(),
                "rebalance" => RebalanceOperation(),
                _ => RandomAct(kind),
            };
            if (operation is not null)
            {
                return operation;
            }
        }
    }

    private Operation RandomSpecialist()
    {
        var capacity = _random.Next(2, 9);
        var level = _random.Next(1, 6);
        if (_random.NextDouble() < 0.06)
        {
            // A refused one: capacity or level out of range.
            if (_random.Next(2) == 0)
            {
                capacity = _random.Next(2) == 0 ? 0 : 101;
            }
            else
            {
                level = _random.Next(2) == 0 ? 0 : 6;
            }
        }

        return SpecialistOperation(capacity, level);
    }

    private Operation RandomTicket()
    {
        var priority = PickWeighted<TicketPriority>([(TicketPriority.Low, 25), (TicketPriority.Normal, 35), (TicketPriority.High, 25), (TicketPriority.Critical, 15)]);
        var minLevel = PickWeighted<int>([(1, 30), (2, 25), (3, 20), (4, 15), (5, 10)]);
        var valid = true;
        if (_random.NextDouble() < 0.06)
        {
            valid = false;
            minLevel = _random.Next(3) switch { 0 => 0, 1 => 6, _ => minLevel };
        }

        return TicketOperation(priority, minLevel, valid);
    }

    private Operation? RandomAct(string action)
    {
        if (_tickets.Count == 0)
        {
            return null;
        }

        // Mostly a ticket the action fits (so tickets move through their lifecycle), sometimes any ticket (mostly refused).
        var fitting = _tickets.Where(id => Allowed[action].Contains(Last.Tickets[id].Status)).ToList();
        if (fitting.Count == 0 && _random.NextDouble() < 0.7)
        {
            return null;
        }

        var id = fitting.Count > 0 && _random.NextDouble() < 0.85 ? Pick(fitting) : Pick(_tickets);
        var ticket = Last.Tickets[id];
        var reason = action switch
        {
            "decline" => "не мій профіль",
            "cancel" or "reopen" or "resolve" when _random.Next(2) == 0 => "клієнт підтвердив",
            _ => null,
        };
        var roll = _random.NextDouble();
        int? version = null;
        if (action == "decline" && roll < 0.12)
        {
            reason = roll < 0.06 ? null : "   "; // refused: a decline needs a reason
        }
        else if (roll < 0.08 && ticket.Version > 1)
        {
            version = ticket.Version - 1 - _random.Next(Math.Min(3, ticket.Version - 1)); // refused: someone changed it since
        }
        else if (roll < 0.25)
        {
            version = ticket.Version;
        }

        return ActOperation(id, action, reason, version);
    }

    private Operation? RandomRedirect()
    {
        if (_tickets.Count == 0)
        {
            return null;
        }

        var redirectable = _tickets.Where(id => Redirectable.Contains(Last.Tickets[id].Status)).ToList();
        if (redirectable.Count == 0 && _random.NextDouble() < 0.7)
        {
            return null;
        }

        var id = redirectable.Count > 0 && _random.NextDouble() < 0.85 ? Pick(redirectable) : Pick(_tickets);
        var roll = _random.NextDouble();
        Guid? to;
        if (roll < 0.05)
        {
            var bytes = new byte[16];
            _random.NextBytes(bytes);
            to = new Guid(bytes); // refused: nobody has that id
        }
        else if (roll < 0.3 || _specialists.Count == 0)
        {
            to = null;
        }
        else
        {
            // Mostly somebody who could take it (on duty, qualified, with room), else somebody else, rarely the assignee.
            var assignee = Last.Tickets[id].AssigneeId;
            var others = _specialists.Where(s => s != assignee).ToList();
            var able = others.Where(s => Fits(Last.Specialists[s], Last.Tickets[id])).ToList();
            var pick = _random.NextDouble();
            to = able.Count > 0 && pick < 0.6 ? Pick(able) : others.Count > 0 && pick < 0.95 ? Pick(others) : Pick(_specialists);
        }

        var reason = _random.NextDouble() < 0.05 ? "" : "клієнт просить іншого";
        var ticket = Last.Tickets[id];
        var versionRoll = _random.NextDouble();
        int? version = versionRoll < 0.07 && ticket.Version > 1 ? ticket.Version - 1 : versionRoll < 0.2 ? ticket.Version : null;
        return RedirectOperation(id, to, reason, version);
    }

    private Operation? RandomAvailability()
    {
        if (_specialists.Count == 0)
        {
            return null;
        }

        var id = Pick(_specialists);
        var roll = _random.NextDouble();
        var now = DateTimeOffset.UtcNow;
        return roll switch
        {
            // refused: an absence that already ended, or an end date without an absence
            < 0.03 => AvailabilityOperation(id, AvailabilityStatus.Absent, now.AddHours(-_random.Next(1, 48))),
            < 0.05 => AvailabilityOperation(id, _random.Next(2) == 0 ? AvailabilityStatus.OnDuty : AvailabilityStatus.OffShift, now.AddDays(1)),
            < 0.47 => AvailabilityOperation(id, AvailabilityStatus.OnDuty, null),
            < 0.67 => AvailabilityOperation(id, AvailabilityStatus.OffShift, null),
            _ => AvailabilityOperation(id, AvailabilityStatus.Absent, now.AddDays(_random.Next(1, 30)).AddMinutes(_random.Next(0, 600))),
        };
    }

    // ---------------------------------------------------------------- the operations and what the rules say of them

    private Operation SpecialistOperation(int capacity, int level)
    {
        var valid = capacity is >= 1 and <= 100 && level is >= 1 and <= 5;
        var label = $"S{_specialists.Count + 1}";
        var key = $"{Skill}/specialist/{++_specialistKeys}";
        return new Operation(
            "specialist",
            valid ? $"create {label} (capacity {capacity}, level {level})" : $"create a specialist with capacity {capacity}, level {level}",
            () => Post("/api/specialists", new { name = $"{label} {Skill}", skills = new[] { new { code = Skill, level } }, capacity }, key),
            [valid ? HttpStatusCode.Created : HttpStatusCode.BadRequest],
            body =>
            {
                var created = Read<SpecialistDetails>(body);
                _specialists.Add(created.Id);
                _labels[created.Id] = label;
                Stats.SpecialistCreated();
                return ("", (created.Load, created.Capacity, created.Availability.Status) == (0, capacity, AvailabilityStatus.OnDuty)
                    ? null
                    : $"created with load {created.Load}, capacity {created.Capacity}, {created.Availability.Status}");
            },
            snapshot => snapshot.Board.Specialists.Any(c => c.Id == _specialists[^1] && c.Availability == nameof(AvailabilityStatus.OnDuty))
                ? null
                : $"the board does not show {label} on duty");
    }

    private Operation TicketOperation(TicketPriority priority, int minLevel, bool valid)
    {
        valid &= minLevel is >= 1 and <= 5;
        var label = $"T{_tickets.Count + 1}";
        var key = $"{Skill}/ticket/{++_ticketKeys}";
        var subject = valid ? $"{label}: не формується звіт" : minLevel is >= 1 and <= 5 ? " " : $"{label}: не формується звіт";
        return new Operation(
            "ticket",
            valid ? $"open {label} ({priority}, minLevel {minLevel})" : $"open a ticket ({priority}, minLevel {minLevel}, subject \"{subject}\")",
            () => Post("/api/tickets", new { clientId = _client, subject, channel = "Phone", priority = priority.ToString(), requiredSkill = Skill, minLevel }, key),
            [valid ? HttpStatusCode.Created : HttpStatusCode.BadRequest],
            body =>
            {
                var opened = Read<TicketDetails>(body);
                _tickets.Add(opened.Id);
                _labels[opened.Id] = label;
                Stats.TicketOpened();
                var problem = opened.Status is TicketStatus.New or TicketStatus.Assigned ? null : $"opened as {opened.Status}";
                return (Outcome(opened), problem);
            },
            Replans: () => false); // a new ticket is placed on its own: it frees no capacity, so the queue is not re-planned
    }

    private Operation ActOperation(Guid id, string action, string? reason, int? version)
    {
        var ticket = Last.Tickets[id];
        var stale = version is { } seen && seen != ticket.Version;
        var expected = action == "decline" && string.IsNullOrWhiteSpace(reason) ? HttpStatusCode.BadRequest
            : stale ? HttpStatusCode.Conflict
            : Allowed[action].Contains(ticket.Status) ? HttpStatusCode.OK
            : HttpStatusCode.Conflict;
        var text = $"{action} {Label(id)} [{ticket.Status}, {Label(ticket.AssigneeId)}"
            + (version is null ? "" : stale ? $", stale version {version} (current {ticket.Version})" : $", version {version}")
            + (action == "decline" && string.IsNullOrWhiteSpace(reason) ? ", no reason" : "") + "]";
        return new Operation(
            action,
            text,
            () => Post($"/api/tickets/{id}/{action}", new { reason, version }),
            [expected],
            body =>
            {
                var changed = Read<TicketDetails>(body);
                string? problem = null;
                if (Reaches.TryGetValue(action, out var target))
                {
                    if (changed.Status != target)
                    {
                        problem = $"{action} left the ticket {changed.Status}";
                    }
                }
                else if (changed.Status is not (TicketStatus.New or TicketStatus.Assigned))
                {
                    problem = $"{action} left the ticket {changed.Status}, neither waiting nor assigned";
                }
                else if (action == "decline")
                {
                    problem = changed.DeclineCount != ticket.DeclineCount + 1 ? $"declineCount {ticket.DeclineCount} → {changed.DeclineCount}" : GivenBack(ticket, changed);
                    Exclude(changed, ticket.AssigneeId);
                }

                return (Outcome(changed), problem);
            },
            Ticket: id);
    }

    private Operation RedirectOperation(Guid id, Guid? to, string reason, int? version)
    {
        var ticket = Last.Tickets[id];
        var stale = version is { } seen && seen != ticket.Version;
        var unknown = to is { } target && !_specialists.Contains(target);
        HttpStatusCode[] expected;
        var note = "";
        if (string.IsNullOrWhiteSpace(reason) || unknown)
        {
            expected = [HttpStatusCode.BadRequest];
        }
        else if (stale || !Redirectable.Contains(ticket.Status) || to == ticket.AssigneeId)
        {
            expected = [HttpStatusCode.Conflict];
        }
        else if (to is { } named)
        {
            // A named redirect: the rules do not say whether one to somebody who is away, unqualified or without room
            // is refused; either answer is allowed, and the invariants judge what an accepted one did.
            var specialist = Last.Specialists[named];
            var level = DispatchInvariants.Level(specialist, Skill);
            var fits = Fits(specialist, ticket);
            expected = fits ? [HttpStatusCode.OK] : [HttpStatusCode.OK, HttpStatusCode.Conflict];
            note = fits ? "" : $" ({Label(named)}: {specialist.Availability.Status}, level {level} for minLevel {ticket.MinLevel}, load {specialist.Load}+{DispatchInvariants.Weight(ticket.Priority)} of {specialist.Capacity})";
        }
        else
        {
            expected = [HttpStatusCode.OK];
        }

        var text = $"redirect {Label(id)} [{ticket.Priority} {ticket.Status}, {Label(ticket.AssigneeId)}"
            + (version is null ? "" : stale ? $", stale version {version} (current {ticket.Version})" : $", version {version}")
            + $"] to {(to is null ? "the dispatcher" : unknown ? "an unknown specialist" : Label(to))}"
            + (string.IsNullOrWhiteSpace(reason) ? " without a reason" : "") + note;
        return new Operation(
            "redirect",
            text,
            () => Post($"/api/tickets/{id}/redirect", new { toSpecialistId = to, reason, version }),
            expected,
            body =>
            {
                var moved = Read<TicketDetails>(body);
                string? problem = null;
                if (moved.RedirectCount != ticket.RedirectCount + 1)
                {
                    problem = $"redirectCount {ticket.RedirectCount} → {moved.RedirectCount}";
                }
                else if (to is { } named && (moved.Status, moved.AssigneeId) != (TicketStatus.Assigned, named))
                {
                    problem = $"redirected to {Label(named)} but {moved.Status} with {Label(moved.AssigneeId)}";
                }
                else if (to is null)
                {
                    problem = moved.Status is TicketStatus.New or TicketStatus.Assigned ? GivenBack(ticket, moved) : $"left {moved.Status}";
                    Exclude(moved, ticket.AssigneeId);
                }

                return (Outcome(moved), problem);
            },
            Ticket: id);
    }

    private Operation AvailabilityOperation(Guid id, AvailabilityStatus status, DateTimeOffset? until)
    {
        var specialist = Last.Specialists[id];
        var valid = status == AvailabilityStatus.Absent ? until is null || until > DateTimeOffset.UtcNow : until is null;
        var changed = false;
        var text = $"{Label(id)} {specialist.Availability.Status} → {status}"
            + (until is { } end ? $" until {(end > DateTimeOffset.UtcNow ? "+" : "")}{(end - DateTimeOffset.UtcNow).TotalHours:0}h" : "");
        return new Operation(
            "availability",
            text,
            () => new HttpRequestMessage(HttpMethod.Put, $"/api/specialists/{id}/availability") { Content = JsonContent.Create(new { status = status.ToString(), until }) },
            [valid ? HttpStatusCode.OK : HttpStatusCode.BadRequest],
            body =>
            {
                var set = Read<SpecialistDetails>(body);
                changed = set.Version != specialist.Version;
                return (changed ? "" : " (no change)", set.Availability.Status == status ? null : $"the specialist is {set.Availability.Status}");
            },
            snapshot =>
            {
                var column = snapshot.Board.Specialists.FirstOrDefault(c => c.Id == id);
                if (column?.Availability != status.ToString())
                {
                    return $"the board shows {Label(id)} as {column?.Availability ?? "missing"}, not {status}";
                }

                // [A] An away specialist's not-started tickets are handed to the next best at once.
                var kept = snapshot.Tickets.Values.Where(t => t.AssigneeId == id && DispatchInvariants.NotStarted.Contains(t.Status)).ToList();
                return changed && status != AvailabilityStatus.OnDuty && kept.Count > 0
                    ? $"[A] {Label(id)} is {status} but still holds not-started {string.Join(", ", kept.Select(t => $"{Label(t.Id)} ({t.Status})"))}"
                    : null;
            },
            Replans: () => changed);
    }

    private Operation RebalanceOperation() => new(
        "rebalance",
        "rebalance",
        () => Post("/api/dispatch/rebalance", new { }),
        [HttpStatusCode.OK],
        body =>
        {
            var mine = Read<List<RebalanceMove>>(body).Where(m => _tickets.Contains(m.TicketId)).ToList();
            return (mine.Count == 0 ? "" : " " + string.Join(", ", mine.Select(m => $"{Label(m.TicketId)} {Label(m.FromSpecialistId)}→{Label(m.ToSpecialistId)}")), null);
        });

    /// <summary>
    /// [7] Whoever just declined a ticket or had it redirected away gets it straight back only when nobody else on duty
    /// and qualified could take it (has room; for a critical ticket, is there at all).
    /// </summary>
    private string? GivenBack(TicketDetails before, TicketDetails after)
    {
        if (after.AssigneeId is not { } back || back != before.AssigneeId)
        {
            return null;
        }

        var others = Last.Specialists.Values
            .Where(s => s.Id != back && s.Availability.Status == AvailabilityStatus.OnDuty && DispatchInvariants.Level(s, Skill) >= after.MinLevel)
            .Where(s => after.Priority == TicketPriority.Critical || DispatchInvariants.HasRoom(s, after.Priority))
            .ToList();
        return others.Count == 0
            ? null
            : $"[7] went straight back to {Label(back)} although {string.Join(", ", others.Select(s => $"{Label(s.Id)} ({s.Load}/{s.Capacity})"))} could take it";
    }

    private bool Fits(SpecialistDetails specialist, TicketDetails ticket) =>
        specialist.Availability.Status == AvailabilityStatus.OnDuty
        && DispatchInvariants.Level(specialist, Skill) >= ticket.MinLevel
        && DispatchInvariants.HasRoom(specialist, ticket.Priority);

    private void Exclude(TicketDetails ticket, Guid? from)
    {
        if (ticket.Status == TicketStatus.New && from is { } specialist)
        {
            _excluded[ticket.Id] = specialist;
        }
        else
        {
            _excluded.Remove(ticket.Id);
        }
    }

    private string Outcome(TicketDetails ticket) =>
        $" {ticket.Status}" + (ticket.AssigneeId is { } to ? $" {Label(to)}" : "") + (ticket.OverCapacity ? " over capacity" : "");

    // ---------------------------------------------------------------- helpers

    private static HttpRequestMessage Post(string url, object body, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey); // ids follow from the seed, so ties break the same way again
        }

        return request;
    }

    private static T Read<T>(string body) => JsonSerializer.Deserialize<T>(body, CrmHost.Json)!;

    private static string Shorten(string text) => text.Length <= 600 ? text : text[..600] + "…";

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

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

        return weighted.Last(w => w.Weight > 0).Item;
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private void Fail(string problem, Snapshot? state)
    {
        var text = new StringBuilder();
        text.AppendLine($"Dispatcher property failed: seed {Seed} (skill {Skill}).");
        text.AppendLine(Relabel(problem));
        text.AppendLine();
        text.AppendLine(state is null ? "State at the last check:" : "State now:");
        text.AppendLine(Relabel(Describe(state ?? _last)));
        text.AppendLine("Ticket histories:");
        var seen = state ?? _last;
        foreach (var id in _tickets.Where(id => seen?.Tickets.ContainsKey(id) == true))
        {
            var history = seen!.Tickets[id].History;
            text.AppendLine($"  {Label(id)}: " + string.Join("; ", history.Select(h =>
                $"{h.Sequence} {h.Kind}{(h.Status is { } st && h.Kind == TicketHistoryKind.StatusChanged ? " " + st : "")}"
                + (h.FromSpecialistId is null && h.ToSpecialistId is null ? "" : $" {Label(h.FromSpecialistId)}→{Label(h.ToSpecialistId)}")
                + $" by {h.Actor}" + (h.Reason is null ? "" : $" ({h.Reason})"))));
        }

        text.AppendLine("Operations:");
        foreach (var line in _log)
        {
            text.AppendLine("  " + line);
        }

        text.AppendLine($"Repeat this case alone: {SeedVariable}={Seed} dotnet test tests/ServiceDesk.Tests --filter FullyQualifiedName~Properties");
        Assert.Fail(text.ToString());
    }

    private string Describe(Snapshot? snapshot)
    {
        if (snapshot is null)
        {
            return "  (nothing read yet)";
        }

        var text = new StringBuilder();
        foreach (var id in _specialists.Where(snapshot.Specialists.ContainsKey))
        {
            var s = snapshot.Specialists[id];
            var held = DispatchInvariants.HeldBy(snapshot, id);
            text.AppendLine($"  {Label(id)}: level {DispatchInvariants.Level(s, Skill)}, capacity {s.Capacity}, {s.Availability.Status}, load {s.Load}"
                + $" [{string.Join(", ", held.Select(t => $"{Label(t.Id)} {t.Priority} {t.Status}{(t.OverCapacity ? " over capacity" : "")}"))}]");
        }

        foreach (var id in _tickets.Where(snapshot.Tickets.ContainsKey))
        {
            var t = snapshot.Tickets[id];
            text.AppendLine($"  {Label(id)}: {t.Priority}, minLevel {t.MinLevel}, {t.Status}{(t.AssigneeId is { } a ? $" {Label(a)}" : "")}{(t.OverCapacity ? " over capacity" : "")}, version {t.Version}");
        }

        var waiting = snapshot.Board.Waiting.Where(t => _tickets.Contains(t.Id)).Select(t => Label(t.Id)).ToList();
        text.Append($"  board: waiting [{string.Join(", ", waiting)}]");
        return text.ToString();
    }

    private string Relabel(string text)
    {
        foreach (var (id, label) in _labels)
        {
            text = text.Replace(id.ToString(), label, StringComparison.OrdinalIgnoreCase);
        }

        return text;
    }
}

/// <summary>What the cases did and saw, to show the generator reaches the states that matter.</summary>
internal sealed class DispatchStats
{
    private readonly SortedDictionary<string, (int Done, int Refused)> _operations = [];

    /// <summary>Time spent waiting for the operations' answers, and for the checks' reads.</summary>
    public TimeSpan Sending { get; set; }

    public TimeSpan Reading { get; set; }

    public int Checks { get; private set; }
    public int ChecksWithWaiting { get; private set; }
    public int ChecksWithOverCapacity { get; private set; }
    public int ChecksWithAway { get; private set; }
    public int Settles { get; private set; }
    public int SettleRereads { get; private set; }
    public int Specialists { get; private set; }
    public int Tickets { get; private set; }

    public void Operation(string kind, bool done)
    {
        var (d, r) = _operations.GetValueOrDefault(kind);
        _operations[kind] = done ? (d + 1, r) : (d, r + 1);
    }

    public void SpecialistCreated() => Specialists++;

    public void TicketOpened() => Tickets++;

    public void Settled(int reads)
    {
        Settles++;
        SettleRereads += reads - 1;
    }

    public void Observed(Snapshot snapshot)
    {
        Checks++;
        ChecksWithWaiting += snapshot.Tickets.Values.Any(t => t.Status == TicketStatus.New) ? 1 : 0;
        ChecksWithOverCapacity += snapshot.Tickets.Values.Any(t => t.OverCapacity && DispatchInvariants.Held.Contains(t.Status)) ? 1 : 0;
        ChecksWithAway += snapshot.Specialists.Values.Any(s => s.Availability.Status != AvailabilityStatus.OnDuty) ? 1 : 0;
    }

    public void Add(DispatchStats other)
    {
        foreach (var (kind, (done, refused)) in other._operations)
        {
            var (d, r) = _operations.GetValueOrDefault(kind);
            _operations[kind] = (d + done, r + refused);
        }

        Checks += other.Checks;
        Sending += other.Sending;
        Reading += other.Reading;
        ChecksWithWaiting += other.ChecksWithWaiting;
        ChecksWithOverCapacity += other.ChecksWithOverCapacity;
        ChecksWithAway += other.ChecksWithAway;
        Settles += other.Settles;
        SettleRereads += other.SettleRereads;
        Specialists += other.Specialists;
        Tickets += other.Tickets;
    }

    public override string ToString() =>
        $"operations (done/refused): {string.Join(", ", _operations.Select(o => $"{o.Key} {o.Value.Done}/{o.Value.Refused}"))}\n"
        + $"{Specialists} specialists, {Tickets} tickets; {Checks} checks: {ChecksWithWaiting} with a ticket waiting, "
        + $"{ChecksWithOverCapacity} with a critical ticket over capacity, {ChecksWithAway} with someone away; "
        + $"{Settles} one-way re-plans awaited, {SettleRereads} extra reads; {Sending.TotalSeconds:0.0} s in operations, {Reading.TotalSeconds:0.0} s in checks";
}
