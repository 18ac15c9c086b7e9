using FluentValidation;
using Mediator;
using OrleansCrm.BuildingBlocks.Errors;
using OrleansCrm.Staff.Contracts;
using OrleansCrm.Staff.Texts;

namespace OrleansCrm.Staff.GetSpecialist;

/// <summary>The whole specialist with live load, counters and rating, from the grain: always current.</summary>
public sealed record GetSpecialist(Guid Id) : IQuery<SpecialistDetails>;

/// <summary>Nothing a caller can get wrong: the id comes from the route and an unknown one is a 404. Present because every
/// message has a validator (ValidatorCoverageTests), so a rule added later has its place.</summary>
public sealed class GetSpecialistValidator : AbstractValidator<GetSpecialist>
{
}

public sealed class GetSpecialistHandler(IGrainFactory grains) : IQueryHandler<GetSpecialist, SpecialistDetails>
{
    public async ValueTask<SpecialistDetails> Handle(GetSpecialist query, CancellationToken cancellationToken) =>
        await grains.GetGrain<ISpecialistGrain>(query.Id).Get() ?? throw new NotFoundException(StaffTexts.Say("SpecialistNotFound", query.Id.ToString()));
}
