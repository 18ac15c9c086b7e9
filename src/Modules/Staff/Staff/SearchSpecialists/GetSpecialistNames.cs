using Mediator;
using Microsoft.EntityFrameworkCore;
using OrleansCrm.BuildingBlocks.Names;
using OrleansCrm.Staff.Contracts;
using OrleansCrm.Staff.ReadModel;

namespace OrleansCrm.Staff.SearchSpecialists;

public sealed class GetSpecialistNamesValidator : NamesQueryValidator<GetSpecialistNames>;

/// <summary>Reads the specialists table, never the grains.</summary>
public sealed class GetSpecialistNamesHandler(IDbContextFactory<StaffDbContext> contexts) : IQueryHandler<GetSpecialistNames, IReadOnlyDictionary<Guid, string>>
{
    public async ValueTask<IReadOnlyDictionary<Guid, string>> Handle(GetSpecialistNames query, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await NamesLookup.ReadAsync(query.Ids, async (batch, token) =>
            (await db.Specialists.AsNoTracking().Where(s => batch.Contains(s.Id)).Select(s => new { s.Id, s.Name }).ToListAsync(token))
                .Select(row => KeyValuePair.Create(row.Id, row.Name)), cancellationToken);
    }
}
