using FluentValidation;
using Mediator;
using OrleansCrm.BuildingBlocks.Errors;
using OrleansCrm.Clients.Contracts;
using OrleansCrm.Clients.Texts;

namespace OrleansCrm.Clients.GetClient;

/// <summary>The whole card, from the grain: always the current version.</summary>
public sealed record GetClient(Guid Id) : IQuery<ClientDetails>;

/// <summary>Nothing a caller can get wrong: the id comes from the route and an unknown one is a 404. Present because every
/// message has a validator (ValidatorCoverageTests), so a rule added later has its place.</summary>
public sealed class GetClientValidator : AbstractValidator<GetClient>
{
}

public sealed class GetClientHandler(IGrainFactory grains) : IQueryHandler<GetClient, ClientDetails>
{
    public async ValueTask<ClientDetails> Handle(GetClient query, CancellationToken cancellationToken) =>
        await grains.GetGrain<IClientGrain>(query.Id).Get() ?? throw new NotFoundException(ClientsTexts.Say("ClientNotFound", query.Id.ToString()));
}
