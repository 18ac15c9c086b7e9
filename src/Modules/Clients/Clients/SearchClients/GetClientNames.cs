using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using OrleansCrm.Clients.Contracts;
using OrleansCrm.Clients.ReadModel;

namespace OrleansCrm.Clients.SearchClients;

public sealed class GetClientNamesValidator : AbstractValidator<GetClientNames>
{
    public GetClientNamesValidator()
    {
        RuleFor(q => q.Ids).NotNull();
        RuleFor(q => q.Ids.Count).LessThanOrEqualTo(GetClientNames.Max).When(q => q.Ids is not null);
    }
}

/// <summary>Reads the list table, never the grains: a report names hundreds of clients at once.</summary>
public sealed class GetClientNamesHandler(IDbContextFactory<ClientsDbContext> contexts) : IQueryHandler<GetClientNames, IReadOnlyDictionary<Guid, string>>
{
    /// <summary>Ids per IN list: well under SQLite's and PostgreSQL's parameter limits.</summary>
    private const int Batch = 500;

    public async ValueTask<IReadOnlyDictionary<Guid, string>> Handle(GetClientNames query, CancellationToken cancellationToken)
    {
        var names = new Dictionary<Guid, string>();
        if (query.Ids.Count == 0)
        {
            return names;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        foreach (var batch in query.Ids.Distinct().Chunk(Batch))
        {
            var rows = await db.Clients.AsNoTracking().Where(c => batch.Contains(c.Id))
                .Select(c => new { c.Id, c.ShortName, c.LegalName }).ToListAsync(cancellationToken);
            foreach (var row in rows)
            {
                names[row.Id] = string.IsNullOrWhiteSpace(row.ShortName) ? row.LegalName : row.ShortName;
            }
        }

        return names;
    }
}
