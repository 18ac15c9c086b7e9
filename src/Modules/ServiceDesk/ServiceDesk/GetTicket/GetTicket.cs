using System.Text.Json.Serialization;
using Mediator;
using OrleansCrm.BuildingBlocks.Errors;
using OrleansCrm.BuildingBlocks.Security;
using OrleansCrm.ServiceDesk.Access;
using OrleansCrm.ServiceDesk.Contracts;

namespace OrleansCrm.ServiceDesk.GetTicket;

/// <summary>The ticket with its whole history, from the grain.</summary>
public sealed record GetTicket(Guid Id) : IQuery<TicketDetails>
{
    /// <summary>Who asks; set by the endpoint or page from the signed-in user.</summary>
    [JsonIgnore]
    public Caller Caller { get; init; } = TicketAccess.Nobody;
}

public sealed class GetTicketHandler(IGrainFactory grains) : IQueryHandler<GetTicket, TicketDetails>
{
    public async ValueTask<TicketDetails> Handle(GetTicket query, CancellationToken cancellationToken)
    {
        var ticket = await grains.GetGrain<ITicketGrain>(query.Id).Get() ?? throw new NotFoundException($"Ticket {query.Id} does not exist.");
        TicketAccess.EnsureCanSee(query.Caller, ticket);
        return ticket;
    }
}
