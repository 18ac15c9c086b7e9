using Mediator;
using OrleansCrm.BuildingBlocks.Errors;
using OrleansCrm.ServiceDesk.Contracts;

namespace OrleansCrm.ServiceDesk.GetTicket;

/// <summary>The ticket with its whole history, from the grain.</summary>
public sealed record GetTicket(Guid Id) : IQuery<TicketDetails>;

public sealed class GetTicketHandler(IGrainFactory grains) : IQueryHandler<GetTicket, TicketDetails>
{
    public async ValueTask<TicketDetails> Handle(GetTicket query, CancellationToken cancellationToken) =>
        await grains.GetGrain<ITicketGrain>(query.Id).Get() ?? throw new NotFoundException($"Ticket {query.Id} does not exist.");
}
