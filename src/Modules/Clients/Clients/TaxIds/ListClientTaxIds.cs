using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using OrleansCrm.Clients.Contracts;
using OrleansCrm.Clients.ReadModel;

namespace OrleansCrm.Clients.TaxIds;

public sealed class ListClientTaxIdsValidator : AbstractValidator<ListClientTaxIds>
{
    public ListClientTaxIdsValidator()
    {
        RuleFor(q => q.TaxIds).NotNull();
        RuleFor(q => q.ClientIds).NotNull();
        RuleFor(q => q.TaxIds).Must((q, taxIds) => taxIds is null || q.ClientIds is null || taxIds.Count + q.ClientIds.Count <= ListClientTaxIds.MaxKeys);
    }
}

/// <summary>Reads the clients table only, in chunks, so a statement of thousands of payers is a few queries.</summary>
public sealed class ListClientTaxIdsHandler(IDbContextFactory<ClientsDbContext> contexts) : IQueryHandler<ListClientTaxIds, IReadOnlyList<ClientTaxId>>
{
    private const int Chunk = 500;

    public async ValueTask<IReadOnlyList<ClientTaxId>> Handle(ListClientTaxIds query, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var found = new Dictionary<Guid, ClientTaxId>();
        foreach (var chunk in query.TaxIds.Where(t => !string.IsNullOrWhiteSpace(t)).Distinct().Chunk(Chunk))
        {
            var rows = await db.Clients.AsNoTracking().Where(c => c.TaxId != null && chunk.Contains(c.TaxId))
                .Select(c => new { c.Id, c.ShortName, c.LegalName, c.TaxId }).ToListAsync(cancellationToken);
            foreach (var row in rows)
            {
                found[row.Id] = new ClientTaxId(row.Id, row.ShortName.Length > 0 ? row.ShortName : row.LegalName, row.TaxId!);
            }
        }

        foreach (var chunk in query.ClientIds.Distinct().Chunk(Chunk))
        {
            var rows = await db.Clients.AsNoTracking().Where(c => chunk.Contains(c.Id))
                .Select(c => new { c.Id, c.ShortName, c.LegalName, c.TaxId }).ToListAsync(cancellationToken);
            foreach (var row in rows)
            {
                found[row.Id] = new ClientTaxId(row.Id, row.ShortName.Length > 0 ? row.ShortName : row.LegalName, row.TaxId);
            }
        }

        return [.. found.Values];
    }
}
