using System.Security.Claims;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OrleansCrm.BuildingBlocks.Calendar;
using OrleansCrm.BuildingBlocks.Jobs;
using OrleansCrm.BuildingBlocks.LiveFeed;
using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.Sales.Contracts;
using OrleansCrm.Sales.Plans.Demo;
using OrleansCrm.Sales.Plans.Reports;
using OrleansCrm.Sales.Plans.SetPlans;

namespace OrleansCrm.Sales.Plans;

/// <summary>Monthly plans, plan against actual, the funnel, manager activity, and the wall's plan tile.</summary>
internal static class PlansSetup
{
    /// <summary>
    /// Plan figures are money figures: they go to the money group (Directors and SalesHeads), not to the wall's, which
    /// Dispatchers hear too. Billing lets those roles join it.
    /// </summary>
    private static readonly string[] PlanGroup = [LiveGroups.Money];

    public static IServiceCollection AddPlans(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddCompanyCalendar(configuration);
        services.AddSingleton<PlanStore>();
        services.AddSingleton<PlanNames>();
        services.AddSingleton<PlanReadings>();
        services.AddSingleton<PlanFigures>();
        services.AddSingleton<FunnelReadings>();
        services.AddSingleton<FunnelPacker>();
        services.AddSingleton<ForecastMonths>();
        services.AddRecurringJob<FunnelUpkeepJob>();
        services.AddSingleton<IDemoDataSeeder, PlanDemoSeeder>();
        services.AddLiveRoute<PlanChanged>(PlanChanged.HubMessage, _ => PlanGroup);
        return services;
    }

    public static IEndpointRouteBuilder MapPlanEndpoints(this IEndpointRouteBuilder app)
    {
        var plans = app.MapGroup("/api/plans").WithTags("Plans").ProducesProblem(StatusCodes.Status403Forbidden);
        plans.MapPut("/{period}", async Task<Ok<MonthPlans>> (string period, PlanItems body, IMediator mediator, CancellationToken cancellationToken) =>
            TypedResults.Ok(await mediator.Send(new SetPlans.SetPlans(period, body.Items), cancellationToken)))
            .RequireAuthorization(policy => policy.RequireRole(SalesCaller.HeadRoles))
            .WithSummary("Set a month's plans (period 2026-12): { items: [{ userId, amount, count }] }, replacing the month's lines")
            .WithDescription("userId null is the sales department's own line (the company's plan; without it, the managers' lines add up). amount in hryvnias (0 to 100,000,000, two decimals), count of deals (0 to 100,000); a user once. SalesHead and Director.")
            .ProducesValidationProblem();
        plans.MapGet("/{period}", async Task<Ok<MonthPlans>> (string period, ClaimsPrincipal user, IMediator mediator, CancellationToken cancellationToken) =>
            TypedResults.Ok(await mediator.Send(new GetPlans(period) { Caller = SalesCaller.From(user) }, cancellationToken)))
            .RequireAuthorization(policy => policy.RequireRole(SalesCaller.ReportRoles))
            .WithSummary("A month's plans: the department's line (userId null) and the managers'; a Manager sees the department's and their own")
            .ProducesValidationProblem();

        var reports = app.MapGroup("/api/reports").WithTags("Sales reports")
            .RequireAuthorization(policy => policy.RequireRole(SalesCaller.ReportRoles))
            .ProducesProblem(StatusCodes.Status403Forbidden);
        reports.MapGet("/plan", async Task<Ok<PlanReport>> (string? period, ClaimsPrincipal user, IMediator mediator, CancellationToken cancellationToken) =>
            TypedResults.Ok(await mediator.Send(new GetPlanReport(period) { Caller = SalesCaller.From(user) }, cancellationToken)))
            .WithSummary("Plan against actual for a month (period 2026-12, this month by default)")
            .WithDescription("actualAmount: deals won in the month (won amount, by owner); paidAmount: what the manager's clients paid against invoices in the month. The company's lines count everyone; a Manager gets them and their own line.")
            .ProducesValidationProblem();
        reports.MapGet("/funnel", async Task<Ok<Funnel>> (
            Guid? pipelineId, DateOnly? from, DateOnly? to, Guid? ownerId, ClaimsPrincipal user, IMediator mediator, CancellationToken cancellationToken) =>
            TypedResults.Ok(await mediator.Send(new GetFunnel(pipelineId ?? Guid.Empty, from, to, ownerId) { Caller = SalesCaller.From(user) }, cancellationToken)))
            .WithSummary("The funnel of a pipeline, from stage history")
            .WithDescription("Deals that entered the pipeline from..to (yyyy-MM-dd, both included; this month by default): per stage reached (ever entered), amount, conversion from the stage before and the median hours of finished stays; won and lost; the forecast of open deals (amount × probability) by expected close month; per owner and for the department against the months' plans. A Manager sees their own deals only.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }
}
