using System.Text.Json.Serialization;
using FluentValidation;
using Mediator;
using OrleansCrm.Agreements.Access;
using OrleansCrm.Agreements.Contracts;
using OrleansCrm.Agreements.ReadModel;
using OrleansCrm.Agreements.Texts;
using OrleansCrm.BuildingBlocks.Texts;
using OrleansCrm.BuildingBlocks.Validation;

namespace OrleansCrm.Agreements.SearchContracts;

/// <summary>
/// The contracts list: filters combine; <see cref="Search"/> matches the number or the client's name; <see cref="Sort"/> is one
/// of <see cref="ContractRows.SortKeys"/> with a leading '-' for descending (default: newest start first). A Manager sees
/// their own clients' contracts: with a client given, that client must be theirs; without, those they manage.
/// </summary>
public sealed record SearchContracts(Guid? ClientId, ContractStatus? Status, string? Search, string? Sort, int Page, int PageSize,
    [property: JsonIgnore] ContractViewer Viewer) : IQuery<ContractPage>;

public sealed class SearchContractsValidator : AbstractValidator<SearchContracts>
{
    public const int MaxPageSize = 200;

    public SearchContractsValidator()
    {
        RuleFor(q => q.Status).IsInEnum();
        RuleFor(q => q.Search).MaximumLength(200);
        RuleFor(q => q.Sort).Must(s => s is null || ContractRows.SortKeys.ContainsKey(s.TrimStart('-')))
            .WithText(AgreementsTexts.Code("SortInvalid"), (_, _) => [string.Join(", ", ContractRows.SortKeys.Keys)]);
        RuleFor(q => q.Page).ValidPage();
        RuleFor(q => q.PageSize).InclusiveBetween(1, MaxPageSize);
    }
}

public sealed class SearchContractsHandler(ContractRows rows, IGrainFactory grains) : IQueryHandler<SearchContracts, ContractPage>
{
    public async ValueTask<ContractPage> Handle(SearchContracts query, CancellationToken cancellationToken)
    {
        Guid? manager = null;
        if (query.ClientId is { } clientId)
        {
            await query.Viewer.EnsureSeesClientAsync(grains, clientId);
        }
        else if (!query.Viewer.SeesAll)
        {
            // The manager the contract was made under: a client handed to another manager shows under its client's filter.
            manager = query.Viewer.UserId ?? Guid.Empty;
        }

        var (found, total) = await rows.SearchAsync(
            new ContractFilter(query.ClientId, query.Status, manager, query.Search, query.Sort, query.Page, query.PageSize), cancellationToken);
        return new ContractPage(found.Select(r => r.ToSummary()).ToList(), total, query.Page, query.PageSize);
    }
}
