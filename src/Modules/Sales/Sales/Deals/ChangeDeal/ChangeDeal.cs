using System.Text.Json.Serialization;
using FluentValidation;
using Mediator;
using OrleansCrm.BuildingBlocks.Errors;
using OrleansCrm.BuildingBlocks.Texts;
using OrleansCrm.Sales.Contracts;
using OrleansCrm.Sales.Deals.Access;
using OrleansCrm.Sales.Deals.CreateDeal;
using OrleansCrm.Sales.Deals.Pipelines;
using OrleansCrm.Sales.Texts;

namespace OrleansCrm.Sales.Deals.ChangeDeal;

/// <summary>Replaces a deal's fields at the <see cref="Version"/> read (409 when it changed since).</summary>
public sealed record UpdateDeal : DealInput, ICommand<DealDetails>
{
    [JsonIgnore]
    public Guid DealId { get; init; }
    public int? Version { get; init; }

    [JsonIgnore]
    public DealViewer Viewer { get; init; } = DealViewer.System;
}

public sealed class UpdateDealValidator : AbstractValidator<UpdateDeal>
{
    public UpdateDealValidator()
    {
        Include(new DealInputRules());
        RuleFor(d => d.Version).NotNull().WithText(SalesTexts.Code("VersionRequired"));
    }
}

/// <summary>To another stage of the deal's pipeline; 409 with <c>missing</c> when the current stage's required fields are empty.</summary>
public sealed record MoveDeal : ICommand<DealDetails>
{
    [JsonIgnore]
    public Guid DealId { get; init; }
    public string? ToStage { get; init; }
    public int? Version { get; init; }

    [JsonIgnore]
    public DealViewer Viewer { get; init; } = DealViewer.System;
}

public sealed class MoveDealValidator : AbstractValidator<MoveDeal>
{
    public MoveDealValidator()
    {
        RuleFor(m => m.ToStage).NotEmpty().WithText(SalesTexts.Code("StageRequired")).AtMost(64);
    }
}

public sealed record WinDeal : ICommand<DealDetails>
{
    [JsonIgnore]
    public Guid DealId { get; init; }
    /// <summary>The amount won; the potential amount when absent.</summary>
    public decimal? Amount { get; init; }

    [JsonIgnore]
    public DealViewer Viewer { get; init; } = DealViewer.System;
}

public sealed class WinDealValidator : AbstractValidator<WinDeal>
{
    public WinDealValidator()
    {
        RuleFor(w => w.Amount).Must(a => a is null || (a > 0 && a < 1_000_000_000m && BuildingBlocks.Money.Hryvnias.IsWholeKopiykas(a.Value)))
            .WithText(SalesTexts.Code("AmountInvalid"));
    }
}

/// <summary>Loses a deal for one of its pipeline's loss reasons (any reason when the pipeline lists none).</summary>
public sealed record LoseDeal : ICommand<DealDetails>
{
    [JsonIgnore]
    public Guid DealId { get; init; }
    public string? Reason { get; init; }

    [JsonIgnore]
    public DealViewer Viewer { get; init; } = DealViewer.System;
}

public sealed class LoseDealValidator : AbstractValidator<LoseDeal>
{
    public LoseDealValidator()
    {
        RuleFor(l => l.Reason).NotEmpty().WithText(SalesTexts.Code("ReasonRequired")).AtMost(100);
    }
}

/// <summary>Pauses a deal until a later date; its owner is reminded when the pause ends.</summary>
public sealed record PauseDeal : ICommand<DealDetails>
{
    [JsonIgnore]
    public Guid DealId { get; init; }
    public DateOnly? Until { get; init; }
    public string? Comment { get; init; }

    [JsonIgnore]
    public DealViewer Viewer { get; init; } = DealViewer.System;
}

public sealed class PauseDealValidator : AbstractValidator<PauseDeal>
{
    public PauseDealValidator(TimeProvider time)
    {
        RuleFor(p => p.Until).NotNull().WithText(SalesTexts.Code("UntilRequired"))
            .Must(u => u is null || u > DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime)).WithText(SalesTexts.Code("UntilNotLater"));
        RuleFor(p => p.Comment).NotEmpty().WithText(SalesTexts.Code("CommentRequired")).AtMost(1000);
    }
}

/// <summary>One deal with its history; 404 for an unknown id, 403 for a Manager's colleague's deal.</summary>
public sealed record GetDeal(Guid DealId, [property: JsonIgnore] DealViewer Viewer) : IQuery<DealDetails>;

public sealed class GetDealValidator : AbstractValidator<GetDeal>
{
    // Only the id from the route: access is the handler's.
}

