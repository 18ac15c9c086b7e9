using Mediator;
using Microsoft.EntityFrameworkCore;
using OrleansCrm.BuildingBlocks.Names;
using OrleansCrm.Clients.Contracts;
using OrleansCrm.Clients.ReadModel;

namespace OrleansCrm.Clients.SearchClients;

public sealed class GetClientNamesValidator : NamesQueryValidator<GetClientNames>;

/// <summary>Reads the list table, never the grains: a report names hundreds of clients at once.</summary>
public sealed class GetClientNamesHandler(IDbContextFactory<ClientsDbContext> contexts) : IQueryHandler<GetClientNames, IReadOnlyDictionary<Guid, string>>
{
    public async ValueTask<IReadOnlyDictionary<Guid, string>> Handle(GetClientNames query, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await NamesLookup.ReadAsync(query.Ids, async (batch, token) =>
            (await db.Clients.AsNoTracking().Where(c => batch.Contains(c.Id)).Select(c => new { c.Id, c.ShortName, c.LegalName }).ToListAsync(token))
                .Select(row => KeyValuePair.Create(row.Id, string.IsNullOrWhiteSpace(row.ShortName) ? row.LegalName : row.ShortName)), cancellationToken);
    }
}
