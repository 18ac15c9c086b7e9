using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace OrleansCrm.Sales.Plans;

/// <summary>Monthly plans, plan against actual, the funnel, manager activity, and the wall's plan tile.</summary>
internal static class PlansSetup
{
    public static IServiceCollection AddPlans(this IServiceCollection services, IConfiguration configuration)
    {
        return services;
    }

    public static IEndpointRouteBuilder MapPlanEndpoints(this IEndpointRouteBuilder app)
    {
        return app;
    }
}
