using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OrleansCrm.Agreements.Texts;
using OrleansCrm.BuildingBlocks.Printing;
using OrleansCrm.BuildingBlocks.Texts;
using OrleansCrm.BuildingBlocks.Validation;

namespace OrleansCrm.Agreements;

/// <summary>
/// Contracts with clients: templates of clauses, contracts with their supplementary agreements, the client's support
/// status following them, expiry and renewal. Registers the module's services; the host adds Mediator and the endpoints.
/// </summary>
public static class AgreementsModule
{
    public static IServiceCollection AddAgreementsModule(this IServiceCollection services, IConfiguration configuration)
    {
        ServerTexts.Register(AgreementsTexts.Module, AgreementsTexts.Resources);
        services.AddOptions<CompanyProfile>().Bind(configuration.GetSection(CompanyProfile.Section));
        services.AddMessageValidators(typeof(AgreementsModule).Assembly);
        return services;
    }
}
