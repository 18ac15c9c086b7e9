using System.Text.Json;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using OrleansCrm.Clients.Contracts;
using OrleansCrm.Clients.Domain;
using OrleansCrm.Clients.ReadModel;

namespace OrleansCrm.Clients.SearchClients;

/// <summary>A page of clients matching a search (name, tax id, phone in any format, e-mail) and filters, with the total.</summary>
public sealed record SearchClients(string? Search, string? Segment, Guid? Manager, SupportStatus? Status, int Page = 1, int PageSize = 20)
    : IQuery<ClientPage>;

public sealed class SearchClientsValidator : AbstractValidator<SearchClients>
{
    public const int MaxPageSize = 200;

    public SearchClientsValidator()
    {
        RuleFor(q => q.Page).GreaterThanOrEqualTo(1);
        RuleFor(q => q.PageSize).InclusiveBetween(1, MaxPageSize);
        RuleFor(q => q.Search).MaximumLength(200);
        RuleFor(q => q.Segment).MaximumLength(50);
    }
}

public sealed class SearchClientsHandler(IDbContextFactory<ClientsDbContext> contexts, PhoneNumberNormalizer phones)
    : IQueryHandler<SearchClients, ClientPage>
{
    public async ValueTask<ClientPage> Handle(SearchClients query, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        IQueryable<ClientRow> clients = db.Clients.AsNoTracking();
        var nameSearch = false;

        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var term = ClientSearchTerm.Parse(query.Search, phones);
            if (term.Email is { } email)
            {
                clients = clients.Where(c => db.Emails.Any(e => e.ClientId == c.Id && e.Email == email));
            }
            else if (term.NamePattern is { } pattern)
            {
                clients = clients.Where(c => EF.Functions.Like(c.SearchName, pattern, ClientSearchTerm.LikeEscape.ToString()));
                nameSearch = true;
            }
            else
            {
                // One indexed branch per key that is present: OR across tables would scan.
                IQueryable<Guid>? ids = null;
                if (term.TaxId is { } taxId)
                {
                    ids = db.Clients.Where(c => c.TaxId == taxId).Select(c => c.Id);
                }

                if (term.Phone is { } phone)
                {
                    var byPhone = db.Phones.Where(p => p.Phone == phone).Select(p => p.ClientId);
                    ids = ids is null ? byPhone : ids.Union(byPhone);
                }

                clients = clients.Where(c => ids!.Contains(c.Id));
            }
        }

        if (!string.IsNullOrWhiteSpace(query.Segment))
        {
            var segment = query.Segment.Trim();
            clients = clients.Where(c => db.Segments.Any(s => s.ClientId == c.Id && s.Segment == segment));
        }

        if (query.Manager is { } manager)
        {
            clients = clients.Where(c => c.ManagerId == manager);
        }

        if (query.Status is { } status)
        {
            clients = clients.Where(c => c.SupportStatus == status);
        }

        var total = await clients.CountAsync(cancellationToken);
        // Name matches sort by the lower-cased name, which has no b-tree index on purpose: PostgreSQL then takes the
        // trigram matches and sorts them, instead of walking the whole name index and filtering row by row.
        var ordered = nameSearch ? clients.OrderBy(c => c.SearchName) : clients.OrderBy(c => c.LegalName);
        var rows = await ordered.ThenBy(c => c.Id)
            .Skip((query.Page - 1) * query.PageSize)
            .Take(query.PageSize)
            .ToListAsync(cancellationToken);
        return new ClientPage(rows.Select(ToSummary).ToList(), total, query.Page, query.PageSize);
    }

    internal static ClientSummary ToSummary(ClientRow row) => new(
        row.Id, row.Version, row.LegalName, row.ShortName, row.Kind, row.TaxId, row.ManagerId, row.SupportStatus,
        JsonSerializer.Deserialize<List<string>>(row.Segments) ?? []);
}
