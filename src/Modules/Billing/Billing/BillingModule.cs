using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OrleansCrm.Billing.Demo;
using OrleansCrm.Billing.Documents;
using OrleansCrm.Billing.Mail;
using OrleansCrm.Billing.MonthlyRun;
using OrleansCrm.Billing.Packages;
using OrleansCrm.Billing.Payments;
using OrleansCrm.Billing.Storage;
using OrleansCrm.Billing.Texts;
using OrleansCrm.Billing.Wall;
using OrleansCrm.BuildingBlocks.Audit;
using OrleansCrm.BuildingBlocks.Jobs;
using OrleansCrm.Billing.Unbilled;
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
    public static IServiceCollection AddBillingModule(this IServiceCollection services, IConfiguration configuration)
    {
        ServerTexts.Register(BillingTexts.Module, BillingTexts.Resources);
        services.AddOptions<CompanyProfile>().Bind(configuration.GetSection(CompanyProfile.Section));
        services.AddOptions<BillingOptions>().Bind(configuration.GetSection(BillingOptions.Section));
        services.AddOptions<SmtpOptions>().Bind(configuration.GetSection(SmtpOptions.Section));
        services.AddMessageValidators(typeof(BillingModule).Assembly);
        services.AddSingleton<IModuleSchema, BillingSchema>();

        services.AddSingleton<BillingDb>();
        // The wall helper registers IMoneyChanges; until then none is, and the store tells nobody (IEnumerable resolves empty).
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
        return services;
    }
}
