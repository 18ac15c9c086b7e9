using Mediator;
using OrleansCrm.BuildingBlocks.Errors;
using OrleansCrm.Clients.Contracts;

namespace OrleansCrm.Clients.GetClient;

/// <summary>The whole card, from the grain: always the current version.</summary>
public sealed record GetClient(Guid Id) : IQuery<ClientDetails>;

public sealed class GetClientHandler(IGrainFactory grains) : IQueryHandler<GetClient, ClientDetails>
{
    public async ValueTask<ClientDetails> Handle(GetClient query, CancellationToken cancellationToken) =>
        await grains.GetGrain<IClientGrain>(query.Id).Get() ?? throw new NotFoundException($"Client {query.Id} does not exist.");
}
