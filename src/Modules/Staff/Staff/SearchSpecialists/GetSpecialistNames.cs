using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using OrleansCrm.Staff.Contracts;
using OrleansCrm.Staff.ReadModel;

namespace OrleansCrm.Staff.SearchSpecialists;

public sealed class GetSpecialistNamesValidator : AbstractValidator<GetSpecialistNames>
{
    public GetSpecialistNamesValidator()
    {
        RuleFor(q => q.Ids).NotNull();
        RuleFor(q => q.Ids.Count).LessThanOrEqualTo(GetSpecialistNames.Max).When(q => q.Ids is not null);
    }
}

/// <summary>Reads the specialists table, never the grains.</summary>
public sealed class GetSpecialistNamesHandler(IDbContextFactory<StaffDbContext> contexts) : IQueryHandler<GetSpecialistNames, IReadOnlyDictionary<Guid, string>>
{
    /// <summary>Ids per IN list: well under SQLite's and PostgreSQL's parameter limits.</summary>
    private const int Batch = 500;

    public async ValueTask<IReadOnlyDictionary<Guid, string>> Handle(GetSpecialistNames query, CancellationToken cancellationToken)
    {
        var names = new Dictionary<Guid, string>();
        if (query.Ids.Count == 0)
        {
            return names;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        foreach (var batch in query.Ids.Distinct().Chunk(Batch))
        {
            foreach (var row in await db.Specialists.AsNoTracking().Where(s => batch.Contains(s.Id)).Select(s => new { s.Id, s.Name }).ToListAsync(cancellationToken))
            {
                names[row.Id] = row.Name;
            }
        }

        return names;
    }
}
