using Mediator;
using Microsoft.AspNetCore.Components.Authorization;
using OrleansCrm.Sales.Contracts;
using OrleansCrm.Sales.Deals.Access;
using OrleansCrm.Sales.Deals.ChangeDeal;
using OrleansCrm.Sales.Deals.Pipelines;
using OrleansCrm.Sales.Deals.SearchDeals;

namespace OrleansCrm.Web.Sales.Deals;

/// <summary>
/// What the sales pages ask of the Deals module, as the API's Mediator messages (same validation, same access: a Manager
/// works with their own deals, SalesHead and Director with all). One per circuit.
/// </summary>
public sealed class DealsService(ISender sender, AuthenticationStateProvider authentication)
{
    public async Task<DealViewer> ViewerAsync() => DealViewer.From((await authentication.GetAuthenticationStateAsync()).User);

    public async Task<IReadOnlyList<Pipeline>> PipelinesAsync() => await sender.Send(new ListPipelines());

    /// <summary>The open deals of a pipeline the viewer may see (a Manager: their own), for the kanban.</summary>
    public async Task<IReadOnlyList<DealSummary>> OpenDealsAsync(Guid pipelineId) =>
        (await sender.Send(new SearchDeals(pipelineId, null, null, null, DealStatus.Open, null, "-updatedAt", 1, SearchDealsValidator.MaxPageSize, await ViewerAsync()))).Items;

    public async Task<DealDetails> GetAsync(Guid id) => await sender.Send(new GetDeal(id, await ViewerAsync()));

    public async Task<DealDetails> MoveAsync(Guid id, string toStage, int version) =>
        await sender.Send(new MoveDeal { DealId = id, ToStage = toStage, Version = version, Viewer = await ViewerAsync() });

    public async Task<DealDetails> WinAsync(Guid id, decimal? amount) =>
        await sender.Send(new WinDeal { DealId = id, Amount = amount, Viewer = await ViewerAsync() });

    public async Task<DealDetails> LoseAsync(Guid id, string? reason) =>
        await sender.Send(new LoseDeal { DealId = id, Reason = reason, Viewer = await ViewerAsync() });

    public async Task<DealDetails> PauseAsync(Guid id, DateOnly? until, string? comment) =>
        await sender.Send(new PauseDeal { DealId = id, Until = until, Comment = comment, Viewer = await ViewerAsync() });
}