public sealed class ChangeDealHandlers(IGrainFactory grains, PipelineStore pipelines, Attachments.AttachmentStore attachments, ISender sender) :
    ICommandHandler<UpdateDeal, DealDetails>,
    ICommandHandler<MoveDeal, DealDetails>,
    ICommandHandler<WinDeal, DealDetails>,
    ICommandHandler<LoseDeal, DealDetails>,
    ICommandHandler<PauseDeal, DealDetails>,
    IQueryHandler<GetDeal, DealDetails>
{
    public async ValueTask<DealDetails> Handle(UpdateDeal command, CancellationToken cancellationToken)
    {
        var deal = await ChangeableAsync(command.DealId, command.Viewer);
        var owner = command.OwnerId is null ? deal.OwnerId : command.Viewer.SeesAll ? command.OwnerId.Value : command.Viewer.OwnerFor(command.OwnerId);
        var pipeline = await PipelineAsync(deal.PipelineId, cancellationToken);
        return await Grain(command.DealId).Update(new DealEdit(command.Title!.Trim(), command.Amount ?? 0, command.Currency ?? "UAH",
            DealInput.Clean(command.Channel), DealInput.Clean(command.Source), command.CleanParticipants(), DealInput.Clean(command.PrimaryDemand),
            command.FieldsFor(pipeline), owner, command.ExpectedCloseOn, command.Version!.Value));
    }

    public async ValueTask<DealDetails> Handle(MoveDeal command, CancellationToken cancellationToken)
    {
        var deal = await ChangeableAsync(command.DealId, command.Viewer);
        var pipeline = await PipelineAsync(deal.PipelineId, cancellationToken);
        if (pipeline.Stage(command.ToStage!) is null)
        {
            throw SalesTexts.Invalid("toStage", SalesTexts.Say("StageUnknown", command.ToStage!));
        }

        return await Grain(command.DealId).Move(command.ToStage!, command.Version, command.Viewer.UserId);
    }

    public async ValueTask<DealDetails> Handle(WinDeal command, CancellationToken cancellationToken)
    {
        var deal = await ChangeableAsync(command.DealId, command.Viewer);
        return await Grain(command.DealId).Win(command.Amount ?? deal.Amount, command.Viewer.UserId);
    }

    public async ValueTask<DealDetails> Handle(LoseDeal command, CancellationToken cancellationToken)
    {
        var deal = await ChangeableAsync(command.DealId, command.Viewer);
        var pipeline = await PipelineAsync(deal.PipelineId, cancellationToken);
        var reason = pipeline.LossReasons.Count == 0
            ? command.Reason!.Trim()
            : pipeline.LossReasons.FirstOrDefault(r => string.Equals(r, command.Reason!.Trim(), StringComparison.OrdinalIgnoreCase))
              ?? throw SalesTexts.Invalid("reason", SalesTexts.Say("ReasonNotListed", string.Join(", ", pipeline.LossReasons)));
        return await Grain(command.DealId).Lose(reason, command.Viewer.UserId);
    }

    public async ValueTask<DealDetails> Handle(PauseDeal command, CancellationToken cancellationToken)
    {
        await ChangeableAsync(command.DealId, command.Viewer);
        return await Grain(command.DealId).Pause(command.Until!.Value, command.Comment!.Trim(), command.Viewer.UserId);
    }

    public async ValueTask<DealDetails> Handle(GetDeal query, CancellationToken cancellationToken)
    {
        var deal = await ExistingAsync(query.DealId);
        await query.Viewer.EnsureReadsAsync(deal, sender, cancellationToken);
        return deal with { Attachments = await attachments.ListAsync(query.DealId, cancellationToken) };
    }

    private IDealGrain Grain(Guid id) => grains.GetGrain<IDealGrain>(id);

    private async Task<DealDetails> ChangeableAsync(Guid id, DealViewer viewer)
    {
        var deal = await ExistingAsync(id);
        viewer.EnsureChanges(deal);
        return deal;
    }

    /// <summary>404 for an id that holds no deal (the grain stores nothing for it).</summary>
    private async Task<DealDetails> ExistingAsync(Guid id) =>
        await Grain(id).Get() ?? throw new NotFoundException(SalesTexts.Say("DealNotFound", id.ToString()));

    private async Task<Pipeline> PipelineAsync(Guid id, CancellationToken cancellationToken) =>
        await pipelines.GetAsync(id, cancellationToken) ?? throw new ConflictException(SalesTexts.Say("PipelineNotFound", id.ToString()));
}
