using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.BuildingBlocks.Texts;
using OrleansCrm.BuildingBlocks.Validation;
using OrleansCrm.Clients.Cards;
using OrleansCrm.Clients.Demo;
using OrleansCrm.Clients.Domain;
using OrleansCrm.Clients.ReadModel;
using OrleansCrm.Clients.Texts;

namespace OrleansCrm.Clients;

public static class ClientsModule
{
    /// <summary>Registers the module's services; the host adds Mediator (which finds the handlers) and the endpoints.</summary>
    public static IServiceCollection AddClientsModule(this IServiceCollection services, IConfiguration configuration)
    {
        ServerTexts.Register(ClientsTexts.Module, ClientsTexts.Resources);
        services.Configure<ClientsOptions>(configuration.GetSection(ClientsOptions.Section));
        services.AddSingleton(sp => new PhoneNumberNormalizer(sp.GetRequiredService<IOptions<ClientsOptions>>().Value.DefaultCountry));
        services.AddSingleton<ClientCardFactory>();
        services.AddSingleton<ClientInputValidator>();
        services.AddMessageValidators(typeof(ClientsModule).Assembly);

        services.AddPooledDbContextFactory<ClientsDbContext>((sp, options) => ModuleTables.UseProvider(options, sp.GetRequiredService<DatabaseOptions>()));
        services.AddSingleton<IModuleSchema, ClientsSchema>();
        services.AddSingleton<ClientProjection>();
        services.AddSingleton<IDemoDataSeeder, ClientDemoSeeder>();
        return services;
    }
}
