using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.Extensions.DependencyInjection;
using OrleansCrm.Web.Admin;
using OrleansCrm.Web.Clients;
using OrleansCrm.Web.Dispatch;
using OrleansCrm.Web.MyTickets;
using OrleansCrm.Web.Resources;
using OrleansCrm.Web.Shared;
using OrleansCrm.Web.Staff;
using OrleansCrm.Web.Tickets;
using OrleansCrm.Web.Wall;
using Radzen;

namespace OrleansCrm.Web;

public static class WebUi
{
    /// <summary>What the pages need: Radzen's services, the texts in three languages, and the workplaces' services.</summary>
    public static IServiceCollection AddWebUi(this IServiceCollection services)
    {
        services.AddOptions<WebUiOptions>();
        services.AddRadzenComponents();
        services.AddRadzenCookieThemeService(theme => theme.Name = UiThemes.Cookie);
        services.AddSingleton<ILocalizer, RadzenTexts>();
        services.AddLocalization();
        services.AddCascadingAuthenticationState();
        services.AddSingleton<LocalTime>();
        // Scoped: one per circuit, like the user it serves.
        services.AddScoped<ClientsService>();
        services.AddScoped<OrleansCrm.Web.Contracts.ContractsService>();
        services.AddScoped<TicketsService>();
        services.AddScoped<WallService>();
        services.AddScoped<MoneyService>();
        services.AddScoped<OrleansCrm.Web.Sales.Plans.PlansService>();
        services.AddScoped<DispatchService>();
        services.AddScoped<MyTicketsService>();
        services.AddScoped<StaffService>();
        services.AddScoped<UsersService>();
        services.AddScoped<OrleansCrm.Web.Billing.UnbilledService>();
        services.AddScoped<OrleansCrm.Web.Sales.Activities.ActivitiesService>();
        services.AddScoped<OrleansCrm.Web.Sales.Deals.DealsService>();
        services.AddScoped<OrleansCrm.Web.Sales.Deals.ClientEventsService>();
        services.AddScoped<CircuitConnection>();
        services.AddScoped<CircuitHandler>(provider => provider.GetRequiredService<CircuitConnection>());
        services.AddScoped<CircuitHandler, OrleansCrm.Web.Audit.AuditCircuitActor>();
        services.AddScoped<OrleansCrm.Web.Audit.AuditService>();
        services.AddScoped<OrleansCrm.Web.Billing.BillingDocumentsService>();
        return services;
    }
}
