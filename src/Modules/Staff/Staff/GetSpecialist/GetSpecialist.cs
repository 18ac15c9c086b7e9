using Mediator;
using OrleansCrm.BuildingBlocks.Errors;
using OrleansCrm.Staff.Contracts;

namespace OrleansCrm.Staff.GetSpecialist;

/// <summary>The whole specialist with live load, counters and rating, from the grain: always current.</summary>
public sealed record GetSpecialist(Guid Id) : IQuery<SpecialistDetails>;

public sealed class GetSpecialistHandler(IGrainFactory grains) : IQueryHandler<GetSpecialist, SpecialistDetails>
{
    public async ValueTask<SpecialistDetails> Handle(GetSpecialist query, CancellationToken cancellationToken) =>
        await grains.GetGrain<ISpecialistGrain>(query.Id).Get() ?? throw new NotFoundException($"Specialist {query.Id} does not exist.");
}
