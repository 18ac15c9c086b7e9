using System.Text.Json.Serialization;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OrleansCrm.BuildingBlocks.Errors;
using OrleansCrm.BuildingBlocks.Security;
using OrleansCrm.ServiceDesk.Access;
using OrleansCrm.ServiceDesk.Contracts;
using OrleansCrm.ServiceDesk.ReadModel;
using OrleansCrm.ServiceDesk.Sla;
using OrleansCrm.ServiceDesk.Wall;

namespace OrleansCrm.ServiceDesk.SearchTickets;

/// <summary>A ticket as a list shows it.</summary>
public sealed record TicketSummary(
    Guid Id, int Version, Guid ClientId, string Subject, TicketPriority Priority, TicketStatus Status, string RequiredSkill, int MinLevel,
    Guid? AssigneeId, DateTimeOffset CreatedAt, DateTimeOffset DueAt, bool Overdue, int RedirectCount, int DeclineCount, bool UnbilledWork);

public sealed record TicketPage(IReadOnlyList<TicketSummary> Items, int Total, int Page, int PageSize);

/// <summary>Tickets by status, assignee, client, skill, overdue and wall tile, newest first, from the tickets table.</summary>
public sealed record SearchTickets(TicketStatus? Status, Guid? Assignee, Guid? Client, string? Skill, bool? Overdue, int Page = 1, int PageSize = 20)
    : IQuery<TicketPage>
{
    /// <summary>The tickets behind one of the wall's tiles, in <see cref="Queue"/>: the same filter and moments as its count.</summary>
    public WallTile? Tile { get; init; }

    /// <summary>Only this queue's tickets; a <see cref="Tile"/> without it lists the support queue, which the wall counts.</summary>
    public string? Queue { get; init; }

    /// <summary>Who asks; set by the endpoint or page from the signed-in user.</summary>
    [JsonIgnore]
    public Caller Caller { get; init; } = TicketAccess.Nobody;
}

public sealed class SearchTicketsValidator : AbstractValidator<SearchTickets>
{
    public SearchTicketsValidator()
    {
        RuleFor(q => q.Page).GreaterThanOrEqualTo(1);
        RuleFor(q => q.PageSize).InclusiveBetween(1, 200);
        RuleFor(q => q.Skill).MaximumLength(50);
        RuleFor(q => q.Queue).MaximumLength(50);
    }
}

public sealed class SearchTicketsHandler(IDbContextFactory<ServiceDeskDbContext> contexts, SlaClock sla, IOptions<ServiceDeskOptions> options, TimeProvider time)
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
                throw new ForbiddenException("A specialist sees only the tickets assigned to them.");
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

        var total = await tickets.CountAsync(cancellationToken);
        var rows = await tickets.OrderByDescending(t => t.CreatedAt).ThenBy(t => t.Id)
            .Skip((query.Page - 1) * query.PageSize).Take(query.PageSize).ToListAsync(cancellationToken);
        return new TicketPage(rows.Select(t => new TicketSummary(
            t.Id, t.Version, t.ClientId, t.Subject, t.Priority, t.Status, t.RequiredSkill, t.MinLevel, t.AssigneeId,
            DateTimeOffset.FromUnixTimeMilliseconds(t.CreatedAt), DateTimeOffset.FromUnixTimeMilliseconds(t.DueAt),
            open.Contains(t.Status) && t.DueAt < now, t.RedirectCount, t.DeclineCount, t.UnbilledWork)).ToList(), total, query.Page, query.PageSize);
    }
}
