using System.Text.Json.Serialization;
using FluentValidation;
using Mediator;
using OrleansCrm.Agreements.Contracts;
using OrleansCrm.Agreements.CreateContract;
using OrleansCrm.Agreements.Texts;
using OrleansCrm.BuildingBlocks.Calendar;
using OrleansCrm.BuildingBlocks.Texts;

namespace OrleansCrm.Agreements.ChangeContract;

/// <summary>A change of a contract's status that needs nothing but its id (each its own route and Editors' button).</summary>
public enum ContractAction
{
    /// <summary>Activates a Draft (or Suspended) contract; activating an active one changes nothing.</summary>
    Activate = 0,

    /// <summary>Resumes a suspended contract; resuming an active one changes nothing.</summary>
    Resume = 1,

    /// <summary>
    /// Withdraws a termination scheduled for a later day: the contract stays Active to its end. 409 when none is scheduled;
    /// sent again after it succeeded, it changes nothing.
    /// </summary>
    WithdrawTermination = 2,
}

/// <summary>Does <see cref="Action"/> to the contract.</summary>
public sealed record ActOnContract(Guid ContractId, ContractAction Action) : ICommand<ContractDetails>;

public sealed class ActOnContractValidator : AbstractValidator<ActOnContract>
{
    // Only the id from the route and an action from code: the grain decides whether the status allows it (409 otherwise).
}

/// <summary>
/// Ends a contract early. <see cref="On"/> is its last day of service (default today); a day after today keeps an active
/// contract Active until then, within its term, and the daily job terminates it on that day.
/// </summary>
public sealed record TerminateContract : ICommand<ContractDetails>
{
    [JsonIgnore]
    public Guid ContractId { get; init; }
    public string? Reason { get; init; }
    public DateOnly? On { get; init; }
}

public sealed class TerminateContractValidator : AbstractValidator<TerminateContract>
{
    public TerminateContractValidator()
    {
        // A day after the contract's end is refused by the handler, which knows the end (400 "on").
        RuleFor(c => c.Reason).NotEmpty().WithText(AgreementsTexts.Code("ReasonRequired")).MaximumLength(1000);
    }
}

/// <summary>
/// Gives the contract its own text for this client (its template's clauses copied and edited; the same form as a
/// template's body), or with <see cref="OwnText"/> null returns it to its template.
/// </summary>
public sealed record SetContractText : ICommand<ContractDetails>
{
    [JsonIgnore]
    public Guid ContractId { get; init; }
    public string? OwnText { get; init; }
}

public sealed class SetContractTextValidator : AbstractValidator<SetContractText>
{
    public SetContractTextValidator()
    {
        RuleFor(c => c.OwnText).MaximumLength(100_000).Custom((text, context) =>
        {
            if (text is not null && CreateContractValidator.TemplateProblem(text) is { } problem)
            {
                context.AddFailure(new FluentValidation.Results.ValidationFailure("ownText", ServerTexts.Render(problem)) { ErrorCode = problem.Code });
            }
        });
    }
}

/// <summary>Suspends an active contract: no billing, and the client's support follows, until it is resumed.</summary>
public sealed record SuspendContract : ICommand<ContractDetails>
{
    [JsonIgnore]
    public Guid ContractId { get; init; }
    public string? Reason { get; init; }
}

public sealed class SuspendContractValidator : AbstractValidator<SuspendContract>
{
    public SuspendContractValidator()
    {
        RuleFor(c => c.Reason).NotEmpty().WithText(AgreementsTexts.Code("ReasonRequired")).MaximumLength(1000);
    }
}

/// <summary>Adds a supplementary agreement: a new fee and included hours from <see cref="EffectiveFrom"/> on.</summary>
public sealed record AmendContract : ICommand<ContractDetails>
{
    [JsonIgnore]
    public Guid ContractId { get; init; }
    public DateOnly? EffectiveFrom { get; init; }
    public decimal? MonthlyFee { get; init; }
    public decimal? IncludedHours { get; init; }
    public string? Text { get; init; }
}

