using System.Text.Json.Serialization;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OrleansCrm.BuildingBlocks.Errors;
using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.BuildingBlocks.Security;
using OrleansCrm.BuildingBlocks.Validation;
using OrleansCrm.Clients.Contracts;
using OrleansCrm.ServiceDesk.Access;
using OrleansCrm.ServiceDesk.Contracts;
using OrleansCrm.ServiceDesk.ReadModel;
using OrleansCrm.ServiceDesk.Sla;
using OrleansCrm.ServiceDesk.Texts;
using OrleansCrm.ServiceDesk.Wall;
using OrleansCrm.Staff.Contracts;

namespace OrleansCrm.ServiceDesk.SearchTickets;

/// <summary>A ticket as a list shows it; <see cref="Number"/> is its human-readable number (<see cref="DisplayNumber"/>: T-000123).</summary>
public sealed record TicketSummary(
    Guid Id, long Number, int Version, Guid ClientId, string Subject, TicketPriority Priority, TicketStatus Status, string RequiredSkill, int MinLevel,
    Guid? AssigneeId, DateTimeOffset CreatedAt, DateTimeOffset DueAt, bool Overdue, int RedirectCount, int DeclineCount, bool UnbilledWork)
{
    public string DisplayNumber => TicketNumber.Format(Number);
}

/// <summary>What a ticket list can be sorted by.</summary>
public enum TicketSort
{
    CreatedAt,
    Number,
    Subject,
    Priority,
    Status,
    DueAt,

    /// <summary>By the client's short name (Clients names them).</summary>
    Client,

    /// <summary>By the assignee's name (Staff names them); waiting tickets come last.</summary>
    Assignee,

    /// <summary>By the required skill's code, then its level.</summary>
    Skill,
}

public sealed record TicketPage(IReadOnlyList<TicketSummary> Items, int Total, int Page, int PageSize);

/// <summary>
/// Tickets by text (a number such as T-000123, words of the subject, or a client's name, tax id, phone or e-mail), status,
/// assignee, client, skill, overdue and wall tile, from the tickets table; newest first unless <see cref="Sort"/> says otherwise.
/// </summary>
public sealed record SearchTickets(TicketStatus? Status, Guid? Assignee, Guid? Client, string? Skill, bool? Overdue, int Page = 1, int PageSize = 20)
    : IQuery<TicketPage>
{
    /// <summary>The tickets behind one of the wall's tiles, in <see cref="Queue"/>: the same filter and moments as its count.</summary>
    public WallTile? Tile { get; init; }

    /// <summary>Only this queue's tickets; a <see cref="Tile"/> without it lists the support queue, which the wall counts.</summary>
    public string? Queue { get; init; }

    /// <summary>A ticket number (T-000123, 123), part of the subject, or what finds a client in the client search.</summary>
    public string? Search { get; init; }

    /// <summary>The column to sort by (newest first when not given); ties are broken by number.</summary>
    public TicketSort? Sort { get; init; }

    /// <summary>Descending order for <see cref="Sort"/>; when null, creation time and priority run from the latest and highest, the rest from the start.</summary>
    public bool? Descending { get; init; }

    /// <summary>Who asks; set by the endpoint or page from the signed-in user.</summary>
    [JsonIgnore]
    public Caller Caller { get; init; } = TicketAccess.Nobody;
}

public sealed class SearchTicketsValidator : AbstractValidator<SearchTickets>
{
    public SearchTicketsValidator()
    {
        RuleFor(q => q.Page).ValidPage();
        RuleFor(q => q.PageSize).InclusiveBetween(1, 200);
        RuleFor(q => q.Skill).MaximumLength(50);
        RuleFor(q => q.Queue).MaximumLength(50);
        RuleFor(q => q.Search).MaximumLength(200);
        // The page sends these as values; an undefined one (?tile=999) is a 400 naming the field, not a 500 or an empty list.
        RuleFor(q => q.Status).IsInEnum();
        RuleFor(q => q.Tile).IsInEnum();
        RuleFor(q => q.Sort).IsInEnum();
    }
}

