using System.Text.Json.Serialization;
using FluentValidation;
using Mediator;
using OrleansCrm.Agreements.Contracts;
using OrleansCrm.Agreements.Documents;
using OrleansCrm.Agreements.Templates;
using OrleansCrm.Agreements.Texts;
using OrleansCrm.BuildingBlocks.Calendar;
using OrleansCrm.BuildingBlocks.Ids;
using OrleansCrm.BuildingBlocks.Money;
using OrleansCrm.BuildingBlocks.Texts;
using OrleansCrm.Clients.Contracts;

namespace OrleansCrm.Agreements.CreateContract;

/// <summary>
/// Creates a contract as a Draft with the next number. Fees and prices are before VAT unless <see cref="PricesIncludeVat"/>.
/// The text is <see cref="TemplateId"/>'s (the kind's default when neither is given) or the contract's own <see cref="OwnText"/>.
/// The client's requisites beyond name and tax id are optional here; printing says which ones its text needs.
/// With an idempotency key the id is derived from it, so a retry returns the same contract.
/// </summary>
public sealed record CreateContract : ICommand<ContractDetails>
{
    public Guid? ClientId { get; init; }
    public ContractKind? Kind { get; init; }
    public DateOnly? SignedOn { get; init; }
    public DateOnly? StartsOn { get; init; }
    public DateOnly? EndsOn { get; init; }
    public bool AutoRenew { get; init; }
    public decimal? MonthlyFee { get; init; }
    public decimal? IncludedHours { get; init; }
    /// <summary>In percent: 20, 7 or 0; null (or absent) for exempt.</summary>
    public int? VatRate { get; init; }
    public bool PricesIncludeVat { get; init; }
    public decimal? ExtraHourRate { get; init; }
    public IReadOnlyList<ContractLine>? Lines { get; init; }
    public IReadOnlyList<string>? Services { get; init; }
    public Guid? TemplateId { get; init; }
    public string? OwnText { get; init; }
    public string? ClientAddress { get; init; }
    public string? ClientIban { get; init; }
    public string? ClientBank { get; init; }
    public string? SignatoryName { get; init; }
    public string? SignatoryPosition { get; init; }
    public string? SignatoryBasis { get; init; }

    [JsonIgnore]
    public string? IdempotencyKey { get; init; }
}

public sealed class CreateContractValidator : AbstractValidator<CreateContract>
{
    public static readonly int[] VatRates = [20, 7, 0];

    public CreateContractValidator()
    {
        RuleFor(c => c.ClientId).NotEmpty().WithText(AgreementsTexts.Code("ClientRequired"));
        RuleFor(c => c.Kind).NotNull().WithText(AgreementsTexts.Code("KindRequired")).IsInEnum();
        RuleFor(c => c.StartsOn).NotNull().WithText(AgreementsTexts.Code("StartsOnRequired"));
        RuleFor(c => c.EndsOn).NotNull().WithText(AgreementsTexts.Code("EndsOnRequired"));
        RuleFor(c => c.EndsOn).GreaterThanOrEqualTo(c => c.StartsOn).When(c => c.StartsOn is not null).WithText(AgreementsTexts.Code("EndsBeforeStart"));
        RuleFor(c => c.MonthlyFee).Must(Money).WithText(AgreementsTexts.Code("AmountInvalid"));
        RuleFor(c => c.MonthlyFee).NotNull().When(c => c.Kind is ContractKind.Support or ContractKind.Its).WithText(AgreementsTexts.Code("FeeRequired"));
        RuleFor(c => c.IncludedHours).InclusiveBetween(0m, 744m).WithText(AgreementsTexts.Code("HoursInvalid"));
        RuleFor(c => c.ExtraHourRate).Must(Money).WithText(AgreementsTexts.Code("AmountInvalid"));
        RuleFor(c => c.VatRate).Must(r => r is null || VatRates.Contains(r.Value)).WithText(AgreementsTexts.Code("VatRateInvalid"));
        RuleFor(c => c.Lines).Must(l => l is null || l.Count <= 100).WithText(AgreementsTexts.Code("TooManyLines"));
        RuleForEach(c => c.Lines).NotNull().WithText(AgreementsTexts.Code("LineMissing")).ChildRules(line =>
        {
            line.RuleFor(l => l.Service).NotEmpty().WithText(AgreementsTexts.Code("ServiceRequired")).MaximumLength(300);
            line.RuleFor(l => l.Quantity).GreaterThan(0m).WithText(AgreementsTexts.Code("QuantityInvalid"));
            line.RuleFor(l => l.Unit).NotEmpty().WithText(AgreementsTexts.Code("UnitRequired")).MaximumLength(20);
            line.RuleFor(l => l.Price).Must(p => Money(p)).WithText(AgreementsTexts.Code("AmountInvalid"));
            line.RuleFor(l => l.VatRate).Must(r => r is null || VatRates.Contains(r.Value)).WithText(AgreementsTexts.Code("VatRateInvalid"));
        });
        RuleFor(c => c.Services).Must(s => s is null || s.Count <= 50).WithText(AgreementsTexts.Code("TooManyServices"));
        RuleForEach(c => c.Services).NotEmpty().WithText(AgreementsTexts.Code("ServiceRequired")).MaximumLength(300);
        RuleFor(c => c.OwnText).MaximumLength(100_000).Custom((text, context) =>
        {
            if (text is not null && TemplateProblem(text) is { } problem)
            {
                context.AddFailure(new FluentValidation.Results.ValidationFailure("ownText", ServerTexts.Render(problem)) { ErrorCode = problem.Code });
            }
        });
        RuleFor(c => c.ClientAddress).MaximumLength(400);
        RuleFor(c => c.ClientIban).Matches("^UA[0-9]{27}$").When(c => !string.IsNullOrEmpty(c.ClientIban)).WithText(AgreementsTexts.Code("IbanInvalid"));
        RuleFor(c => c.ClientBank).MaximumLength(200);
        RuleFor(c => c.SignatoryName).MaximumLength(200);
        RuleFor(c => c.SignatoryPosition).MaximumLength(200);
        RuleFor(c => c.SignatoryBasis).MaximumLength(200);
        RuleFor(c => c.IdempotencyKey).MaximumLength(200);
    }