public sealed class AmendContractValidator : AbstractValidator<AmendContract>
{
    public AmendContractValidator()
    {
        RuleFor(c => c.EffectiveFrom).NotNull().WithText(AgreementsTexts.Code("EffectiveFromRequired"));
        RuleFor(c => c.MonthlyFee).NotNull().WithText(AgreementsTexts.Code("FeeRequired"))
            .Must(CreateContractValidator.Money).WithText(AgreementsTexts.Code("AmountInvalid"));
        RuleFor(c => c.IncludedHours).NotNull().WithText(AgreementsTexts.Code("HoursInvalid")).InclusiveBetween(0m, 744m).WithText(AgreementsTexts.Code("HoursInvalid"));
        RuleFor(c => c.Text).NotEmpty().WithText(AgreementsTexts.Code("AmendmentTextRequired")).MaximumLength(10_000);
    }
}

public sealed class ChangeContractHandlers(IGrainFactory grains, CompanyCalendar calendar) :
    ICommandHandler<ActOnContract, ContractDetails>,
    ICommandHandler<TerminateContract, ContractDetails>,
    ICommandHandler<SuspendContract, ContractDetails>,
    ICommandHandler<AmendContract, ContractDetails>,
    ICommandHandler<SetContractText, ContractDetails>
{
    public async ValueTask<ContractDetails> Handle(ActOnContract command, CancellationToken cancellationToken)
    {
        await ExistingAsync(command.ContractId);
        var contract = grains.GetGrain<IContractGrain>(command.ContractId);
        return command.Action switch
        {
            ContractAction.Activate => await contract.Activate(),
            ContractAction.Resume => await contract.Resume(),
            ContractAction.WithdrawTermination => await contract.WithdrawTermination(),
            _ => throw new ArgumentOutOfRangeException(nameof(command), command.Action, "Not a contract action."),
        };
    }

    public async ValueTask<ContractDetails> Handle(SetContractText command, CancellationToken cancellationToken)
    {
        await ExistingAsync(command.ContractId);
        var text = string.IsNullOrWhiteSpace(command.OwnText) ? null : command.OwnText.Replace("\r\n", "\n");
        return await grains.GetGrain<IContractGrain>(command.ContractId).SetText(text);
    }

    public async ValueTask<ContractDetails> Handle(TerminateContract command, CancellationToken cancellationToken)
    {
        var contract = await ExistingAsync(command.ContractId);
        var on = command.On ?? calendar.Today;
        if (on > calendar.Today && on > contract.EndsOn)
        {
            throw AgreementsTexts.Invalid("on", AgreementsTexts.Say("TerminationAfterEnd", contract.EndsOn.ToString("yyyy-MM-dd")));
        }

        return await grains.GetGrain<IContractGrain>(command.ContractId).Terminate(new ContractTermination(command.Reason!.Trim(), on));
    }

    public async ValueTask<ContractDetails> Handle(SuspendContract command, CancellationToken cancellationToken)
    {
        await ExistingAsync(command.ContractId);
        return await grains.GetGrain<IContractGrain>(command.ContractId).Suspend(new ContractSuspension(command.Reason!.Trim()));
    }

    public async ValueTask<ContractDetails> Handle(AmendContract command, CancellationToken cancellationToken)
    {
        var contract = await ExistingAsync(command.ContractId);
        var from = command.EffectiveFrom!.Value;
        if (from <= contract.StartsOn || from > contract.EndsOn)
        {
            throw AgreementsTexts.Invalid("effectiveFrom", AgreementsTexts.Say("AmendmentOutsideTerm", contract.StartsOn.ToString("yyyy-MM-dd"), contract.EndsOn.ToString("yyyy-MM-dd")));
        }

        return await grains.GetGrain<IContractGrain>(command.ContractId)
            .AddAmendment(new AmendmentRequest(from, command.MonthlyFee!.Value, command.IncludedHours!.Value, command.Text!.Trim()));
    }

    /// <summary>404 for an id that holds no contract (without activating a grain that stores nothing for it).</summary>
    private async Task<ContractDetails> ExistingAsync(Guid id) =>
        await grains.GetGrain<IContractGrain>(id).Get()
        ?? throw new OrleansCrm.BuildingBlocks.Errors.NotFoundException(AgreementsTexts.Say("ContractNotFound", id.ToString()));
}
