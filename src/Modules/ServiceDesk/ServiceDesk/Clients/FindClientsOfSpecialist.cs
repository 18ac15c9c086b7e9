using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using OrleansCrm.ServiceDesk.Contracts;
using OrleansCrm.ServiceDesk.ReadModel;

namespace OrleansCrm.ServiceDesk.Clients;

public sealed class FindClientsOfSpecialistValidator : AbstractValidator<FindClientsOfSpecialist>
{
    // Only an id, from the signed-in user's claim: nothing to check.
}

/// <summary>SELECT DISTINCT client_id … WHERE assignee_id = @specialist, on ix_tickets_assignee.</summary>
public sealed class FindClientsOfSpecialistHandler(IDbContextFactory<ServiceDeskDbContext> contexts) : IQueryHandler<FindClientsOfSpecialist, IReadOnlyList<Guid>>
{
    public async ValueTask<IReadOnlyList<Guid>> Handle(FindClientsOfSpecialist query, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Tickets.AsNoTracking().Where(t => t.AssigneeId == query.SpecialistId).Select(t => t.ClientId).Distinct().ToListAsync(cancellationToken);
    }
}
