using System.Security.Claims;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OrleansCrm.BuildingBlocks.Audit;
using OrleansCrm.BuildingBlocks.Calendar;
using OrleansCrm.BuildingBlocks.Jobs;
using OrleansCrm.BuildingBlocks.LiveFeed;
using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.Sales.Activities.Demo;
using OrleansCrm.Sales.Activities.Handover;
using OrleansCrm.Sales.Activities.Interactions;
using OrleansCrm.Sales.Activities.Report;
using OrleansCrm.Sales.Activities.Tasks;
using OrleansCrm.Sales.Contracts;
using OrleansCrm.Sales.Storage;

namespace OrleansCrm.Sales.Activities;

/// <summary>Tasks and interactions: the task loop, reminders, planned next steps, the calendar, hand-over to support.</summary>
internal static class ActivitiesSetup
{
    public static IServiceCollection AddActivities(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ActivitiesOptions>().Bind(configuration.GetSection(ActivitiesOptions.Section));
        services.AddCompanyCalendar(configuration);
        // The stores are public (Mediator's handlers take them) with internal constructors (SalesDb is the module's own).
        services.AddSingleton(sp => new TaskStore(
            sp.GetRequiredService<SalesDb>(), sp.GetRequiredService<AuditLog>(), sp.GetRequiredService<IOptions<ActivitiesOptions>>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<CompanyCalendar>(), sp.GetRequiredService<GroupCommitWriter>(), sp.GetRequiredService<ActivityMonths>()));
        services.AddSingleton(sp => new InteractionStore(sp.GetRequiredService<SalesDb>(), sp.GetRequiredService<AuditLog>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILiveFeed>(), sp.GetRequiredService<ActivityMonths>()));
        services.AddSingleton(sp => new ActivityMonths(sp.GetRequiredService<SalesDb>(), sp.GetRequiredService<CompanyCalendar>()));
        services.AddHostedService<ActivityMonthsBuilder>();
        services.AddSingleton(sp => new ActivityReports(sp.GetRequiredService<SalesDb>(), sp.GetRequiredService<CompanyCalendar>(), sp.GetRequiredService<ActivityMonths>()));
        services.AddSingleton(sp => new ActivityLinks(sp.GetRequiredService<IGrainFactory>(), sp.GetRequiredService<Mediator.ISender>(), sp.GetRequiredService<SalesDb>()));
        services.AddSingleton<IDealActivities, DealActivitiesService>();
        services.AddSingleton<TaskReminderJob>();
        services.AddRecurringJob<TaskReminderJob>();
        services.AddSingleton<IDemoDataSeeder, ActivityDemoSeeder>();

        // Each sales user joins their own group: reminders go to the executor, task changes to its author and executor.
        services.AddLiveRoute<TaskDueSoon>(TaskDueSoon.HubMessage, e => [SalesGroups.User(e.ExecutorId)]);
        services.AddLiveRoute<TaskChanged>(TaskChanged.HubMessage, e => e.UserIds.Select(SalesGroups.User).ToList());
        // The heads' calendar shows every manager's interactions (SalesHeads and Directors join that group in DealsSetup).
        services.AddLiveRoute<InteractionChanged>(InteractionChanged.HubMessage, e => [SalesGroups.User(e.OwnerId), LiveGroups.SalesHeads]);
        services.AddLiveGroups(user =>
            SalesCaller.Roles.Any(user.IsInRole) && Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? [SalesGroups.User(id)] : []);
        return services;
    }

    public static IEndpointRouteBuilder MapActivityEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapTaskEndpoints();
        app.MapInteractionEndpoints();
        app.MapActivityReportEndpoint();
        app.MapHandoverEndpoints();
        return app;
    }
}
