using Mediator;
using Microsoft.AspNetCore.Components.Authorization;
using OrleansCrm.Billing.Unbilled;
using OrleansCrm.BuildingBlocks.Security;
using OrleansCrm.Clients.Contracts;
using OrleansCrm.Clients.GetClient;
using OrleansCrm.Clients.SearchClients;

namespace OrleansCrm.Web.Billing;

/// <summary>
/// What the "Unbilled work" tab asks of Billing (and of Clients, for names), as Mediator messages with the signed-in
/// user as the caller, so the page meets the API's rules. One per circuit.
/// </summary>
public sealed class UnbilledService(ISender sender, AuthenticationStateProvider authentication)
{
    private readonly Dictionary<Guid, string> _clientNames = [];

    public async Task<UnbilledPage> ListAsync(Guid? clientId, UnbilledStatus? status, int page, int pageSize, string? sort, CancellationToken cancellationToken = default) =>
        await sender.Send(new ListUnbilledItems(clientId, status?.ToString(), page, pageSize, sort) { Caller = await CallerAsync() }, cancellationToken);

    public async Task<UnbilledItem> WriteOffAsync(Guid id, string? reason, CancellationToken cancellationToken = default) =>
        await sender.Send(new WriteOffUnbilledItem(reason) { Id = id, Caller = await CallerAsync() }, cancellationToken);

    /// <summary>
    /// Whether "Invoice selected" is offered. Invoicing is the documents part's <c>POST /api/invoices</c> with
    /// <c>unbilledItemIds</c> (it marks the items invoiced in its own transaction); until its Mediator command is on this
    /// branch there is nothing to call.
    /// </summary>
    public bool CanInvoice => false;

    /// <summary>
    /// MERGE POINT: send the documents part's invoice command here with the chosen items' ids (one invoice per client),
    /// e.g. <c>sender.Send(new CreateInvoice(clientId, …) { UnbilledItemIds = ids, Caller = … })</c>, and set
    /// <see cref="CanInvoice"/> to true.
    /// </summary>
    public Task InvoiceAsync(IReadOnlyList<UnbilledItem> items, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("Invoicing unbilled work comes with the documents part's invoice command.");

    /// <summary>A client's short name, read once per circuit (a page shows a few clients).</summary>
    public async Task<string> ClientNameAsync(Guid id, CancellationToken cancellationToken = default)
    {
        if (!_clientNames.TryGetValue(id, out var name))
        {
            try
            {
                var client = await sender.Send(new GetClient(id), cancellationToken);
                name = string.IsNullOrWhiteSpace(client.ShortName) ? client.LegalName : client.ShortName;
            }
            catch (OrleansCrm.BuildingBlocks.Errors.NotFoundException)
            {
                name = id.ToString()[..8];
            }

            _clientNames[id] = name;
        }

        return name;
    }

    /// <summary>Clients whose name or tax id matches, for the client filter.</summary>
    public async Task<IReadOnlyList<ClientSummary>> FindClientsAsync(string? search, CancellationToken cancellationToken = default) =>
        (await sender.Send(new SearchClients(string.IsNullOrWhiteSpace(search) ? null : search.Trim(), null, null, null, 1, 20), cancellationToken)).Items;

    private async Task<Caller> CallerAsync() => Caller.From((await authentication.GetAuthenticationStateAsync()).User);
}
