using Mediator;
using Microsoft.AspNetCore.Components.Authorization;
using OrleansCrm.Billing.Documents;
using OrleansCrm.Billing.Unbilled;
using OrleansCrm.Billing.Unbilled.InvoiceUnbilled;
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

    /// <summary>The lines proposed for the selected items (one client's, open), priced from the contract in force.</summary>
    public async Task<UnbilledInvoiceDraft> PrepareInvoiceAsync(IReadOnlyList<Guid> itemIds, CancellationToken cancellationToken = default) =>
        await sender.Send(new PrepareUnbilledInvoice(itemIds) { Caller = await CallerAsync() }, cancellationToken);

    /// <summary>
    /// One draft invoice of the edited lines. <paramref name="idempotencyKey"/> is the dialog's own, so a second click or
    /// a retry after a lost answer returns the invoice already made.
    /// </summary>
    public async Task<CreatedDocument> InvoiceAsync(IReadOnlyList<UnbilledInvoiceLine> lines, string idempotencyKey, CancellationToken cancellationToken = default) =>
        await sender.Send(new InvoiceUnbilledItems(lines) { Caller = await CallerAsync(), IdempotencyKey = idempotencyKey }, cancellationToken);

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