    /// <summary>A money amount: not negative, whole kopiykas, below a billion.</summary>
    public static bool Money(decimal? amount) => amount is null || (amount >= 0 && amount < 1_000_000_000m && Hryvnias.IsWholeKopiykas(amount.Value));

    /// <summary>Why a contract text cannot be used (no title, unknown placeholders), or null.</summary>
    public static ServerText? TemplateProblem(string text)
    {
        ContractTemplate template;
        try
        {
            template = ContractTemplate.Parse(text);
        }
        catch (FormatException)
        {
            return AgreementsTexts.Say("TemplateNoTitle");
        }

        var known = ContractPlaceholders.All.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var unknown = ContractText.PlaceholdersIn(template).Where(n => !known.Contains(n)).ToList();
        return unknown.Count > 0 ? AgreementsTexts.Say("TemplateUnknownPlaceholders", string.Join(", ", unknown.Select(n => "{" + n + "}"))) : null;
    }
}

public sealed class CreateContractHandler(IGrainFactory grains, TemplateCatalogue templates, CompanyCalendar calendar) : ICommandHandler<CreateContract, ContractDetails>
{
    public async ValueTask<ContractDetails> Handle(CreateContract command, CancellationToken cancellationToken)
    {
        var client = await grains.GetGrain<IClientGrain>(command.ClientId!.Value).Get()
            ?? throw AgreementsTexts.Invalid("clientId", AgreementsTexts.Say("ClientNotFound", command.ClientId.ToString()));
        if (command.TemplateId is { } templateId && await templates.GetAsync(templateId, cancellationToken) is null)
        {
            throw AgreementsTexts.Invalid("templateId", AgreementsTexts.Say("TemplateNotFound", templateId.ToString()));
        }

        var kind = command.Kind!.Value;
        var startsOn = command.StartsOn!.Value;
        var terms = new ContractTerms(startsOn, command.MonthlyFee ?? 0, command.IncludedHours ?? 0, command.VatRate, command.PricesIncludeVat,
            command.ExtraHourRate ?? 0, command.Lines ?? [], command.Services?.Select(s => s.Trim()).ToList() ?? []);
        var requisites = new ClientRequisites(Trim(command.ClientAddress), Trim(command.ClientIban), Trim(command.ClientBank), Trim(command.SignatoryName),
            Trim(command.SignatoryPosition), Trim(command.SignatoryBasis));
        var ownText = string.IsNullOrWhiteSpace(command.OwnText) ? null : command.OwnText;
        var contract = new NewContract(client.Id, client.LegalName, client.ManagerId, kind,
            command.SignedOn ?? calendar.Today, startsOn, command.EndsOn!.Value, command.AutoRenew, terms,
            ownText is null ? command.TemplateId ?? TemplateCatalogue.DefaultFor(kind) : null, ownText, requisites);
        var id = command.IdempotencyKey is { Length: > 0 } key ? DeterministicGuid.Create("agreements/create", key) : Guid.CreateVersion7();
        return await grains.GetGrain<IContractGrain>(id).Create(contract);
    }

    private static string? Trim(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
