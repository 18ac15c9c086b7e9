using System.Text.Json.Serialization;
using FluentValidation;
using Mediator;
using OrleansCrm.BuildingBlocks.Ids;
using OrleansCrm.BuildingBlocks.Texts;
using OrleansCrm.Clients.Contracts;
using OrleansCrm.Sales.Contracts;
using OrleansCrm.Sales.Deals.Access;
using OrleansCrm.Sales.Deals.Pipelines;
using OrleansCrm.Sales.Texts;

namespace OrleansCrm.Sales.Deals.CreateDeal;

/// <summary>
/// Opens a deal in the first stage of its pipeline (whose robots then run). With an idempotency key the id is derived from
/// it, so a retry returns the same deal.
/// </summary>
public sealed record CreateDeal : DealInput, ICommand<DealDetails>
{
    public Guid? ClientId { get; init; }
    public Guid? PipelineId { get; init; }

    [JsonIgnore]
    public DealViewer Viewer { get; init; } = DealViewer.System;

    [JsonIgnore]
    public string? IdempotencyKey { get; init; }
}

public sealed class CreateDealValidator : AbstractValidator<CreateDeal>
{
    public CreateDealValidator()
    {
        Include(new DealInputRules());
        RuleFor(d => d.ClientId).NotEmpty().WithText(SalesTexts.Code("ClientRequired"));
        RuleFor(d => d.PipelineId).NotEmpty().WithText(SalesTexts.Code("PipelineRequired"));
        RuleFor(d => d.IdempotencyKey).AtMost(200);
    }
}

public sealed class CreateDealHandler(IGrainFactory grains, PipelineStore pipelines) : ICommandHandler<CreateDeal, DealDetails>
{
    public async ValueTask<DealDetails> Handle(CreateDeal command, CancellationToken cancellationToken)
    {
        var owner = command.Viewer.OwnerFor(command.OwnerId);
        var pipeline = await pipelines.GetAsync(command.PipelineId!.Value, cancellationToken)
            ?? throw SalesTexts.Invalid("pipelineId", SalesTexts.Say("PipelineNotFound", command.PipelineId.ToString()!));
        _ = await grains.GetGrain<IClientGrain>(command.ClientId!.Value).Get()
            ?? throw SalesTexts.Invalid("clientId", SalesTexts.Say("ClientNotFound", command.ClientId.ToString()!));
        var deal = new NewDeal(pipeline.Id, pipeline.Stages[0].Code, command.ClientId.Value, command.Title!.Trim(), command.Amount ?? 0,
            command.Currency ?? "UAH", DealInput.Clean(command.Channel), DealInput.Clean(command.Source), command.CleanParticipants(),
            DealInput.Clean(command.PrimaryDemand), command.FieldsFor(pipeline), owner, command.ExpectedCloseOn, command.Viewer.UserId);
        var id = command.IdempotencyKey is { Length: > 0 } key ? DeterministicGuid.Create("sales/deal", key) : Guid.CreateVersion7();
        return await grains.GetGrain<IDealGrain>(id).Create(deal);
    }
}
