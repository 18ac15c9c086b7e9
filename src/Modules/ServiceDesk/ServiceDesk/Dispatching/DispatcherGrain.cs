using System.Runtime.InteropServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Orleans.GrainDirectory;
using Orleans.Runtime;
using OrleansCrm.BuildingBlocks.Errors;
using OrleansCrm.BuildingBlocks.Observability;
using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.BuildingBlocks.Texts;
using OrleansCrm.ServiceDesk.Contracts;
using OrleansCrm.ServiceDesk.ReadModel;
using OrleansCrm.ServiceDesk.Texts;
using OrleansCrm.ServiceDesk.Tickets;
using OrleansCrm.Staff.Contracts;

namespace OrleansCrm.ServiceDesk.Dispatching;

/// <summary>The specialists a dispatcher knows of. Everything else it holds is derived and rebuilt on activation.</summary>
[GenerateSerializer]
public sealed class DispatcherRoster
{
    [Id(0)] public HashSet<Guid> Specialists { get; set; } = [];
}

/// <summary>
/// One support queue's dispatcher. Its in-memory view (specialists' loads, open tickets, the waiting queue, client
/// affinity) comes from the specialists' grains and the tickets table, so losing the activation loses nothing.
/// <para>
/// Decisions are made in memory and reserved at once (the ticket counts toward its new assignee in the view before
/// anything is stored); the tickets then store themselves. So placing a new ticket (<see cref="Place"/>) never waits
/// for a database, queue drains store their assignments side by side, and every await leaves the view consistent.
/// </para>
/// <para>
/// Capacity lives only in this view, so a queue must never have two dispatchers handing it out: the grain is placed
/// through the strongly consistent directory (<see cref="CrmStorage.StrongDirectory"/>), which never lets a second
/// activation start while the cluster's membership changes. That keeps a decision free of database round trips; the
/// other rules that must never break hold where the change is committed (a ticket is one versioned row, so it has one
/// assignee), and the load reconciliation job repairs a specialist's load that ever drifts from their open tickets.
/// </para>
/// </summary>
[GrainDirectory(CrmStorage.StrongDirectory)]
[OrleansCrm.BuildingBlocks.Audit.ActsAsSystem("dispatcher")] // its assignments are its own decisions, whoever's call woke it
internal sealed class DispatcherGrain(
    [PersistentState("dispatcher", CrmStorage.Grains)] IPersistentState<DispatcherRoster> roster,
    IDbContextFactory<ServiceDeskDbContext> contexts,
    Microsoft.Extensions.Options.IOptions<ServiceDeskOptions> options,
    TimeProvider time,
    ILogger<DispatcherGrain> logger) : Grain, IDispatcherGrain
{
    private const string Actor = "dispatcher";
    private readonly Dictionary<Guid, SpecialistView> _specialists = [];

    /// <summary>
    /// Skill code → everyone who has it, with their level in it: a decision reads only the ticket's skill's array.
    /// Rebuilt when someone's skills change (rare); loads and availability are read from the specialists themselves.
    /// </summary>
    private readonly Dictionary<string, SkillHolder[]> _bySkill = new(StringComparer.Ordinal);

    private readonly Dictionary<Guid, TicketView> _tickets = [];
    private readonly SortedSet<TicketView> _waiting = new(QueueOrder.Instance);

    /// <summary>
    /// Specialist id → a small number of their own (0, 1, 2…), the key of the affinity below: a decision looks up every
    /// candidate's affinity, and an int key costs a fraction of a Guid's.
    /// </summary>
    private readonly Dictionary<Guid, int> _slots = [];

    /// <summary>
    /// Client → when each specialist (by slot, the array's index) was last assigned one of its tickets, in UTC ticks, 0
    /// for never: the affinity tie-break. An array, because a decision reads it for every candidate.
    /// </summary>
    private readonly Dictionary<Guid, long[]> _served = [];

    /// <summary>The candidates of the decision being made, reused by every decision so that none allocates them.</summary>
    private Candidate[] _candidates = [];

    /// <summary>
    /// Tickets placed here, oldest first, until checked against the tickets table: a ticket whose first write never
    /// happened (its host died, its withdrawal was lost, or the write's outcome was unknown) must not keep its place.
    /// </summary>
    private readonly Queue<(Guid Id, DateTimeOffset PlacedAt)> _placed = new();

    private IGrainTimer? _placedCheck;

    /// <summary>A roster entry whose write failed: written with the next change, so no specialist drops out of the view.</summary>
    private bool _rosterUnsaved;

    private string Queue => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        CrmMetrics.TrackDispatchQueue(this, _waiting);
        await Task.WhenAll(roster.State.Specialists.Select(RefreshSpecialistAsync));
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var open = await db.Tickets.AsNoTracking()
            .Where(t => t.Queue == Queue && t.Status != TicketStatus.Resolved && t.Status != TicketStatus.Closed && t.Status != TicketStatus.Cancelled)
            .ToListAsync(cancellationToken);
        foreach (var row in open)
        {
            SetTicket(row.Id, TicketView.From(row));
        }

        var served = await db.Tickets.AsNoTracking()
            .Where(t => t.Queue == Queue && t.AssigneeId != null && t.AssignedAt != null)
            .GroupBy(t => new { t.ClientId, t.AssigneeId })
            .Select(g => new { g.Key.ClientId, g.Key.AssigneeId, Last = g.Max(t => t.AssignedAt) })
            .ToListAsync(cancellationToken);
        foreach (var pair in served)
        {
            Served(pair.ClientId, pair.AssigneeId!.Value, DateTimeOffset.FromUnixTimeMilliseconds(pair.Last!.Value));
        }

        await DrainQueueAsync(); // capacity may have freed while nobody was listening
    }

    public Task<DispatchDecision> Place(TicketToPlace ticket)
    {
        var view = new TicketView(
            ticket.Id, ticket.ClientId, ticket.Subject, ticket.Priority, TicketRules.Weight(ticket.Priority), TicketStatus.New,
            ticket.RequiredSkill, ticket.MinLevel, null, ticket.CreatedAt, ticket.DueAt, 0);
        _placed.Enqueue((ticket.Id, ticket.CreatedAt));
        // Interleaved: while the check waits for the database, decisions go on (it re-reads the view after each wait).
        _placedCheck ??= this.RegisterGrainTimer(CheckPlacedAsync, new GrainTimerCreationOptions(PlacedCheckPeriod, PlacedCheckPeriod) { Interleave = true });
        return Task.FromResult(Reserve(view, null));
    }

    /// <summary>How long a placed ticket may go unseen in the tickets table before the dispatcher asks the ticket itself.</summary>
    private TimeSpan PlacedCheckPeriod => options.Value.PlacedCheckPeriod;

    /// <summary>
    /// Drops the places of tickets placed over a period ago that are still in the view but not in the tickets table and
    /// that their grain says do not exist (a stored ticket always has its row: they commit together).
    /// </summary>
    private async Task CheckPlacedAsync(CancellationToken cancellationToken)
    {
        var before = time.GetUtcNow() - PlacedCheckPeriod;
        var due = new List<Guid>();
        var from = DateTimeOffset.MaxValue;
        while (_placed.TryPeek(out var placed) && placed.PlacedAt <= before)
        {
            _placed.Dequeue();
            if (_tickets.ContainsKey(placed.Id))
            {
                due.Add(placed.Id);
                from = placed.PlacedAt < from ? placed.PlacedAt : from;
            }
        }

        if (due.Count == 0)
        {
            return;
        }

        // Only the window the due placements were made in: at most one period of the queue's new tickets.
        var (since, until) = (from.ToUnixTimeMilliseconds(), before.ToUnixTimeMilliseconds());
        HashSet<Guid> stored;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            stored = [.. await db.Tickets.AsNoTracking().Where(t => t.Queue == Queue && t.CreatedAt >= since && t.CreatedAt <= until).Select(t => t.Id).ToListAsync(cancellationToken)];
        }

        foreach (var id in due.Where(id => !stored.Contains(id) && _tickets.ContainsKey(id)))
        {
            await ResyncAsync(GrainFactory.GetGrain<ITicketGrain>(id), id);
        }
    }

    public Task Withdraw(Guid ticketId, DateTimeOffset placedAt)
    {
        // Only the placement it is about: the client's retry may have placed and stored the ticket again meanwhile, and
        // the failed activation's withdrawal can arrive after that (two senders, no order between them). Dropping the
        // stored ticket then lost it from the queue, or its weight from its assignee's load (found by the fault tests).
        if (_tickets.GetValueOrDefault(ticketId) is { } placed && placed.CreatedAt == placedAt)
        {
            SetTicket(ticketId, null, stored: false);
        }

        return Task.CompletedTask;
    }

    public async Task<DispatchDecision> Dispatch(Guid ticketId, Guid? excludeSpecialistId)
    {
        var ticket = await GrainFactory.GetGrain<ITicketGrain>(ticketId).Get();
        if (ticket is null)
        {
            SetTicket(ticketId, null);
            return new DispatchDecision(ticketId, null, false, "no such ticket");
        }

        var previous = _tickets.GetValueOrDefault(ticketId)?.AssigneeId;
        Track(ticket);
        foreach (var specialist in new[] { previous, ticket.AssigneeId }.OfType<Guid>().Distinct())
        {
            await RefreshSpecialistAsync(specialist);
        }

        var decision = _tickets.GetValueOrDefault(ticketId) is { Status: TicketStatus.New } view
            ? await AssignAsync(view, excludeSpecialistId ?? LastDeclinedOrRedirectedFrom(ticket))
            : new DispatchDecision(ticketId, ticket.AssigneeId, ticket.OverCapacity, $"ticket is {ticket.Status}");

        await DrainQueueAsync(skip: ticketId);
        return decision;
    }

    public async Task Requeued(Guid ticketId) => await Dispatch(ticketId, null);

    public async Task SpecialistChanged(Guid specialistId)
    {
        if (roster.State.Specialists.Add(specialistId) || _rosterUnsaved)
        {
            await SaveRosterAsync();
        }

        var specialist = await RefreshSpecialistAsync(specialistId);
        if (specialist is { Availability: not AvailabilityStatus.OnDuty })
        {
            // Someone who is away cannot start what they were given: hand it to the next best at once.
            // Each move stands alone: a ticket that refuses (cancelled or started at that moment) stays, the rest go.
            foreach (var ticket in _tickets.Values.Where(t => t.AssigneeId == specialistId && TicketRules.NotStarted(t.Status)).ToList())
            {
                try
                {
                    var away = ServiceDeskTexts.Say(specialist.Availability == AvailabilityStatus.Absent ? "Dispatch_AwayAbsent" : "Dispatch_AwayOffShift", specialist.Name);
                    var moved = await CommitAsync(ticket.Id, null, t => t.Redirect(null, ServerTexts.InEnglish(away), Actor, null, text: away));
                    if (_tickets.GetValueOrDefault(moved.Id) is { Status: TicketStatus.New } waiting)
                    {
                        await AssignAsync(waiting, specialistId);
                    }
                }
                catch (Exception exception)
                {
                    logger.LogInformation(exception, "Ticket {TicketId} stays with absent specialist {SpecialistId}: the move was refused", ticket.Id, specialistId);
                }
            }

            await RefreshSpecialistAsync(specialistId);
        }

        await DrainQueueAsync();
    }

    /// <summary>
    /// Writes the roster; a write another activation beat (briefly possible while the cluster changes) is merged with
    /// what is stored and written again, and one that failed is retried with the next change (<see cref="_rosterUnsaved"/>).
    /// </summary>
    private async Task SaveRosterAsync()
    {
        _rosterUnsaved = true;
        try
        {
            await roster.WriteStateAsync();
        }
        catch (Orleans.Storage.InconsistentStateException)
        {
            var known = roster.State.Specialists.ToList();
            await roster.ReadStateAsync();
            roster.State.Specialists.UnionWith(known);
            await roster.WriteStateAsync();
        }

        _rosterUnsaved = false;
    }

    public async Task<TicketDetails> Redirect(Guid ticketId, Guid? toSpecialistId, string reason, string actor, int? expectedVersion)
    {
        var tickets = GrainFactory.GetGrain<ITicketGrain>(ticketId);
        var ticket = await tickets.Get() ?? throw new NotFoundException(ServiceDeskTexts.Say("Dispatch_TicketNotFound", ticketId.ToString()));
        var from = ticket.AssigneeId;
        var overCapacity = toSpecialistId is { } to && await CheckTargetAsync(ticket, to);
        await CommitAsync(ticketId, toSpecialistId, t => t.Redirect(toSpecialistId, reason, actor, expectedVersion, overCapacity));
        foreach (var specialist in new[] { from, toSpecialistId }.OfType<Guid>().Distinct())
        {
            await RefreshSpecialistAsync(specialist);
        }

        if (_tickets.GetValueOrDefault(ticketId) is { Status: TicketStatus.New } waiting)
        {
            await AssignAsync(waiting, from);
        }

        await DrainQueueAsync(skip: ticketId);
        return (await tickets.Get())!;
    }

    public async Task<TicketDetails> AssignFromQueue(Guid ticketId, Guid specialistId, string? reason, string actor, int? expectedVersion)
    {
        var tickets = GrainFactory.GetGrain<ITicketGrain>(ticketId);
        var ticket = await tickets.Get() ?? throw new NotFoundException(ServiceDeskTexts.Say("Dispatch_TicketNotFound", ticketId.ToString()));
        Track(ticket);
        // Calls reach this grain one at a time, and the ticket itself takes an assignment only while it is New: of two
        // dispatchers assigning the same waiting ticket, the second is told it no longer waits, and nothing moves for it.
        if (ticket.Status != TicketStatus.New)
        {
            throw new ConflictException(ServiceDeskTexts.Say("Dispatch_NotWaiting"), ticket.Version);
        }

        if (expectedVersion is { } expected && expected != ticket.Version)
        {
            throw new ConflictException(ServiceDeskTexts.Say("Dispatch_NotWaiting"), ticket.Version);
        }

        var overCapacity = await CheckTargetAsync(ticket, specialistId);
        if (_tickets.GetValueOrDefault(ticketId) is { } view)
        {
            Served(view.ClientId, specialistId, time.GetUtcNow());
        }

        var stored = await CommitAsync(ticketId, specialistId, t => t.Assign(specialistId, reason ?? "", overCapacity, actor));
        await RefreshSpecialistAsync(specialistId);
        await DrainQueueAsync();
        return stored;
    }

    /// <summary>
    /// The checks a person's choice of specialist meets (redirect, assignment from the queue): on duty, the skill at the
    /// ticket's level, room for its weight; a critical ticket may go over capacity (true: flag it). Refusals are 409s.
    /// </summary>
    private async Task<bool> CheckTargetAsync(TicketDetails ticket, Guid to)
    {
        var target = await RefreshSpecialistAsync(to) ?? throw new NotFoundException(ServiceDeskTexts.Say("Dispatch_SpecialistNotFound", to.ToString()));
        var weight = TicketRules.Weight(ticket.Priority);
        if (target.Availability != AvailabilityStatus.OnDuty)
        {
            var key = target.Availability == AvailabilityStatus.Absent ? "Dispatch_TargetAbsent" : "Dispatch_TargetOffShift";
            throw new ConflictException(ServiceDeskTexts.Say(key, target.Name), ticket.Version);
        }

        if (target.Skills.GetValueOrDefault(ticket.RequiredSkill) < ticket.MinLevel)
        {
            throw new ConflictException(ServiceDeskTexts.Say("Dispatch_TargetLacksSkill", target.Name, ticket.RequiredSkill, ticket.MinLevel), ticket.Version);
        }

        if (target.Load + weight > target.Capacity)
        {
            return ticket.Priority == TicketPriority.Critical
                ? true
                : throw new ConflictException(ServiceDeskTexts.Say("Dispatch_TargetFull", target.Name, target.Load, target.Capacity, weight), ticket.Version);
        }

        return false;
    }

    public Task<DispatchBoard> Board()
    {
        BoardTicket Card(TicketView t) => new(
            t.Id, t.Subject, t.Priority, t.Status, t.Skill, t.MinLevel, t.CreatedAt, t.DueAt, t.RedirectCount, t.ClientId, NobodyHas(t.Skill, t.MinLevel));
        var waiting = _waiting.Select(Card).ToList();
        var specialists = _specialists.Values
            .OrderBy(s => s.Name, StringComparer.CurrentCulture)
            .Select(s => new BoardSpecialist(s.Id, s.Name, s.Availability.ToString(), s.Load, s.Capacity, s.Rating,
                _tickets.Values.Where(t => t.AssigneeId == s.Id).OrderByDescending(t => t.Priority).ThenBy(t => t.CreatedAt).Select(Card).ToList()))
            .ToList();
        return Task.FromResult(new DispatchBoard(Queue, waiting, specialists));
    }

    /// <summary>Nobody on the roster, whatever their availability, has the skill at that level: the ticket can only wait.</summary>
    private bool NobodyHas(string skill, int level) => _bySkill.GetValueOrDefault(skill) is not [var highest, ..] || highest.Level < level;

    public Task<IReadOnlyList<RebalanceMove>> PlanRebalance() => Task.FromResult<IReadOnlyList<RebalanceMove>>(PlanRebalanceMoves());

    public async Task<IReadOnlyList<RebalanceMove>> Rebalance(string actor)
    {
        var moves = new List<RebalanceMove>();
        foreach (var move in PlanRebalanceMoves())
        {
            try
            {
                await CommitAsync(move.TicketId, move.ToSpecialistId, t => t.Redirect(move.ToSpecialistId, move.Reason, actor, null, text: move.Text));
            }
            catch (CrmException)
            {
                continue; // the ticket changed since the plan (started, moved): leave it where it is
            }

            _specialists[move.ToSpecialistId].LastAssignedAt = time.GetUtcNow();
            await RefreshSpecialistAsync(move.FromSpecialistId); // the donor's load drops once its grain has let the ticket go
            moves.Add(move);
        }

        await DrainQueueAsync();
        return moves;
    }

    /// <summary>
    /// The moves a rebalance makes, planned on a copy of the loads: repeatedly, the heaviest-loaded donor's lightest
    /// not-started ticket goes to the colleague the policy prefers among those below the average ratio who stay at or
    /// under it (so every move narrows the spread and none can be undone by the next).
    /// </summary>
    private List<RebalanceMove> PlanRebalanceMoves()
    {
        var onDuty = _specialists.Values.Where(s => s.Availability == AvailabilityStatus.OnDuty && s.Capacity > 0).ToList();
        var moves = new List<RebalanceMove>();
        if (onDuty.Count < 2)
        {
            return moves;
        }

        var load = onDuty.ToDictionary(s => s.Id, s => s.Load);
        var held = onDuty.ToDictionary(s => s.Id, s => _tickets.Values
            .Where(t => t.AssigneeId == s.Id && TicketRules.NotStarted(t.Status))
            .OrderBy(t => t.Weight).ThenByDescending(t => t.CreatedAt).ToList());
        var average = (double)load.Values.Sum() / onDuty.Sum(s => s.Capacity); // moves keep the total: the average stays
        double Ratio(SpecialistView s) => (double)load[s.Id] / s.Capacity;

        // Each move lowers the spread; the bound only guards against a bug looping forever.
        for (var step = 0; step <= _tickets.Count; step++)
        {
            var move = onDuty.Where(s => Ratio(s) > average).OrderByDescending(Ratio)
                .SelectMany(donor => held[donor.Id].Select(ticket => (Donor: donor, Ticket: ticket)))
                .Select(c => (c.Donor, c.Ticket, To: Receiver(c.Donor, c.Ticket)))
                .FirstOrDefault(c => c.To is not null);
            if (move.To is not { } to)
            {
                break;
            }

            var (donor, ticket) = (move.Donor, move.Ticket);
            var reason = ServiceDeskTexts.Say("Dispatch_Rebalance", load[donor.Id], donor.Capacity, Math.Round(average, 2), to.Name, load[to.Id], to.Capacity);
            moves.Add(new RebalanceMove(ticket.Id, donor.Id, to.Id, ServerTexts.InEnglish(reason), reason));
            load[donor.Id] -= ticket.Weight;
            load[to.Id] += ticket.Weight;
            held[donor.Id].Remove(ticket);
        }

        return moves;

        SpecialistView? Receiver(SpecialistView donor, TicketView ticket)
        {
            var served = _served.GetValueOrDefault(ticket.ClientId);
            var receivers = onDuty
                .Where(s => s.Id != donor.Id && (double)(load[s.Id] + ticket.Weight) / s.Capacity <= average && load[s.Id] + ticket.Weight <= s.Capacity)
                .Select(s => s.AsCandidate(s.Skills.GetValueOrDefault(ticket.Skill), served) with { Load = load[s.Id] })
                .ToArray();
            var choice = DispatchPolicy.Choose(Need(ticket), receivers);
            return choice is { SpecialistId: { } id, OverCapacity: false } ? _specialists[id] : null;
        }
    }

    /// <summary>
    /// Chooses for a waiting ticket (or a new one, not yet in the view) and, when someone fits, counts it toward them in
    /// the view at once; otherwise the ticket waits in the queue.
    /// </summary>
    private DispatchDecision Reserve(TicketView ticket, Guid? exclude)
    {
        var choice = DispatchPolicy.Choose(Need(ticket), Candidates(ticket), exclude);
        CrmMetrics.DispatchDecided(choice.SpecialistId is not null, choice.OverCapacity);
        if (choice.SpecialistId is not { } specialistId)
        {
            if (!_tickets.TryGetValue(ticket.Id, out var current) || !ReferenceEquals(current, ticket))
            {
                SetTicket(ticket.Id, ticket); // a new ticket (Place) joins the queue
            }

            return new DispatchDecision(ticket.Id, null, false, choice.Reason, choice.Text);
        }

        var now = time.GetUtcNow();
        SetTicket(ticket.Id, ticket with { Status = TicketStatus.Assigned, AssigneeId = specialistId });
        Served(ticket.ClientId, specialistId, now);
        if (logger.IsEnabled(LogLevel.Debug))
        {
            logger.LogDebug("Ticket {TicketId} → {SpecialistId}: {Reason}", ticket.Id, specialistId, choice.Reason);
        }

        return new DispatchDecision(ticket.Id, specialistId, choice.OverCapacity, choice.Reason, choice.Text);
    }

    private async Task<DispatchDecision> AssignAsync(TicketView ticket, Guid? exclude)
    {
        var decision = Reserve(ticket, exclude);
        if (decision.SpecialistId is { } specialistId)
        {
            await CommitAsync(ticket.Id, specialistId, t => t.Assign(specialistId, decision.Reason, decision.OverCapacity, Actor, decision.Text));
        }

        return decision;
    }

    /// <summary>
    /// Stores a move the view already shows (<paramref name="reservedFor"/> counts the ticket from now on), then takes
    /// the ticket as stored. When the ticket refuses, the view goes back to the ticket's actual state and the refusal
    /// goes to the caller.
    /// </summary>
    private async Task<TicketDetails> CommitAsync(Guid ticketId, Guid? reservedFor, Func<ITicketGrain, Task<TicketDetails>> change)
    {
        if (reservedFor is { } to && _tickets.GetValueOrDefault(ticketId) is { } current && current.AssigneeId != to)
        {
            SetTicket(ticketId, current with { Status = TicketStatus.Assigned, AssigneeId = to });
        }

        var grain = GrainFactory.GetGrain<ITicketGrain>(ticketId);
        try
        {
            var stored = await change(grain);
            Track(stored);
            return stored;
        }
        catch
        {
            await ResyncAsync(grain, ticketId);
            throw;
        }
    }

    private async Task ResyncAsync(ITicketGrain grain, Guid ticketId)
    {
        try
        {
            var actual = await grain.Get();
            if (actual is null)
            {
                SetTicket(ticketId, null);
            }
            else
            {
                Track(actual);
            }
        }
        catch (Exception exception)
        {
            // The view keeps the reservation (it over-counts, never over-fills) until the next change of the ticket.
            logger.LogWarning(exception, "Could not re-read ticket {TicketId} after a failed change", ticketId);
        }
    }

    /// <summary>
    /// Waiting tickets in queue order get the first specialist who fits; no polling, called whenever capacity may have
    /// freed. All choices are made (and reserved) first, then the tickets store their assignments side by side.
    /// <paramref name="skip"/>: the ticket this change just dispatched with an exclusion (whoever declined it or
    /// had it taken away is not offered it straight back; a later change may offer it to them again).
    /// </summary>
    private async Task DrainQueueAsync(Guid? skip = null)
    {
        var assignments = new List<Task>();
        foreach (var ticket in _waiting.Where(t => t.Id != skip).ToList())
        {
            var decision = Reserve(ticket, null);
            if (decision.SpecialistId is { } specialistId)
            {
                assignments.Add(AssignWaitingAsync(ticket.Id, specialistId, decision));
            }
        }

        await Task.WhenAll(assignments);
    }

    private async Task AssignWaitingAsync(Guid ticketId, Guid specialistId, DispatchDecision decision)
    {
        try
        {
            await CommitAsync(ticketId, specialistId, t => t.Assign(specialistId, decision.Reason, decision.OverCapacity, Actor, decision.Text));
        }
        catch (CrmException)
        {
            // The ticket moved on (cancelled, assigned) since the view was built: the view now has it as it is.
        }
    }

    private TicketView? Track(TicketDetails ticket)
    {
        if (!TicketRules.IsOpen(ticket.Status) || ticket.Queue != Queue)
        {
            SetTicket(ticket.Id, null);
            return null;
        }

        var view = TicketView.From(ticket);
        SetTicket(ticket.Id, view);
        return view;
    }

    /// <summary>
    /// The one place a ticket enters, moves in or leaves the view; keeps loads and the waiting queue in step.
    /// <paramref name="stored"/> false: a ticket that never stored itself (so no specialist can have heard of it).
    /// </summary>
    private void SetTicket(Guid ticketId, TicketView? next, bool stored = true)
    {
        if (_tickets.Remove(ticketId, out var previous))
        {
            _waiting.Remove(previous);
            if (previous.AssigneeId is { } before && _specialists.TryGetValue(before, out var from))
            {
                from.Take(ticketId, stored ? time.GetUtcNow() : null);
            }
        }

        if (next is null)
        {
            return;
        }

        _tickets[ticketId] = next;
        if (next.Status == TicketStatus.New)
        {
            _waiting.Add(next);
        }
        else if (next.AssigneeId is { } after && TicketRules.CountsAsLoad(next.Status) && _specialists.TryGetValue(after, out var to))
        {
            to.Give(ticketId, next.Weight);
        }
    }

    private void Served(Guid clientId, Guid specialistId, DateTimeOffset at)
    {
        var slot = Slot(specialistId);
        ref var bySlot = ref CollectionsMarshal.GetValueRefOrAddDefault(_served, clientId, out _);
        if (bySlot is null || bySlot.Length <= slot)
        {
            Array.Resize(ref bySlot, Math.Max(slot + 1, _slots.Count));
        }

        bySlot[slot] = Math.Max(bySlot[slot], at.UtcTicks);

        if (_specialists.TryGetValue(specialistId, out var specialist) && (specialist.LastAssignedAt is null || specialist.LastAssignedAt < at))
        {
            specialist.LastAssignedAt = at;
        }
    }

    private async Task<SpecialistView?> RefreshSpecialistAsync(Guid id)
    {
        var details = await GrainFactory.GetGrain<ISpecialistGrain>(id).Get();
        if (details is null)
        {
            if (_specialists.Remove(id))
            {
                IndexSkills();
            }

            return null;
        }

        if (!_specialists.TryGetValue(id, out var view))
        {
            _specialists[id] = view = new SpecialistView(id, Slot(id));
            foreach (var ticket in _tickets.Values.Where(t => t.AssigneeId == id && TicketRules.CountsAsLoad(t.Status)))
            {
                view.Give(ticket.Id, ticket.Weight);
            }
        }

        if (view.Report(details, time.GetUtcNow()))
        {
            IndexSkills();
        }

        return view;
    }

    private int Slot(Guid specialistId)
    {
        if (!_slots.TryGetValue(specialistId, out var slot))
        {
            _slots[specialistId] = slot = _slots.Count;
        }

        return slot;
    }

    /// <summary>
    /// Specialists by skill code, highest level first, so a decision looks only at those who have the skill at the
    /// ticket's level or higher.
    /// </summary>
    private void IndexSkills()
    {
        _bySkill.Clear();
        foreach (var skill in _specialists.Values
            .SelectMany(specialist => specialist.Skills.Select(skill => (Code: skill.Key, Holder: new SkillHolder(specialist, skill.Value))))
            .GroupBy(s => s.Code, s => s.Holder, StringComparer.Ordinal))
        {
            _bySkill[skill.Key] = [.. skill.OrderByDescending(holder => holder.Level)];
        }
    }

    /// <summary>
    /// The on-duty specialists with the ticket's skill at its level or higher, as the policy weighs them, in the reused
    /// buffer: one struct each, their level in the skill from the index, their load as of now and their affinity to the
    /// ticket's client. Those the policy would pass over anyway are left out, which changes neither its choice nor its counts.
    /// </summary>
    private ReadOnlySpan<Candidate> Candidates(TicketView ticket)
    {
        var holders = _bySkill.GetValueOrDefault(ticket.Skill) ?? [];
        if (_candidates.Length < holders.Length)
        {
            _candidates = new Candidate[holders.Length];
        }

        var served = _served.GetValueOrDefault(ticket.ClientId);
        var count = 0;
        foreach (var holder in holders)
        {
            if (holder.Level < ticket.MinLevel)
            {
                break; // the index lists the highest levels first
            }

            if (holder.Specialist.Availability == AvailabilityStatus.OnDuty)
            {
                _candidates[count++] = holder.Specialist.AsCandidate(holder.Level, served);
            }
        }

        return _candidates.AsSpan(0, count);
    }

    private static Requirement Need(TicketView ticket) => new(ticket.Skill, ticket.MinLevel, ticket.Priority, ticket.Weight);

    /// <summary>Whoever just declined the ticket or had it taken away is not offered it straight back.</summary>
    private static Guid? LastDeclinedOrRedirectedFrom(TicketDetails ticket) =>
        ticket.History.LastOrDefault() is { Kind: TicketHistoryKind.Declined or TicketHistoryKind.Redirected } last ? last.FromSpecialistId : null;

    /// <summary>
    /// A specialist as this dispatcher counts them: the load their grain last reported, plus the weights of tickets the
    /// view gives them that the grain has not reported yet, minus those the view took from them that the grain still
    /// reported. Tickets tell their specialists in the background, so a report may lag either way; the view is exact
    /// for its own decisions and moves.
    /// </summary>
    private sealed class SpecialistView(Guid id, int slot)
    {
        /// <summary>How long a ticket the view took away stays subtracted from reports that still list it: far longer than a delivery takes.</summary>
        private static readonly TimeSpan DepartedMemory = TimeSpan.FromHours(1);

        private readonly Dictionary<Guid, int> _given = [];
        private readonly Dictionary<Guid, (int Weight, DateTimeOffset At)> _departed = [];
        private HashSet<Guid> _reported = [];
        private int _reportedLoad;
        private int _unreported;
        private int _departedReported;
        private int _forgetAt = 64;

        public Guid Id { get; } = id;
        public int Slot { get; } = slot;
        public string Name { get; private set; } = "";
        public AvailabilityStatus Availability { get; private set; }
        public IReadOnlyDictionary<string, int> Skills { get; private set; } = new Dictionary<string, int>();
        public int Capacity { get; private set; }
        public double Rating { get; private set; }
        public int Load => _reportedLoad + _unreported - _departedReported;

        public DateTimeOffset? LastAssignedAt { get; set; }

        /// <summary>The specialist for a ticket needing a skill they hold at <paramref name="level"/>, of a client they served as <paramref name="served"/> says.</summary>
        public Candidate AsCandidate(int level, long[]? served) => new(
            Id, Availability, level, Capacity, Load, Rating, LastAssignedAt?.UtcTicks ?? 0,
            served is not null && (uint)Slot < (uint)served.Length ? served[Slot] : 0);

        public void Give(Guid ticketId, int weight)
        {
            if (!_given.TryAdd(ticketId, weight))
            {
                return;
            }

            if (!_reported.Contains(ticketId))
            {
                _unreported += weight;
            }

            if (_departed.Remove(ticketId, out var departed) && _reported.Contains(ticketId))
            {
                _departedReported -= departed.Weight; // back with them
            }
        }

        /// <param name="now">When the ticket left; null for one their grain cannot hear of (it was never stored).</param>
        public void Take(Guid ticketId, DateTimeOffset? now)
        {
            if (!_given.Remove(ticketId, out var weight))
            {
                return;
            }

            if (_reported.Contains(ticketId))
            {
                _departedReported += weight;
            }
            else
            {
                _unreported -= weight;
            }

            if (now is { } at)
            {
                _departed[ticketId] = (weight, at);
                if (_departed.Count >= _forgetAt)
                {
                    Forget(at);
                    _forgetAt = Math.Max(64, 2 * _departed.Count);
                }
            }
        }

        private void Forget(DateTimeOffset now)
        {
            foreach (var forgotten in _departed.Where(d => d.Value.At < now - DepartedMemory).Select(d => d.Key).ToList())
            {
                _departed.Remove(forgotten);
            }
        }

        /// <summary>Takes the grain's report; true when the skills changed (the skill index must follow).</summary>
        public bool Report(SpecialistDetails details, DateTimeOffset now)
        {
            var skills = details.Skills.ToDictionary(s => s.Code, s => s.Level);
            var skillsChanged = skills.Count != Skills.Count || skills.Any(s => !Skills.TryGetValue(s.Key, out var level) || level != s.Value);
            Name = details.Name;
            Availability = details.Availability.Status;
            Skills = skills;
            Capacity = details.Capacity;
            Rating = details.Rating;
            _reportedLoad = details.Load;
            _reported = [.. details.OpenTickets];
            _unreported = _given.Where(g => !_reported.Contains(g.Key)).Sum(g => g.Value);
            Forget(now);
            _departedReported = _departed.Where(d => _reported.Contains(d.Key)).Sum(d => d.Value.Weight);
            return skillsChanged;
        }
    }

    /// <summary>Someone who has a skill, at their level in it: an entry of the skill index.</summary>
    private readonly record struct SkillHolder(SpecialistView Specialist, int Level);

    private sealed record TicketView(
        Guid Id, Guid ClientId, string Subject, TicketPriority Priority, int Weight, TicketStatus Status, string Skill, int MinLevel,
        Guid? AssigneeId, DateTimeOffset CreatedAt, DateTimeOffset DueAt, int RedirectCount)
    {
        public static TicketView From(TicketDetails t) => new(
            t.Id, t.ClientId, t.Subject, t.Priority, TicketRules.Weight(t.Priority), t.Status, t.RequiredSkill, t.MinLevel,
            t.AssigneeId, t.CreatedAt, t.DueAt, t.RedirectCount);

        public static TicketView From(TicketRow t) => new(
            t.Id, t.ClientId, t.Subject, t.Priority, t.Weight, t.Status, t.RequiredSkill, t.MinLevel, t.AssigneeId,
            DateTimeOffset.FromUnixTimeMilliseconds(t.CreatedAt), DateTimeOffset.FromUnixTimeMilliseconds(t.DueAt), t.RedirectCount);
    }

    /// <summary>Priority first, then age: the order the issue asks for.</summary>
    private sealed class QueueOrder : IComparer<TicketView>
    {
        public static readonly QueueOrder Instance = new();

        public int Compare(TicketView? a, TicketView? b)
        {
            var order = b!.Priority.CompareTo(a!.Priority);
            if (order == 0)
            {
                order = a.CreatedAt.CompareTo(b.CreatedAt);
            }

            return order != 0 ? order : a.Id.CompareTo(b.Id);
        }
    }
}
