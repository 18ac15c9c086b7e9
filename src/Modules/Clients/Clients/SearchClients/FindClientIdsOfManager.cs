using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using OrleansCrm.Clients.Contracts;
using OrleansCrm.Clients.ReadModel;

namespace OrleansCrm.Clients.SearchClients;

public sealed class FindClientIdsOfManagerValidator : AbstractValidator<FindClientIdsOfManager>
{
    public FindClientIdsOfManagerValidator() => RuleFor(q => q.ManagerId).NotEmpty();
}

/// <summary>Read from the clients' list table: one indexed query, no grain activated.</summary>
public sealed class FindClientIdsOfManagerHandler(IDbContextFactory<ClientsDbContext> contexts) : IQueryHandler<FindClientIdsOfManager, IReadOnlyList<Guid>>
{
    public async ValueTask<IReadOnlyList<Guid>> Handle(FindClientIdsOfManager query, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Clients.AsNoTracking().Where(c => c.ManagerId == query.ManagerId).Select(c => c.Id).ToListAsync(cancellationToken);
    }
}
