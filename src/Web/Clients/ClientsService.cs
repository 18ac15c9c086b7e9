using System.Security.Claims;
using Mediator;
using Microsoft.AspNetCore.Components.Authorization;
using OrleansCrm.BuildingBlocks.Security;
using OrleansCrm.Clients;
using OrleansCrm.Clients.Contracts;
using OrleansCrm.Clients.GetClient;
using OrleansCrm.Clients.SearchClients;
using OrleansCrm.Identity.ListUsers;

namespace OrleansCrm.Web.Clients;

/// <summary>
/// What the clients workplace asks of the Clients module (and, for managers' names, of Identity), as Mediator messages
/// (pages never call grains). One per circuit, like the signed-in user it serves.
/// </summary>
public sealed class ClientsService(ISender sender, AuthenticationStateProvider authentication)
{
    /// <summary>Roles whose users are offered as a client's responsible manager: the people who sell to and look after clients.</summary>
    public static readonly IReadOnlyList<string> ManagerRoles = [CrmRoles.Manager, CrmRoles.SalesHead, CrmRoles.Director];

    private IReadOnlyList<Person>? _people;

    public ValueTask<ClientPage> SearchAsync(string? search, string? segment, SupportStatus? status, int page, int pageSize, CancellationToken cancellationToken = default) =>
        SearchAsync(new ClientFilter(search, segment, status, null), page, pageSize, null, cancellationToken);

    public ValueTask<ClientPage> SearchAsync(ClientFilter filter, int page, int pageSize, string? sort, CancellationToken cancellationToken = default) =>
        sender.Send(new SearchClients(Blank(filter.Search), Blank(filter.Segment), filter.Manager, filter.Status, page, pageSize, sort), cancellationToken);

    public ValueTask<ClientDetails> GetAsync(Guid id, CancellationToken cancellationToken = default) =>
        sender.Send(new GetClient(id), cancellationToken);

    /// <summary>The API's Mediator command, so the form meets the same validation and the same rules.</summary>
    public ValueTask<ClientDetails> CreateAsync(ClientForm form, CancellationToken cancellationToken = default) =>
        sender.Send(form.ToCreate(), cancellationToken);

    /// <summary>With the version the form was filled from: someone else's save in between is a conflict, not a lost change.</summary>
    public ValueTask<ClientDetails> UpdateAsync(Guid id, ClientForm form, CancellationToken cancellationToken = default) =>
        sender.Send(form.ToUpdate(id), cancellationToken);

    /// <summary>Who is signed in: their user id (for "My clients") and whether they may create and edit clients, as the API allows.</summary>
    public async Task<ClientsUser> UserAsync()
    {
        var user = (await authentication.GetAuthenticationStateAsync()).User;
        return new ClientsUser(
            Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null,
            ClientEndpoints.Editors.Any(user.IsInRole));
    }

    /// <summary>
    /// Every user by id and name: a client's manager is a user (Identity owns them). A CRM has tens of users, so one
    /// read per circuit serves every page of the list.
    /// </summary>
    public async Task<IReadOnlyList<Person>> PeopleAsync(CancellationToken cancellationToken = default) =>
        _people ??= (await sender.Send(new ListUsers(), cancellationToken))
            .Where(u => Guid.TryParse(u.Id, out _))
            .Select(u => new Person(Guid.Parse(u.Id), u.UserName, u.Roles.Any(ManagerRoles.Contains)))
            .OrderBy(p => p.Name, StringComparer.CurrentCultureIgnoreCase)
            .ToList();

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}

/// <summary>The filters of the client list; null means any.</summary>
public sealed record ClientFilter(string? Search, string? Segment, SupportStatus? Status, Guid? Manager);

/// <summary>A user as the clients workplace names them; <see cref="Manages"/> when their role looks after clients.</summary>
public sealed record Person(Guid Id, string Name, bool Manages);

public sealed record ClientsUser(Guid? Id, bool MayEdit);
