using System.Text.Json.Serialization;
using FluentValidation;
using Mediator;
using OrleansCrm.Agreements.Access;
using OrleansCrm.Agreements.Contracts;
using OrleansCrm.Agreements.Texts;
using OrleansCrm.BuildingBlocks.Errors;

namespace OrleansCrm.Agreements.GetContract;

/// <summary>One contract with its terms history and amendments; a Manager sees only their own clients' ones.</summary>
public sealed record GetContract(Guid ContractId, [property: JsonIgnore] ContractViewer Viewer) : IQuery<ContractDetails>;

public sealed class GetContractValidator : AbstractValidator<GetContract>
{
    // Only the id from the route; who may see it is decided by the handler (403).
}

public sealed class GetContractHandler(IGrainFactory grains) : IQueryHandler<GetContract, ContractDetails>
{
    public async ValueTask<ContractDetails> Handle(GetContract query, CancellationToken cancellationToken)
    {
        var contract = await grains.GetGrain<IContractGrain>(query.ContractId).Get()
            ?? throw new NotFoundException(AgreementsTexts.Say("ContractNotFound", query.ContractId.ToString()));
        await query.Viewer.EnsureSeesClientAsync(grains, contract.ClientId);
        return contract;
    }
}
