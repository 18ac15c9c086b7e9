using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace OrleansCrm.Sales.Activities;

/// <summary>Tasks and interactions: the task loop, reminders, planned next steps, the calendar, hand-over to support.</summary>
internal static class ActivitiesSetup
{
    public static IServiceCollection AddActivities(this IServiceCollection services, IConfiguration configuration)
    {
        return services;
    }

    public static IEndpointRouteBuilder MapActivityEndpoints(this IEndpointRouteBuilder app)
    {
        return app;
    }
}
