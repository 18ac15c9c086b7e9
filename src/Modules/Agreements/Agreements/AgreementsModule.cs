using System.Security.Claims;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OrleansCrm.Agreements.Contracts;
using OrleansCrm.Agreements.Jobs;
using OrleansCrm.Agreements.Lifecycle;
using OrleansCrm.Agreements.ReadModel;
using OrleansCrm.Agreements.Support;
using OrleansCrm.Agreements.Templates;
using OrleansCrm.Agreements.Texts;
using OrleansCrm.BuildingBlocks.Calendar;
using OrleansCrm.BuildingBlocks.Jobs;
using OrleansCrm.BuildingBlocks.LiveFeed;
using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.BuildingBlocks.Printing;
using OrleansCrm.BuildingBlocks.Security;
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
        services.AddOptions<AgreementsOptions>().Bind(configuration.GetSection(AgreementsOptions.Section));
        services.AddMessageValidators(typeof(AgreementsModule).Assembly);

        services.AddCompanyCalendar(configuration);
        services.AddSingleton<IModuleSchema, AgreementsSchema>();
        services.AddSingleton<ContractProjection>();
        services.AddSingleton<ContractRows>();
        services.AddSingleton<ContractNumbers>();
        services.AddSingleton<SupportStatusRule>();
        services.AddSingleton<TemplateCatalogue>();
        services.AddHostedService<TemplateSeeding>();
        services.AddRecurringJob<AgreementsDailyJob>();

        // A contract ending soon is told to the client's manager; every user who may manage clients joins their own group.
        services.AddLiveRoute<ContractEnding>(ContractEnding.HubMessage, e => [ContractEnding.ManagerGroup(e.ManagerId)]);
        services.AddLiveGroups(user =>
            (user.IsInRole(CrmRoles.Manager) || user.IsInRole(CrmRoles.SalesHead) || user.IsInRole(CrmRoles.Director))
            && Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id)
                ? [ContractEnding.ManagerGroup(id)]
                : []);
        return services;
    }
}
