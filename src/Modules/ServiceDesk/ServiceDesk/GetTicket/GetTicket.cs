using System.Text.Json.Serialization;
using FluentValidation;
using Mediator;
using OrleansCrm.BuildingBlocks.Errors;
using OrleansCrm.BuildingBlocks.Security;
using OrleansCrm.ServiceDesk.Access;
using OrleansCrm.ServiceDesk.Contracts;
using OrleansCrm.ServiceDesk.Texts;

namespace OrleansCrm.ServiceDesk.GetTicket;

/// <summary>The ticket with its whole history, from the grain.</summary>
public sealed record GetTicket(Guid Id) : IQuery<TicketDetails>
{
    /// <summary>Who asks; set by the endpoint or page from the signed-in user.</summary>
    [JsonIgnore]
    public Caller Caller { get; init; } = TicketAccess.Nobody;
}

/// <summary>Nothing a caller can get wrong: the id comes from the route and an unknown one is a 404. Present because every
/// message has a validator (ValidatorCoverageTests), so a rule added later has its place.</summary>
public sealed class GetTicketValidator : AbstractValidator<GetTicket>
{
}

public sealed class GetTicketHandler(IGrainFactory grains) : IQueryHandler<GetTicket, TicketDetails>
{
    public async ValueTask<TicketDetails> Handle(GetTicket query, CancellationToken cancellationToken)
    {
        var ticket = await grains.GetGrain<ITicketGrain>(query.Id).Get() ?? throw new NotFoundException(ServiceDeskTexts.Say("TicketNotFound", query.Id.ToString()));
        TicketAccess.EnsureCanSee(query.Caller, ticket);
        return ticket;
    }
}
