using System.Text.Json.Serialization;
using FluentValidation;
using Mediator;
using OrleansCrm.BuildingBlocks.Errors;
using OrleansCrm.BuildingBlocks.Security;
using OrleansCrm.Clients.Contracts;
using OrleansCrm.ServiceDesk.Access;
using OrleansCrm.ServiceDesk.Contracts;
using OrleansCrm.ServiceDesk.Dispatching;
using OrleansCrm.ServiceDesk.Texts;

namespace OrleansCrm.ServiceDesk.Board;

/// <summary>The dispatch board: the waiting queue and each specialist's load, capacity, rating and tickets.</summary>
public sealed record GetDispatchBoard(string Queue) : IQuery<DispatchBoard>;

public sealed class GetDispatchBoardValidator : AbstractValidator<GetDispatchBoard>
{
    public GetDispatchBoardValidator() => RuleFor(q => q.Queue).KnownQueue();
}

public sealed class GetDispatchBoardHandler(IGrainFactory grains) : IQueryHandler<GetDispatchBoard, DispatchBoard>
{
    public async ValueTask<DispatchBoard> Handle(GetDispatchBoard query, CancellationToken cancellationToken)
    {
        var board = await grains.GetGrain<IDispatcherGrain>(query.Queue).Board();
        // Cards show the client: the dispatcher knows only its id, the client's grain its name (each client once).
        var cards = board.Waiting.Concat(board.Specialists.SelectMany(s => s.Tickets)).ToList();
        var names = new Dictionary<Guid, string?>();
        foreach (var clientId in cards.Select(c => c.ClientId).Where(id => id != Guid.Empty).Distinct())
        {
            names[clientId] = (await grains.GetGrain<IClientGrain>(clientId).Get())?.ShortName;
        }

        BoardTicket Named(BoardTicket card) => card with { ClientName = names.GetValueOrDefault(card.ClientId) };
        return board with
        {
            Waiting = board.Waiting.Select(Named).ToList(),
            Specialists = board.Specialists.Select(s => s with { Tickets = s.Tickets.Select(Named).ToList() }).ToList(),
        };
    }
}

/// <summary>Moves not-started tickets from specialists above the average load ratio to those below it; each move is recorded.</summary>
public sealed record Rebalance(string Queue, string Actor) : ICommand<IReadOnlyList<RebalanceMove>>
{
    /// <summary>Who asks; set by the endpoint or page from the signed-in user.</summary>
    [JsonIgnore]
    public Caller Caller { get; init; } = TicketAccess.Nobody;
}

public sealed class RebalanceValidator : AbstractValidator<Rebalance>
{
    public RebalanceValidator() => RuleFor(q => q.Queue).KnownQueue();
}

public sealed class RebalanceHandler(IGrainFactory grains) : ICommandHandler<Rebalance, IReadOnlyList<RebalanceMove>>
{
    public async ValueTask<IReadOnlyList<RebalanceMove>> Handle(Rebalance command, CancellationToken cancellationToken)
    {
        if (!command.Caller.CanDispatch)
        {
            throw new ForbiddenException(ServiceDeskTexts.Say("Dispatch_RebalanceNeedsRole"));
        }

        return await grains.GetGrain<IDispatcherGrain>(command.Queue).Rebalance(command.Actor);
    }
}

/// <summary>The moves <see cref="Rebalance"/> would make now, made on a copy of the loads: what the board shows before applying.</summary>
public sealed record PlanRebalance(string Queue) : IQuery<IReadOnlyList<RebalanceMove>>
{
    /// <summary>Who asks; set by the endpoint or page from the signed-in user.</summary>
    [JsonIgnore]
    public Caller Caller { get; init; } = TicketAccess.Nobody;
}

public sealed class PlanRebalanceValidator : AbstractValidator<PlanRebalance>
{
    public PlanRebalanceValidator() => RuleFor(q => q.Queue).KnownQueue();
}

public sealed class PlanRebalanceHandler(IGrainFactory grains) : IQueryHandler<PlanRebalance, IReadOnlyList<RebalanceMove>>
{
    public async ValueTask<IReadOnlyList<RebalanceMove>> Handle(PlanRebalance query, CancellationToken cancellationToken)
    {
        // Only those who may apply the plan see it: it names every specialist's tickets that would move.
        if (!query.Caller.CanDispatch)
        {
            throw new ForbiddenException(ServiceDeskTexts.Say("Dispatch_PlanNeedsRole"));
        }

        return await grains.GetGrain<IDispatcherGrain>(query.Queue).PlanRebalance();
    }
}
