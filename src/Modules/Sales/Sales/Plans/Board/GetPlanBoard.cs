using FluentValidation;
using Mediator;
using OrleansCrm.Sales.Contracts;

namespace OrleansCrm.Sales.Plans.Board;

/// <summary>The wall's plan tile as the board last read it: what a screen loads before it applies <c>planChanged</c>.</summary>
public sealed record GetPlanBoard : IQuery<PlanChanged>;

/// <summary>Nothing to check: the query has no input. Present because every message has a validator.</summary>
public sealed class GetPlanBoardValidator : AbstractValidator<GetPlanBoard>
{
}

public sealed class GetPlanBoardHandler(IGrainFactory grains) : IQueryHandler<GetPlanBoard, PlanChanged>
{
    public async ValueTask<PlanChanged> Handle(GetPlanBoard query, CancellationToken cancellationToken) =>
        await grains.GetGrain<IPlanBoardGrain>(PlanBoard.Key).Read();
}
