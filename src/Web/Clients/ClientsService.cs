using Mediator;
using OrleansCrm.Clients.Contracts;
using OrleansCrm.Clients.GetClient;
using OrleansCrm.Clients.SearchClients;

namespace OrleansCrm.Web.Clients;

/// <summary>What the clients workplace asks of the Clients module, as Mediator messages (pages never call grains).</summary>
public sealed class ClientsService(ISender sender)
{
    public ValueTask<ClientPage> SearchAsync(string? search, string? segment, SupportStatus? status, int page, int pageSize, CancellationToken cancellationToken = default) =>
        sender.Send(new SearchClients(Blank(search), Blank(segment), null, status, page, pageSize), cancellationToken);

    public ValueTask<ClientDetails> GetAsync(Guid id, CancellationToken cancellationToken = default) =>
        sender.Send(new GetClient(id), cancellationToken);

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
