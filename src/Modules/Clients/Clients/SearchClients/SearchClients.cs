using System.Text.Json;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.BuildingBlocks.Texts;
using OrleansCrm.BuildingBlocks.Validation;
using OrleansCrm.Clients.Contracts;
using OrleansCrm.Clients.Domain;
using OrleansCrm.Clients.ReadModel;
using OrleansCrm.Clients.Texts;
using OrleansCrm.Identity.Contracts;

namespace OrleansCrm.Clients.SearchClients;

/// <summary>
/// A page of clients matching a search (name, tax id, phone in any format, e-mail) and filters, with the total.
/// <see cref="Sort"/> is one of <see cref="ClientSort.Keys"/>, with a leading '-' for descending; by default by legal
/// name (or, for a name search, by the lower-cased name).
/// </summary>
public sealed record SearchClients(string? Search, string? Segment, Guid? Manager, SupportStatus? Status, int Page = 1, int PageSize = 20, string? Sort = null)
    : IQuery<ClientPage>;

/// <summary>The columns a client list sorts by, as the API spells them (<c>sort=name</c>, <c>sort=-taxId</c>).</summary>
public static class ClientSort
{
    public const string Name = "name";
    public const string LegalName = "legalName";
    public const string TaxId = "taxId";
    public const string Kind = "kind";
    public const string Status = "status";

    /// <summary>By the responsible manager's user name (Identity names them); clients without one come last.</summary>
    public const string Manager = "manager";

    public static readonly IReadOnlyList<string> Keys = [Name, LegalName, TaxId, Kind, Status, Manager];

    public static bool IsValid(string? sort) => sort is null || Keys.Contains(sort.StartsWith('-') ? sort[1..] : sort, StringComparer.Ordinal);
}

public sealed class SearchClientsValidator : AbstractValidator<SearchClients>
{
    public const int MaxPageSize = 200;

    public SearchClientsValidator()
    {
        RuleFor(q => q.Page).ValidPage();
        RuleFor(q => q.PageSize).InclusiveBetween(1, MaxPageSize);
        RuleFor(q => q.Search).MaximumLength(200);
        RuleFor(q => q.Segment).MaximumLength(50);
        RuleFor(q => q.Status).IsInEnum();
        RuleFor(q => q.Sort).Must(ClientSort.IsValid).WithText(ClientsTexts.Code("SortInvalid"), string.Join(", ", ClientSort.Keys));
    }
}

/// <param name="sender">Asks Identity for the managers' names when the list is sorted by them; only the client-search
/// benchmark, which never sorts so, builds the handler without it.</param>
public sealed class SearchClientsHandler(IDbContextFactory<ClientsDbContext> contexts, PhoneNumberNormalizer phones, ISender? sender = null)
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
        var skip = (query.Page - 1) * query.PageSize;
        var rows = query.Sort?.TrimStart('-') == ClientSort.Manager
            ? await SortByName.PageAsync(
                clients, c => c.ManagerId, async (ids, ct) => await sender!.Send(new GetUserNames(ids), ct),
                within => within.OrderBy(c => c.LegalName).ThenBy(c => c.Id), query.Sort[0] == '-', skip, query.PageSize, cancellationToken)
            : await Order(clients, query.Sort, nameSearch).ThenBy(c => c.Id).Skip(skip).Take(query.PageSize).ToListAsync(cancellationToken);
        return new ClientPage(rows.Select(ToSummary).ToList(), total, query.Page, query.PageSize);
    }

    private static IOrderedQueryable<ClientRow> Order(IQueryable<ClientRow> clients, string? sort, bool nameSearch)
    {
        var descending = sort is ['-', ..];
        return (descending ? sort![1..] : sort) switch
        {
            ClientSort.Name => By(c => c.ShortName),
            ClientSort.LegalName => By(c => c.LegalName),
            ClientSort.TaxId => By(c => c.TaxId),
            ClientSort.Kind => By(c => c.Kind),
            ClientSort.Status => By(c => c.SupportStatus),
            // Name matches sort by the lower-cased name, which has no b-tree index on purpose: PostgreSQL then takes the
            // trigram matches and sorts them, instead of walking the whole name index and filtering row by row.
            _ => nameSearch ? clients.OrderBy(c => c.SearchName) : clients.OrderBy(c => c.LegalName),
        };

        IOrderedQueryable<ClientRow> By<TKey>(System.Linq.Expressions.Expression<Func<ClientRow, TKey>> key) =>
            descending ? clients.OrderByDescending(key) : clients.OrderBy(key);
    }

    internal static ClientSummary ToSummary(ClientRow row) => new(
        row.Id, row.Version, row.LegalName, row.ShortName, row.Kind, row.TaxId, row.ManagerId, row.SupportStatus,
        JsonSerializer.Deserialize<List<string>>(row.Segments) ?? []);
}
