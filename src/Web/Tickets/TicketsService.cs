using Mediator;
using Microsoft.AspNetCore.Components.Authorization;
using OrleansCrm.BuildingBlocks.Errors;
using OrleansCrm.BuildingBlocks.Security;
using OrleansCrm.Clients.Contracts;
using OrleansCrm.Clients.GetClient;
using OrleansCrm.Clients.SearchClients;
using OrleansCrm.ServiceDesk.ActOnTicket;
using OrleansCrm.ServiceDesk.CommentTicket;
using OrleansCrm.ServiceDesk.Contracts;
using OrleansCrm.ServiceDesk.GetTicket;
using OrleansCrm.ServiceDesk.LogTime;
using OrleansCrm.ServiceDesk.RedirectTicket;
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
        await SearchAsync(filter, page, pageSize, null, null, cancellationToken);

    public async Task<TicketPage> SearchAsync(TicketFilter filter, int page, int pageSize, TicketSort? sort, bool? descending, CancellationToken cancellationToken = default) =>
        await sender.Send(new SearchTickets(filter.Status, filter.Assignee, filter.Client, string.IsNullOrWhiteSpace(filter.Skill) ? null : filter.Skill.Trim(),
            filter.Overdue, page, pageSize)
        {
            Tile = filter.Tile, Search = string.IsNullOrWhiteSpace(filter.Search) ? null : filter.Search.Trim(), Sort = sort, Descending = descending,
            Caller = await CallerAsync(),
        }, cancellationToken);

    public async Task<TicketDetails> GetAsync(Guid id, CancellationToken cancellationToken = default) =>
        await sender.Send(new GetTicket(id) { Caller = await CallerAsync() }, cancellationToken);

    /// <summary>A lifecycle move on the version the user looked at: a ticket changed meanwhile is a 409, not a surprise.</summary>
    public async Task<TicketDetails> ActAsync(Guid id, TicketAction action, string? reason, int version, CancellationToken cancellationToken = default)
    {
        var caller = await CallerAsync();
        return await sender.Send(new ActOnTicket(string.IsNullOrWhiteSpace(reason) ? null : reason, version)
        {
            TicketId = id, Action = action, Caller = caller, Actor = caller.UserName,
        }, cancellationToken);
    }

    /// <summary>To a specialist, or (null) back to the dispatcher, who chooses.</summary>
    public async Task<TicketDetails> RedirectAsync(Guid id, Guid? to, string? reason, int version, CancellationToken cancellationToken = default)
    {
        var caller = await CallerAsync();
        return await sender.Send(new RedirectTicket(to, reason, version) { TicketId = id, Caller = caller, Actor = caller.UserName }, cancellationToken);
    }

    public async Task<TicketDetails> CommentAsync(Guid id, string? text, CancellationToken cancellationToken = default)
    {
        var caller = await CallerAsync();
        return await sender.Send(new CommentTicket(text) { TicketId = id, Caller = caller, Actor = caller.UserName }, cancellationToken);
    }

    public async Task<TicketDetails> LogTimeAsync(Guid id, int? minutes, string? note, CancellationToken cancellationToken = default)
    {
        var caller = await CallerAsync();
        return await sender.Send(new LogTime(minutes, note) { TicketId = id, Caller = caller, Actor = caller.UserName }, cancellationToken);
    }

    /// <summary>The client's card (for its name and the contact who called), or null when it is gone.</summary>
    public async Task<ClientDetails?> ClientAsync(Guid id, CancellationToken cancellationToken = default)
    {
        try
        {
            return await sender.Send(new GetClient(id), cancellationToken);
        }
        catch (NotFoundException)
        {
            return null;
        }
    }

    /// <summary>Clients whose name, tax id, phone or e-mail matches, for the list's client filter.</summary>
    public async Task<IReadOnlyList<ClientSummary>> FindClientsAsync(string? text, CancellationToken cancellationToken = default) =>
        (await sender.Send(new SearchClients(string.IsNullOrWhiteSpace(text) ? null : text.Trim(), null, null, null, 1, 20), cancellationToken)).Items;

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

    /// <summary>The short names of the clients on one page of tickets, in one read of the clients list (an unknown id shows as itself).</summary>
    public async Task<IReadOnlyDictionary<Guid, string>> ClientNamesAsync(IEnumerable<Guid> clientIds, CancellationToken cancellationToken = default)
    {
        var ids = clientIds.Distinct().ToList();
        var known = await sender.Send(new GetClientNames(ids), cancellationToken);
        return ids.ToDictionary(id => id, id => known.GetValueOrDefault(id) ?? id.ToString());
    }
}

/// <summary>The filters a ticket list offers; null means any. <see cref="Tile"/> is the wall's tile the list was opened from.</summary>
public sealed record TicketFilter(
    TicketStatus? Status = null, Guid? Assignee = null, Guid? Client = null, string? Skill = null, bool? Overdue = null, WallTile? Tile = null, string? Search = null);
