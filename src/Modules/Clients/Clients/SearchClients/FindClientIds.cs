using FluentValidation;
using Mediator;
using OrleansCrm.Clients.Contracts;

namespace OrleansCrm.Clients.SearchClients;

public sealed class FindClientIdsValidator : AbstractValidator<FindClientIds>
{
    public FindClientIdsValidator()
    {
        RuleFor(q => q.Text).NotEmpty().MaximumLength(200);
        RuleFor(q => q.Max).InclusiveBetween(1, SearchClientsValidator.MaxPageSize);
    }
}

/// <summary>The client search itself (<see cref="SearchClients"/>), answering with ids only.</summary>
public sealed class FindClientIdsHandler(ISender sender) : IQueryHandler<FindClientIds, IReadOnlyList<Guid>>
{
    public async ValueTask<IReadOnlyList<Guid>> Handle(FindClientIds query, CancellationToken cancellationToken)
    {
        var page = await sender.Send(new SearchClients(query.Text, null, null, null, 1, query.Max), cancellationToken);
        return page.Items.Select(c => c.Id).ToList();
    }
}
