using Mediator;
using Microsoft.AspNetCore.Components.Authorization;
using OrleansCrm.BuildingBlocks.Errors;
using OrleansCrm.BuildingBlocks.Security;
using OrleansCrm.Clients.Contracts;
using OrleansCrm.Clients.GetClient;
using OrleansCrm.ServiceDesk.ActOnTicket;
using OrleansCrm.ServiceDesk.CommentTicket;
using OrleansCrm.ServiceDesk.Contracts;
using OrleansCrm.ServiceDesk.GetTicket;
using OrleansCrm.ServiceDesk.LogTime;
using OrleansCrm.ServiceDesk.SearchTickets;
using OrleansCrm.ServiceDesk.Wall;
using OrleansCrm.Staff.Contracts;
using OrleansCrm.Staff.GetSpecialist;

namespace OrleansCrm.Web.MyTickets;

/// <summary>
/// What a specialist's workplace asks of the service desk, Clients and Staff, as the circuit's signed-in user: the service
/// desk answers with their own tickets only and lets them act on those alone.
/// </summary>
public sealed class MyTicketsService(ISender sender, AuthenticationStateProvider authentication)
{
    /// <summary>The most a specialist carries at once by far; capacity is about a dozen.</summary>
    private const int OpenTicketsPage = 200;

    public async Task<Caller> CallerAsync() => Caller.From((await authentication.GetAuthenticationStateAsync()).User);

    /// <summary>The specialist's open tickets, and their resolved ones still to be closed.</summary>
    public async Task<IReadOnlyList<TicketSummary>> OpenTicketsAsync(CancellationToken cancellationToken = default)
    {
        var caller = await CallerAsync();
        var open = await sender.Send(new SearchTickets(null, null, null, null, null, 1, OpenTicketsPage) { Tile = WallTile.Open, Caller = caller }, cancellationToken);
        var resolved = await sender.Send(new SearchTickets(TicketStatus.Resolved, null, null, null, null, 1, OpenTicketsPage) { Caller = caller }, cancellationToken);
        return [.. open.Items, .. resolved.Items];
    }

    /// <summary>The client's latest tickets that the specialist may see (their own).</summary>
    public async Task<IReadOnlyList<TicketSummary>> ClientTicketsAsync(Guid clientId, int count, CancellationToken cancellationToken = default) =>
        (await sender.Send(new SearchTickets(null, null, clientId, null, null, 1, count) { Caller = await CallerAsync() }, cancellationToken)).Items;

    public async Task<TicketDetails> TicketAsync(Guid id, CancellationToken cancellationToken = default) =>
        await sender.Send(new GetTicket(id) { Caller = await CallerAsync() }, cancellationToken);

    /// <summary>A lifecycle move on the version the specialist looked at: a ticket changed meanwhile is a 409, not a surprise.</summary>
    public async Task<TicketDetails> ActAsync(Guid id, TicketAction action, string? reason, int version, CancellationToken cancellationToken = default)
    {
        var caller = await CallerAsync();
        return await sender.Send(new ActOnTicket(reason, version) { TicketId = id, Action = action, Caller = caller, Actor = caller.UserName }, cancellationToken);
    }

    public async Task<TicketDetails> LogTimeAsync(Guid id, int? minutes, string? note, CancellationToken cancellationToken = default)
    {
        var caller = await CallerAsync();
        return await sender.Send(new LogTime(minutes, note) { TicketId = id, Caller = caller, Actor = caller.UserName }, cancellationToken);
    }

    public async Task<TicketDetails> CommentAsync(Guid id, string? text, CancellationToken cancellationToken = default)
    {
        var caller = await CallerAsync();
        return await sender.Send(new CommentTicket(text) { TicketId = id, Caller = caller, Actor = caller.UserName }, cancellationToken);
    }

    public ValueTask<SpecialistDetails> SpecialistAsync(Guid id, CancellationToken cancellationToken = default) =>
        sender.Send(new GetSpecialist(id), cancellationToken);

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
}
