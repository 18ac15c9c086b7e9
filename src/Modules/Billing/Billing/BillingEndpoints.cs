using Microsoft.AspNetCore.Routing;
using OrleansCrm.Billing.Reports;

namespace OrleansCrm.Billing;

/// <summary>Billing's HTTP API (documents, the monthly run, payments, the wall's figures): camelCase JSON, ProblemDetails.</summary>
public static class BillingEndpoints
{
    public static IEndpointRouteBuilder MapBillingEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapBillingReports();
        return app;
    }
}
