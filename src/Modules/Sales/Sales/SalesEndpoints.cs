using Microsoft.AspNetCore.Routing;
using OrleansCrm.Sales.Activities;
using OrleansCrm.Sales.Deals;
using OrleansCrm.Sales.Plans;

namespace OrleansCrm.Sales;

/// <summary>
/// Sales' HTTP API: pipelines and deals (<c>/api/pipelines</c>, <c>/api/deals</c>), tasks and interactions
/// (<c>/api/tasks</c>, <c>/api/interactions</c>), plans and reports (<c>/api/plans</c>, <c>/api/reports/*</c>).
/// camelCase JSON, enums as strings, ProblemDetails.
/// </summary>
public static class SalesEndpoints
{
    public static IEndpointRouteBuilder MapSalesEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapDealEndpoints();
        app.MapActivityEndpoints();
        app.MapPlanEndpoints();
        return app;
    }
}
