using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using OrleansCrm.BuildingBlocks.Errors;
using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.ServiceDesk.Contracts;
using OrleansCrm.ServiceDesk.ReadModel;
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
/// It calls tickets (to assign or move them) and tickets call specialists; nothing calls back into it mid-call.
/// </summary>
internal sealed class DispatcherGrain(
    [PersistentState("dispatcher", CrmStorage.Grains)] IPersistentState<DispatcherRoster> roster,
    IDbContextFactory<ServiceDeskDbContext> contexts,
    ILogger<DispatcherGrain> logger) : Grain, IDispatcherGrain
{
    private const string Actor = "dispatcher";
    private readonly Dictionary<Guid, SpecialistView> _specialists = [];
    private readonly Dictionary<Guid, TicketView> _tickets = [];
    private readonly Dictionary<(Guid Client, Guid Specialist), DateTimeOffset> _affinity = [];

    private string Queue => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await Task.WhenAll(roster.State.Specialists.Select(RefreshSpecialistAsync));
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var open = await db.Tickets.AsNoTracking()
            .Where(t => t.Queue == Queue && t.Status != TicketStatus.Resolved && t.Status != TicketStatus.Closed && t.Status != TicketStatus.Cancelled)
            .ToListAsync(cancellationToken);
        foreach (var row in open)
        {
            _tickets[row.Id] = TicketView.From(row);
        }

        var served = await db.Tickets.AsNoTracking()
            .Where(t => t.Queue == Queue && t.AssigneeId != null && t.AssignedAt != null)
            .GroupBy(t => new { t.ClientId, t.AssigneeId })
            .Select(g => new { g.Key.ClientId, g.Key.AssigneeId, Last = g.Max(t => t.AssignedAt) })
            .ToListAsync(cancellationToken);
        foreach (var pair in served)
        {
            var at = DateTimeOffset.FromUnixTimeMilliseconds(pair.Last!.Value);
            _affinity[(pair.ClientId, pair.AssigneeId!.Value)] = at;
            if (_specialists.TryGetValue(pair.AssigneeId.Value, out var specialist) && (specialist.LastAssignedAt is null || specialist.LastAssignedAt < at))
            {
                specialist.LastAssignedAt = at;
            }
        }

        await DrainQueueAsync(); // capacity may have freed while nobody was listening
    }

    public async Task<DispatchDecision> Dispatch(Guid ticketId, Guid? excludeSpecialistId)
    {
        var ticket = await GrainFactory.GetGrain<ITicketGrain>(ticketId).Get();
        if (ticket is null)
        {
            _tickets.Remove(ticketId);
            return new DispatchDecision(ticketId, null, false, "no such ticket");
        }

        var previous = _tickets.GetValueOrDefault(ticketId)?.AssigneeId;
        var view = Track(ticket);
        foreach (var specialist in new[] { previous, ticket.AssigneeId }.OfType<Guid>().Distinct())
        {
            await RefreshSpecialistAsync(specialist);
        }

        var decision = view is { Status: TicketStatus.New }
            ? await AssignAsync(view, excludeSpecialistId ?? LastDeclinedOrRedirectedFrom(ticket))
            : new DispatchDecision(ticketId, ticket.AssigneeId, ticket.OverCapacity, $"ticket is {ticket.Status}");

        await DrainQueueAsync(skip: ticketId);
        return decision;
    }

    public async Task Requeued(Guid ticketId) => await Dispatch(ticketId, null);

    public async Task SpecialistChanged(Guid specialistId)
    {
        if (roster.State.Specialists.Add(specialistId))
        {
            await roster.WriteStateAsync();
        }

        var specialist = await RefreshSpecialistAsync(specialistId);
        if (specialist is { Availability: not AvailabilityStatus.OnDuty })
        {
            // Someone who is away cannot start what they were given: hand it to the next best at once.
            foreach (var ticket in _tickets.Values.Where(t => t.AssigneeId == specialistId && TicketRules.NotStarted(t.Status)).ToList())
            {
                var moved = await GrainFactory.GetGrain<ITicketGrain>(ticket.Id)
                    .Redirect(null, $"{specialist.Name} is {specialist.Availability}", Actor, null);
                var view = Track(moved)!;
                specialist.Load -= view.Weight;
                await AssignAsync(view, specialistId);
            }

            await RefreshSpecialistAsync(specialistId);
        }

        await DrainQueueAsync();
    }

    public async Task<TicketDetails> Redirect(Guid ticketId, Guid? toSpecialistId, string reason, string actor, int? expectedVersion)
    {
        var tickets = GrainFactory.GetGrain<ITicketGrain>(ticketId);
        var ticket = await tickets.Get() ?? throw new NotFoundException($"Ticket {ticketId} does not exist.");
        var from = ticket.AssigneeId;
        var overCapacity = false;
        if (toSpecialistId is { } to)
        {
            var target = await RefreshSpecialistAsync(to) ?? throw new NotFoundException($"Specialist {to} does not exist.");
            var weight = TicketRules.Weight(ticket.Priority);
            if (target.Availability != AvailabilityStatus.OnDuty)
            {
                throw new ConflictException($"{target.Name} is {target.Availability} and cannot take the ticket.", ticket.Version);
            }

            if (target.Skills.GetValueOrDefault(ticket.RequiredSkill) < ticket.MinLevel)
            {
                throw new ConflictException($"{target.Name} does not have {ticket.RequiredSkill} at level {ticket.MinLevel} or higher.", ticket.Version);
            }

            if (target.Load + weight > target.Capacity)
            {
                overCapacity = ticket.Priority == TicketPriority.Critical
                    ? true
                    : throw new ConflictException($"{target.Name} has no room: load {target.Load} of {target.Capacity}, the ticket weighs {weight}.", ticket.Version);
            }
        }

        var moved = await tickets.Redirect(toSpecialistId, reason, actor, expectedVersion, overCapacity);
        var view = Track(moved);
        foreach (var specialist in new[] { from, toSpecialistId }.OfType<Guid>().Distinct())
        {
            await RefreshSpecialistAsync(specialist);
        }

        if (view is { Status: TicketStatus.New })
        {
            await AssignAsync(view, from);
        }

        await DrainQueueAsync(skip: ticketId);
        return (await tickets.Get())!;
    }

    public Task<DispatchBoard> Board()
    {
        BoardTicket Card(TicketView t) => new(t.Id, t.Subject, t.Priority, t.Status, t.Skill, t.MinLevel, t.CreatedAt, t.DueAt, t.RedirectCount);
        var waiting = Waiting().Select(Card).ToList();
        var specialists = _specialists.Values
            .OrderBy(s => s.Name, StringComparer.CurrentCulture)
            .Select(s => new BoardSpecialist(s.Id, s.Name, s.Availability.ToString(), s.Load, s.Capacity, s.Rating,
                _tickets.Values.Where(t => t.AssigneeId == s.Id).OrderByDescending(t => t.Priority).ThenBy(t => t.CreatedAt).Select(Card).ToList()))
            .ToList();
        return Task.FromResult(new DispatchBoard(Queue, waiting, specialists));
    }

    public async Task<IReadOnlyList<RebalanceMove>> Rebalance(string actor)
    {
        var moves = new List<RebalanceMove>();
        // Each move lowers the spread; the bound only guards against a bug looping forever.
        for (var step = 0; step < _tickets.Count + 1; step++)
        {
            var onDuty = _specialists.Values.Where(s => s.Availability == AvailabilityStatus.OnDuty && s.Capacity > 0).ToList();
            if (onDuty.Count < 2)
            {
                break;
            }

            var average = (double)onDuty.Sum(s => s.Load) / onDuty.Sum(s => s.Capacity);
            var move = FindRebalanceMove(onDuty, average);
            if (move is null)
            {
                break;
            }

            var (ticket, from, to) = move.Value;
            var reason = $"rebalance: load {from.Load}/{from.Capacity} is above the average ratio {average:0.##}; {to.Name} has {to.Load}/{to.Capacity}";
            var moved = await GrainFactory.GetGrain<ITicketGrain>(ticket.Id).Redirect(to.Id, reason, actor, null);
            Track(moved);
            from.Load -= ticket.Weight;
            to.Load += ticket.Weight;
            to.LastAssignedAt = moved.History[^1].At;
            moves.Add(new RebalanceMove(ticket.Id, from.Id, to.Id, reason));
        }

        await DrainQueueAsync();
        return moves;
    }

    /// <summary>
    /// The heaviest-loaded donor's lightest not-started ticket that a qualified colleague below the average can take
    /// without rising above it (so every move narrows the spread and none can be undone by the next).
    /// </summary>
    private (TicketView Ticket, SpecialistView From, SpecialistView To)? FindRebalanceMove(List<SpecialistView> onDuty, double average)
    {
        foreach (var donor in onDuty.Where(s => (double)s.Load / s.Capacity > average).OrderByDescending(s => (double)s.Load / s.Capacity))
        {
            foreach (var ticket in _tickets.Values.Where(t => t.AssigneeId == donor.Id && TicketRules.NotStarted(t.Status)).OrderBy(t => t.Weight).ThenByDescending(t => t.CreatedAt))
            {
                var receivers = onDuty.Where(s => s.Id != donor.Id && (double)(s.Load + ticket.Weight) / s.Capacity <= average && s.Load + ticket.Weight <= s.Capacity);
                var choice = DispatchPolicy.Choose(Need(ticket), receivers.Select(s => Candidate(s, ticket)));
                if (choice.SpecialistId is { } to && !choice.OverCapacity)
                {
                    return (ticket, donor, _specialists[to]);
                }
            }
        }

        return null;
    }

    private async Task<DispatchDecision> AssignAsync(TicketView ticket, Guid? exclude)
    {
        var choice = DispatchPolicy.Choose(Need(ticket), _specialists.Values.Select(s => Candidate(s, ticket)), exclude);
        if (choice.SpecialistId is not { } specialistId)
        {
            return new DispatchDecision(ticket.Id, null, false, choice.Reason);
        }

        var assigned = await GrainFactory.GetGrain<ITicketGrain>(ticket.Id).Assign(specialistId, choice.Reason, choice.OverCapacity, Actor);
        Track(assigned);
        var specialist = _specialists[specialistId];
        specialist.Load += ticket.Weight;
        specialist.LastAssignedAt = assigned.History[^1].At;
        _affinity[(ticket.ClientId, specialistId)] = assigned.History[^1].At;
        logger.LogDebug("Ticket {TicketId} → {SpecialistId}: {Reason}", ticket.Id, specialistId, choice.Reason);
        return new DispatchDecision(ticket.Id, specialistId, choice.OverCapacity, choice.Reason);
    }

    /// <summary>
    /// Waiting tickets in queue order get the first specialist who fits; no polling, called whenever capacity may have
    /// freed. <paramref name="skip"/>: the ticket this change just dispatched with an exclusion (whoever declined it or
    /// had it taken away is not offered it straight back; a later change may offer it to them again).
    /// </summary>
    private async Task DrainQueueAsync(Guid? skip = null)
    {
        foreach (var ticket in Waiting().Where(t => t.Id != skip).ToList())
        {
            try
            {
                await AssignAsync(ticket, null);
            }
            catch (ConflictException)
            {
                // The ticket moved on (cancelled, assigned) since the view was built: take it as it is now.
                Track(await GrainFactory.GetGrain<ITicketGrain>(ticket.Id).Get());
            }
        }
    }

    /// <summary>Priority first, then age: the order the issue asks for.</summary>
    private IEnumerable<TicketView> Waiting() =>
        _tickets.Values.Where(t => t.Status == TicketStatus.New).OrderByDescending(t => t.Priority).ThenBy(t => t.CreatedAt).ThenBy(t => t.Id);

    private TicketView? Track(TicketDetails? ticket)
    {
        if (ticket is null)
        {
            return null;
        }

        if (!TicketRules.IsOpen(ticket.Status) || ticket.Queue != Queue)
        {
            _tickets.Remove(ticket.Id);
            return null;
        }

        return _tickets[ticket.Id] = TicketView.From(ticket);
    }

    private async Task<SpecialistView?> RefreshSpecialistAsync(Guid id)
    {
        var details = await GrainFactory.GetGrain<ISpecialistGrain>(id).Get();
        if (details is null)
        {
            _specialists.Remove(id);
            return null;
        }

        var view = _specialists.GetValueOrDefault(id) ?? new SpecialistView { Id = id };
        view.Name = details.Name;
        view.Availability = details.Availability.Status;
        view.Skills = details.Skills.ToDictionary(s => s.Code, s => s.Level);
        view.Capacity = details.Capacity;
        view.Load = details.Load;
        view.Rating = details.Rating;
        return _specialists[id] = view;
    }

    private Candidate Candidate(SpecialistView s, TicketView ticket) => new(
        s.Id, s.Availability, s.Skills, s.Capacity, s.Load, s.Rating, s.LastAssignedAt,
        _affinity.TryGetValue((ticket.ClientId, s.Id), out var served) ? served : null);

    private static Requirement Need(TicketView ticket) => new(ticket.Skill, ticket.MinLevel, ticket.Priority, ticket.Weight);

    /// <summary>Whoever just declined the ticket or had it taken away is not offered it straight back.</summary>
    private static Guid? LastDeclinedOrRedirectedFrom(TicketDetails ticket) =>
        ticket.History.LastOrDefault() is { Kind: TicketHistoryKind.Declined or TicketHistoryKind.Redirected } last ? last.FromSpecialistId : null;

    private sealed class SpecialistView
    {
        public Guid Id { get; init; }
        public string Name { get; set; } = "";
        public AvailabilityStatus Availability { get; set; }
        public IReadOnlyDictionary<string, int> Skills { get; set; } = new Dictionary<string, int>();
        public int Capacity { get; set; }
        public int Load { get; set; }
        public double Rating { get; set; }
        public DateTimeOffset? LastAssignedAt { get; set; }
    }

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
}
