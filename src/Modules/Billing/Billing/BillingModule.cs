using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OrleansCrm.Billing.Payments;
using OrleansCrm.Billing.Storage;
using OrleansCrm.Billing.Texts;
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
        services.AddMessageValidators(typeof(BillingModule).Assembly);
        services.AddSingleton<IModuleSchema, BillingSchema>();
        services.AddPayments(configuration);
        return services;
    }
}
