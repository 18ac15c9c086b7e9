using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OrleansCrm.BuildingBlocks.Calendar;
using OrleansCrm.BuildingBlocks.Jobs;
using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.BuildingBlocks.Texts;
using OrleansCrm.BuildingBlocks.Validation;
using OrleansCrm.ServiceDesk.LiveFeed;
using OrleansCrm.ServiceDesk.ReadModel;
using OrleansCrm.ServiceDesk.Sla;
using OrleansCrm.ServiceDesk.Texts;

namespace OrleansCrm.ServiceDesk;

public static class ServiceDeskModule
{
    public static IServiceCollection AddServiceDeskModule(this IServiceCollection services, IConfiguration configuration)
    {
        ServerTexts.Register(ServiceDeskTexts.Module, ServiceDeskTexts.Resources);
        services.Configure<ServiceDeskOptions>(configuration.GetSection(ServiceDeskOptions.Section));
        // ReadFrom replaces the default lists (working days, holidays); the plain binder would append to them. The zone is
        // the company's (one setting for contracts, money and the SLA), and the SLA counts in the kit's work calendar.
        services.AddCompanyCalendar(configuration);
        services.AddOptions<SlaOptions>().Configure<CompanyCalendar>((options, company) =>
            options.ReadFrom(configuration.GetSection(SlaOptions.Section)).InZone(company.Zone));
        services.AddSingleton(sp => new SlaClock(sp.GetRequiredService<IOptions<SlaOptions>>().Value, sp.GetRequiredService<WorkCalendar>()));

        services.AddMessageValidators(typeof(ServiceDeskModule).Assembly);

        services.AddPooledDbContextFactory<ServiceDeskDbContext>((sp, options) => ModuleTables.UseProvider(options, sp.GetRequiredService<DatabaseOptions>()));
        services.AddSingleton<IModuleSchema, ServiceDeskSchema>();
        services.AddSingleton<TicketProjection>();
        services.AddSingleton<Tickets.TicketNumbers>();
        services.AddRecurringJob<Tickets.DeadlineSweep>();
        services.AddRecurringJob<Reconciliation.LoadReconciliation>();
        services.AddServiceDeskLiveFeed();
        return services;
    }
}
