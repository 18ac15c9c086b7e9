using System.Security.Claims;
using Mediator;
using OrleansCrm.BuildingBlocks.Security;
using OrleansCrm.Identity.ListUsers;
using OrleansCrm.Sales.Contracts;
using OrleansCrm.Sales.Plans;
using OrleansCrm.Sales.Plans.Board;
using OrleansCrm.Sales.Plans.Reports;
using OrleansCrm.Sales.Plans.SetPlans;

namespace OrleansCrm.Web.Sales.Plans;

/// <summary>What the head of sales' page, the plan progress and the wall's plan tiles ask of Sales' plans and reports.</summary>
public sealed class PlansService(ISender sender)
{
    public ValueTask<PlanReport> ReportAsync(ClaimsPrincipal user, string? period = null, CancellationToken cancellationToken = default) =>
        sender.Send(new GetPlanReport(period) { Caller = SalesCaller.From(user) }, cancellationToken);

    public ValueTask<MonthPlans> PlansAsync(ClaimsPrincipal user, string period, CancellationToken cancellationToken = default) =>
        sender.Send(new GetPlans(period) { Caller = SalesCaller.From(user) }, cancellationToken);

    /// <summary>The page shows it to SalesHeads and Directors only; the command replaces the month's lines whole.</summary>
    public ValueTask<MonthPlans> SetPlansAsync(string period, IReadOnlyList<PlanItem> items, CancellationToken cancellationToken = default) =>
        sender.Send(new SetPlans(period, items), cancellationToken);

    public ValueTask<Funnel> FunnelAsync(ClaimsPrincipal user, Guid pipelineId, DateOnly? from, DateOnly? to, Guid? ownerId, CancellationToken cancellationToken = default) =>
        sender.Send(new GetFunnel(pipelineId, from, to, ownerId) { Caller = SalesCaller.From(user) }, cancellationToken);

    public ValueTask<IReadOnlyList<FunnelPipeline>> PipelinesAsync(CancellationToken cancellationToken = default) =>
        sender.Send(new GetFunnelPipelines(), cancellationToken);

    public ValueTask<PlanChanged> BoardAsync(CancellationToken cancellationToken = default) => sender.Send(new GetPlanBoard(), cancellationToken);

    /// <summary>The people a plan can be set for: Managers and SalesHeads, by name.</summary>
    public async Task<IReadOnlyList<(Guid Id, string Name)>> SalesPeopleAsync(CancellationToken cancellationToken = default) =>
        (await sender.Send(new ListUsers(), cancellationToken))
            .Where(u => u.Roles.Contains(CrmRoles.Manager) || u.Roles.Contains(CrmRoles.SalesHead))
            .Select(u => (Guid.TryParse(u.Id, out var id) ? id : Guid.Empty, u.UserName))
            .Where(u => u.Item1 != Guid.Empty)
            .ToList();

    /// <summary>A share for a progress bar: actual / plan, 0 without a plan.</summary>
    public static double Share(decimal actual, decimal plan) => plan > 0 ? (double)(actual / plan) : 0;
}
