using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OrleansCrm.Billing.Contracts;
using OrleansCrm.Billing.Demo;
using OrleansCrm.Billing.Documents;
using OrleansCrm.Billing.Mail;
using OrleansCrm.Billing.MonthlyRun;
using OrleansCrm.Billing.Packages;
using OrleansCrm.Billing.Payments;
using OrleansCrm.Billing.Reports;
using OrleansCrm.Billing.Storage;
using OrleansCrm.Billing.Texts;
using OrleansCrm.Billing.Unbilled;
using OrleansCrm.Billing.Wall;
using OrleansCrm.BuildingBlocks.Audit;
using OrleansCrm.BuildingBlocks.Calendar;
using OrleansCrm.BuildingBlocks.Jobs;
using OrleansCrm.BuildingBlocks.LiveFeed;
using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.BuildingBlocks.Printing;
using OrleansCrm.BuildingBlocks.Texts;
using OrleansCrm.BuildingBlocks.Validation;

namespace OrleansCrm.Billing;

/// <summary>
/// Money: invoices, acts and proposals with gapless numbers, the monthly run, bank statements and payment matching, and
/// the figures the director's wall shows. Registers the module's services; the host adds Mediator and the endpoints.
/// </summary>
public static class BillingModule
{
    private static readonly string[] MoneyGroup = [LiveGroups.Money];

    public static IServiceCollection AddBillingModule(this IServiceCollection services, IConfiguration configuration)
    {
        ServerTexts.Register(BillingTexts.Module, BillingTexts.Resources);
        services.AddOptions<CompanyProfile>().Bind(configuration.GetSection(CompanyProfile.Section));
        services.AddOptions<BillingOptions>().Bind(configuration.GetSection(BillingOptions.Section));
        services.AddOptions<SmtpOptions>().Bind(configuration.GetSection(SmtpOptions.Section));
        services.AddMessageValidators(typeof(BillingModule).Assembly);
        services.AddSingleton<IModuleSchema, BillingSchema>();

        services.AddSingleton<BillingDb>();
        services.AddSingleton(sp => new DocumentStore(
            sp.GetRequiredService<BillingDb>(), sp.GetRequiredService<AuditLog>(), sp.GetRequiredService<IOptions<CompanyProfile>>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetServices<IMoneyChanges>()));
        services.AddSingleton<BillingClients>();
        services.AddSingleton<DocumentAccess>();
        services.AddSingleton<DocumentPrinting>();
        services.AddSingleton<DocumentMailer>();
        services.AddSingleton<MonthlyRunService>();
        services.AddSingleton<ClientPackages>();
        services.AddRecurringJob<MonthlyRunJob>();
        services.AddSingleton<IDemoDataSeeder, BillingDemoSeeder>();
        services.AddUnbilledWork();
        services.AddPayments(configuration);
        // Reports and the wall's money tiles. The calendar is the service desk's (its time zone): replaced in tests.
        services.AddCompanyCalendar(configuration);
        services.AddSingleton(sp => new MoneyReadings(sp.GetRequiredService<DatabaseOptions>()));
        services.AddSingleton(sp => new MoneyReports(sp.GetRequiredService<MoneyReadings>(), sp.GetRequiredService<CompanyCalendar>(), sp.GetRequiredService<Mediator.ISender>()));
        services.AddSingleton<IMoneyChanges, MoneyChanges>();
        // Money figures go to their own group, not to the wall's: Dispatchers hear the wall but may not see money.
        services.AddLiveRoute<MoneyChanged>(MoneyChanged.HubMessage, _ => MoneyGroup);
        services.AddLiveGroups(user => MoneyAccess.CanSee(user) ? MoneyGroup : []);
        return services;
    }
}
