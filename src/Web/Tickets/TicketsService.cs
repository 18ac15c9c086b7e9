using Mediator;
using Microsoft.AspNetCore.Components.Authorization;
using OrleansCrm.BuildingBlocks.Errors;
using OrleansCrm.BuildingBlocks.Security;
using OrleansCrm.Clients.GetClient;
using OrleansCrm.ServiceDesk.Contracts;
using OrleansCrm.ServiceDesk.GetTicket;
using OrleansCrm.ServiceDesk.SearchTickets;
using OrleansCrm.ServiceDesk.Wall;
using OrleansCrm.Staff.SearchSpecialists;

namespace OrleansCrm.Web.Tickets;

/// <summary>
/// What the tickets workplace asks of the service desk (and, for names, of Clients and Staff), as Mediator messages.
/// One per circuit: the service desk decides what the circuit's signed-in user may see and do.
/// </summary>
public sealed class TicketsService(ISender sender, AuthenticationStateProvider authentication)
{
    public async Task<TicketPage> SearchAsync(TicketFilter filter, int page, int pageSize, CancellationToken cancellationToken = default) =>
        await sender.Send(new SearchTickets(filter.Status, filter.Assignee, filter.Client, string.IsNullOrWhiteSpace(filter.Skill) ? null : filter.Skill.Trim(),
            filter.Overdue, page, pageSize) { Tile = filter.Tile, Caller = await CallerAsync() }, cancellationToken);

    public async Task<TicketDetails> GetAsync(Guid id, CancellationToken cancellationToken = default) =>
        await sender.Send(new GetTicket(id) { Caller = await CallerAsync() }, cancellationToken);

    public async Task<TicketDetails> OpenAsync(TicketForm form, CancellationToken cancellationToken = default)
    {
        var caller = await CallerAsync();
        return await sender.Send(form.ToCommand(caller), cancellationToken);
    }

    public async Task<Caller> CallerAsync() => Caller.From((await authentication.GetAuthenticationStateAsync()).User);

    /// <summary>Every specialist, from the staff table (pages of the largest size, no grains).</summary>
    public async Task<IReadOnlyList<SpecialistSummary>> SpecialistsAsync(CancellationToken cancellationToken = default)
    {
        var specialists = new List<SpecialistSummary>();
        for (var page = 1; ; page++)
        {
            var result = await sender.Send(new SearchSpecialists(null, null, null, null, page, SearchSpecialistsValidator.MaxPageSize), cancellationToken);
            specialists.AddRange(result.Items);
            if (page * result.PageSize >= result.Total)
            {
                return specialists;
            }
        }
    }

    public async Task<IReadOnlyDictionary<Guid, string>> SpecialistNamesAsync(CancellationToken cancellationToken = default) =>
        (await SpecialistsAsync(cancellationToken)).ToDictionary(s => s.Id, s => s.Name);

    /// <summary>
    /// The short names of the clients on one page of tickets. The ticket rows carry only the client id, so this reads
    /// each distinct client (at most a page's worth); a name the tickets table keeps would spare these reads.
    /// </summary>
    public async Task<IReadOnlyDictionary<Guid, string>> ClientNamesAsync(IEnumerable<Guid> clientIds, CancellationToken cancellationToken = default)
    {
        var names = new Dictionary<Guid, string>();
        foreach (var id in clientIds.Distinct())
        {
            try
            {
                names[id] = (await sender.Send(new GetClient(id), cancellationToken)).ShortName;
            }
            catch (NotFoundException)
            {
                names[id] = id.ToString();
            }
        }

        return names;
    }
}

/// <summary>The filters a ticket list offers; null means any. <see cref="Tile"/> is the wall's tile the list was opened from.</summary>
public sealed record TicketFilter(TicketStatus? Status = null, Guid? Assignee = null, Guid? Client = null, string? Skill = null, bool? Overdue = null, WallTile? Tile = null);
