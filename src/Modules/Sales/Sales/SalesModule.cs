using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.BuildingBlocks.Texts;
using OrleansCrm.BuildingBlocks.Validation;
using OrleansCrm.Sales.Activities;
using OrleansCrm.Sales.Deals;
using OrleansCrm.Sales.Plans;
using OrleansCrm.Sales.Storage;
using OrleansCrm.Sales.Texts;

namespace OrleansCrm.Sales;

/// <summary>
/// Sales: pipelines and deals with their stage robots (Deals/), tasks and interactions (Activities/), monthly plans, the
/// funnel and the wall's plan tile (Plans/). Registers the module's services; the host adds Mediator and the endpoints.
/// </summary>
public static class SalesModule
{
    public static IServiceCollection AddSalesModule(this IServiceCollection services, IConfiguration configuration)
    {
        ServerTexts.Register(SalesTexts.Module, SalesTexts.Resources);
        services.AddMessageValidators(typeof(SalesModule).Assembly);
        services.AddSingleton<IModuleSchema, SalesSchema>();
        services.AddSingleton<SalesDb>();

        services.AddDeals(configuration);
        services.AddActivities(configuration);
        services.AddPlans(configuration);
        return services;
    }
}