public sealed class SearchTicketsHandler(IDbContextFactory<ServiceDeskDbContext> contexts, ISender sender, SlaClock sla, IOptions<ServiceDeskOptions> options, TimeProvider time)
    : IQueryHandler<SearchTickets, TicketPage>
{
    public async ValueTask<TicketPage> Handle(SearchTickets query, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var moments = GetWallSnapshotHandler.Moments(time.GetUtcNow(), sla, options.Value);
        var now = moments.Now;
        IQueryable<TicketRow> tickets = db.Tickets.AsNoTracking();
        if (!TicketAccess.SeesAll(query.Caller))
        {
            // A specialist's list is their own tickets; asking for someone else's is refused rather than answered empty.
            if (!TicketAccess.IsSpecialist(query.Caller) || (query.Assignee is { } asked && asked != query.Caller.SpecialistId))
            {
                throw new ForbiddenException(ServiceDeskTexts.Say("SpecialistSeesOwn"));
            }

            var own = query.Caller.SpecialistId;
            tickets = own is null ? tickets.Where(_ => false) : tickets.Where(t => t.AssigneeId == own);
        }

        if (query.Status is { } status)
        {
            tickets = tickets.Where(t => t.Status == status);
        }

        if (query.Assignee is { } assignee)
        {
            tickets = tickets.Where(t => t.AssigneeId == assignee);
        }

        if (query.Client is { } client)
        {
            tickets = tickets.Where(t => t.ClientId == client);
        }

        if (!string.IsNullOrWhiteSpace(query.Skill))
        {
            var skill = query.Skill.Trim().ToLowerInvariant();
            tickets = tickets.Where(t => t.RequiredSkill == skill);
        }

        var open = new[] { TicketStatus.New, TicketStatus.Assigned, TicketStatus.Accepted, TicketStatus.InProgress, TicketStatus.Paused };
        if (query.Overdue == true)
        {
            tickets = tickets.Where(t => open.Contains(t.Status) && t.DueAt < now);
        }
        else if (query.Overdue == false)
        {
            tickets = tickets.Where(t => !open.Contains(t.Status) || t.DueAt >= now);
        }

        if ((query.Queue ?? (query.Tile is null ? null : SupportQueues.Support)) is { } queue)
        {
            tickets = tickets.Where(t => t.Queue == queue);
        }

        if (query.Tile is { } tile)
        {
            tickets = tickets.Filter(tile, moments.Now, moments.StartOfToday, moments.NeverTakenBefore);
        }

        if (query.Search?.Trim() is { Length: > 0 } text)
        {
            // A number finds its ticket; otherwise the subject (any part, any case) or the clients the client search finds.
            var number = TicketNumber.Parse(text);
            var pattern = "%" + text.ToLowerInvariant().Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%";
            var clients = await sender.Send(new FindClientIds(text, MaxClientsSearched), cancellationToken);
            tickets = tickets.Where(t => t.Number == number || EF.Functions.Like(t.SearchSubject, pattern, "\\") || clients.Contains(t.ClientId));
        }

        var total = await tickets.CountAsync(cancellationToken);
        var skip = (query.Page - 1) * query.PageSize;
        var byName = query.Descending == true;
        var rows = query.Sort switch
        {
            // Names live in other modules: sorted by them a page at a time, the newest first among one name's tickets.
            TicketSort.Client => await SortByName.PageAsync(
                tickets, t => (Guid?)t.ClientId, async (ids, ct) => await sender.Send(new GetClientNames(ids), ct),
                Newest, byName, skip, query.PageSize, cancellationToken),
            TicketSort.Assignee => await SortByName.PageAsync(
                tickets, t => t.AssigneeId, async (ids, ct) => await sender.Send(new GetSpecialistNames(ids), ct),
                Newest, byName, skip, query.PageSize, cancellationToken),
            _ => await Sorted(tickets, query.Sort, query.Descending).Skip(skip).Take(query.PageSize).ToListAsync(cancellationToken),
        };
        return new TicketPage(rows.Select(t => new TicketSummary(
            t.Id, t.Number ?? 0, t.Version, t.ClientId, t.Subject, t.Priority, t.Status, t.RequiredSkill, t.MinLevel, t.AssigneeId,
            DateTimeOffset.FromUnixTimeMilliseconds(t.CreatedAt), DateTimeOffset.FromUnixTimeMilliseconds(t.DueAt),
            open.Contains(t.Status) && t.DueAt < now, t.RedirectCount, t.DeclineCount, t.UnbilledWork)).ToList(), total, query.Page, query.PageSize);
    }

    /// <summary>The most clients a text search looks for tickets of (the client search's largest page).</summary>
    private const int MaxClientsSearched = 200;

    /// <summary>The lifecycle's order (the enum's), as a CASE the database evaluates.</summary>
    private static readonly System.Linq.Expressions.Expression<Func<TicketRow, int>> StatusOrder = t =>
        t.Status == TicketStatus.New ? 0
        : t.Status == TicketStatus.Assigned ? 1
        : t.Status == TicketStatus.Accepted ? 2
        : t.Status == TicketStatus.InProgress ? 3
        : t.Status == TicketStatus.Paused ? 4
        : t.Status == TicketStatus.Resolved ? 5
        : t.Status == TicketStatus.Closed ? 6
        : 7;

    private static IOrderedQueryable<TicketRow> Newest(IQueryable<TicketRow> tickets) =>
        tickets.OrderByDescending(t => t.CreatedAt).ThenByDescending(t => t.Number).ThenBy(t => t.Id);

    private static IQueryable<TicketRow> Sorted(IQueryable<TicketRow> tickets, TicketSort? sort, bool? descending)
    {
        // Priority and status are stored as names: their order is the enum's, so they sort by the weight and a CASE.
        var down = descending ?? sort is null or TicketSort.CreatedAt or TicketSort.Priority;
        IOrderedQueryable<TicketRow> ordered = sort switch
        {
            TicketSort.Number => down ? tickets.OrderByDescending(t => t.Number) : tickets.OrderBy(t => t.Number),
            TicketSort.Subject => down ? tickets.OrderByDescending(t => t.Subject) : tickets.OrderBy(t => t.Subject),
            TicketSort.Priority => down ? tickets.OrderByDescending(t => t.Weight) : tickets.OrderBy(t => t.Weight),
            TicketSort.Status => down ? tickets.OrderByDescending(StatusOrder) : tickets.OrderBy(StatusOrder),
            TicketSort.DueAt => down ? tickets.OrderByDescending(t => t.DueAt) : tickets.OrderBy(t => t.DueAt),
            TicketSort.Skill => down ? tickets.OrderByDescending(t => t.RequiredSkill).ThenByDescending(t => t.MinLevel) : tickets.OrderBy(t => t.RequiredSkill).ThenBy(t => t.MinLevel),
            _ => down ? tickets.OrderByDescending(t => t.CreatedAt) : tickets.OrderBy(t => t.CreatedAt),
        };
        return down ? ordered.ThenByDescending(t => t.Number).ThenBy(t => t.Id) : ordered.ThenBy(t => t.Number).ThenBy(t => t.Id);
    }
}
