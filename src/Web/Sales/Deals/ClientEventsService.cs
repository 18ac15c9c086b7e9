using Mediator;
using Microsoft.AspNetCore.Components.Authorization;
using OrleansCrm.Agreements.Contracts;
using OrleansCrm.Billing.Documents;
using OrleansCrm.Billing.Packages;
using OrleansCrm.BuildingBlocks.Security;
using OrleansCrm.Sales.Activities;
using OrleansCrm.Sales.Activities.Interactions;
using OrleansCrm.Sales.Activities.Tasks;
using OrleansCrm.Sales.Deals.Access;
using OrleansCrm.Sales.Deals.SearchDeals;
using OrleansCrm.ServiceDesk.SearchTickets;

namespace OrleansCrm.Web.Sales.Deals;

/// <summary>
/// "A client's events at a click" for the kanban: the client's latest interactions, tasks, deals, tickets and documents,
/// each asked of the module that owns it (its Mediator request, with the signed-in user as the caller, so a page meets
/// the API's rules: a Manager sees their own interactions, tasks, deals and clients' documents). One per circuit.
/// </summary>
public sealed class ClientEventsService(ISender sender, AuthenticationStateProvider authentication)
{
    /// <summary>How many of each kind the dialog shows: the latest ones; the client's page has the rest.</summary>
    public const int Latest = 8;

    public async Task<ClientEvents> LoadAsync(Guid clientId, CancellationToken cancellationToken = default)
    {
        var user = (await authentication.GetAuthenticationStateAsync()).User;
        var sales = SalesCaller.From(user);
        // The interactions list runs oldest first over a span: a year back and a month ahead, the latest kept.
        var now = DateTimeOffset.UtcNow;
        var interactions = (await sender.Send(new ListInteractions(null, clientId, null, null, now.AddYears(-1), now.AddMonths(1), 2000) { Caller = sales }, cancellationToken))
            .OrderByDescending(i => i.DoneAt ?? i.PlannedAt).Take(Latest).ToList();
        var tasks = (await sender.Send(new ListTasks(null, null, null, clientId, null, null, null, "-dueAt", 1, Latest) { Caller = sales }, cancellationToken)).Items;
        var deals = (await sender.Send(new SearchDeals(null, null, null, clientId, null, null, "-updatedAt", 1, Latest, DealViewer.From(user)), cancellationToken)).Items;
        var tickets = (await sender.Send(new SearchTickets(null, null, clientId, null, null, 1, Latest) { Caller = Caller.From(user) }, cancellationToken)).Items;
        var documents = (await sender.Send(new ListDocuments(MoneyCaller.From(user), clientId, PageSize: Latest), cancellationToken)).Items;
        var contracts = await sender.Send(new ListClientContracts(clientId), cancellationToken);
        return new ClientEvents(interactions, tasks, deals, tickets, documents, contracts.Count > 0);
    }

    /// <summary>Billing's document package (a ZIP), built for the signed-in user (Billing checks who may have it).</summary>
    public async Task<DocumentFile> PackageAsync(Guid clientId) =>
        await sender.Send(new BuildClientPackage(MoneyCaller.From((await authentication.GetAuthenticationStateAsync()).User), clientId));
}

/// <summary>What the dialog shows; <see cref="HasContract"/> says whether the document package has a contract to carry.</summary>
public sealed record ClientEvents(
    IReadOnlyList<Interaction> Interactions, IReadOnlyList<SalesTask> Tasks, IReadOnlyList<DealSummary> Deals, IReadOnlyList<TicketSummary> Tickets,
    IReadOnlyList<DocumentSummary> Documents, bool HasContract);
