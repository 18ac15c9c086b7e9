using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace OrleansCrm.Sales.Deals;

/// <summary>Pipelines and deals: stages, required fields, robots and triggers, pause, win and lose, stage history.</summary>
internal static class DealsSetup
{
    public static IServiceCollection AddDeals(this IServiceCollection services, IConfiguration configuration)
    {
        return services;
    }

    public static IEndpointRouteBuilder MapDealEndpoints(this IEndpointRouteBuilder app)
    {
        return app;
    }
}
