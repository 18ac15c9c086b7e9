using System.Text.Json.Serialization;
using FluentValidation;
using Mediator;
using OrleansCrm.Agreements.Contracts;
using OrleansCrm.Agreements.CreateContract;
using OrleansCrm.Agreements.Documents;
using OrleansCrm.Agreements.Texts;
using OrleansCrm.BuildingBlocks.Errors;
using OrleansCrm.BuildingBlocks.Texts;

namespace OrleansCrm.Agreements.Templates;

public sealed record ListTemplates : IQuery<IReadOnlyList<TemplateDetails>>;

public sealed class ListTemplatesValidator : AbstractValidator<ListTemplates>
{
    // No input.
}

public sealed record GetTemplate(Guid Id) : IQuery<TemplateDetails>;

public sealed class GetTemplateValidator : AbstractValidator<GetTemplate>
{
    // Only the id from the route: an unknown one is a 404.
}

/// <summary>The placeholders a template or a contract's own text may use, in the catalogue's order.</summary>
public sealed record ListPlaceholders : IQuery<IReadOnlyList<PlaceholderInfo>>;

public sealed class ListPlaceholdersValidator : AbstractValidator<ListPlaceholders>
{
    // No input.
}

/// <param name="Name">As written in a text, with its braces: <c>{contract.number}</c>.</param>
/// <param name="Description">What it prints, in Ukrainian (the language of the contracts).</param>
public sealed record PlaceholderInfo(string Name, string Description);

/// <summary>Creates a template, or (with <see cref="Id"/> and <see cref="Version"/>) replaces one's name, kind and text.</summary>
public sealed record SaveTemplate : ICommand<TemplateDetails>
{
    [JsonIgnore]
    public Guid? Id { get; init; }
    public string? Name { get; init; }
    public ContractKind? Kind { get; init; }
    public string? Body { get; init; }
    /// <summary>The version edited, when replacing: a newer one is a 409.</summary>
    public int? Version { get; init; }
}

public sealed class SaveTemplateValidator : AbstractValidator<SaveTemplate>
{
    public SaveTemplateValidator()
    {
        RuleFor(t => t.Name).NotEmpty().WithText(AgreementsTexts.Code("TemplateNameRequired")).MaximumLength(200);
        RuleFor(t => t.Kind).NotNull().WithText(AgreementsTexts.Code("KindRequired")).IsInEnum();
        RuleFor(t => t.Body).NotEmpty().WithText(AgreementsTexts.Code("TemplateBodyRequired")).MaximumLength(100_000).Custom((body, context) =>
        {
            if (!string.IsNullOrEmpty(body) && CreateContractValidator.TemplateProblem(body) is { } problem)
            {
                context.AddFailure(new FluentValidation.Results.ValidationFailure("body", ServerTexts.Render(problem)) { ErrorCode = problem.Code });
            }
        });
        RuleFor(t => t.Version).NotNull().When(t => t.Id is not null).WithText(AgreementsTexts.Code("VersionRequired"));
    }
}

public sealed class TemplateHandlers(TemplateCatalogue catalogue) :
    IQueryHandler<ListTemplates, IReadOnlyList<TemplateDetails>>,
    IQueryHandler<GetTemplate, TemplateDetails>,
    IQueryHandler<ListPlaceholders, IReadOnlyList<PlaceholderInfo>>,
    ICommandHandler<SaveTemplate, TemplateDetails>
{
    public async ValueTask<IReadOnlyList<TemplateDetails>> Handle(ListTemplates query, CancellationToken cancellationToken) =>
        await catalogue.ListAsync(cancellationToken);

    public ValueTask<IReadOnlyList<PlaceholderInfo>> Handle(ListPlaceholders query, CancellationToken cancellationToken) =>
        ValueTask.FromResult<IReadOnlyList<PlaceholderInfo>>(ContractPlaceholders.All.Select(p => new PlaceholderInfo("{" + p.Name + "}", p.Description)).ToList());

    public async ValueTask<TemplateDetails> Handle(GetTemplate query, CancellationToken cancellationToken) =>
        await catalogue.GetAsync(query.Id, cancellationToken) ?? throw new NotFoundException(AgreementsTexts.Say("TemplateNotFound", query.Id.ToString()));

    public async ValueTask<TemplateDetails> Handle(SaveTemplate command, CancellationToken cancellationToken) => command.Id is { } id
        ? await catalogue.UpdateAsync(id, command.Name!.Trim(), command.Kind!.Value, command.Body!, command.Version!.Value, cancellationToken)
        : await catalogue.CreateAsync(command.Name!.Trim(), command.Kind!.Value, command.Body!, cancellationToken);
}
