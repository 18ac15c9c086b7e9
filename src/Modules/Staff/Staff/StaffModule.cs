using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OrleansCrm.BuildingBlocks.Jobs;
using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.BuildingBlocks.Texts;
using OrleansCrm.BuildingBlocks.Validation;
using OrleansCrm.Staff.Demo;
using OrleansCrm.Staff.LiveFeed;
using OrleansCrm.Staff.ReadModel;
using OrleansCrm.Staff.Specialists;
using OrleansCrm.Staff.Texts;

namespace OrleansCrm.Staff;

public static class StaffModule
{
    /// <summary>Registers the module's services; the host adds Mediator (which finds the handlers) and the endpoints.</summary>
    public static IServiceCollection AddStaffModule(this IServiceCollection services, IConfiguration configuration)
    {
        ServerTexts.Register(StaffTexts.Module, StaffTexts.Resources);
        services.AddMessageValidators(typeof(StaffModule).Assembly);

        services.AddPooledDbContextFactory<StaffDbContext>((sp, options) => ModuleTables.UseProvider(options, sp.GetRequiredService<DatabaseOptions>()));
        services.AddSingleton<IModuleSchema, StaffSchema>();
        services.AddSingleton<SpecialistProjection>();
        services.AddRecurringJob<AbsenceCatchUp>();
        services.AddSingleton<IDemoDataSeeder, SpecialistDemoSeeder>();
        services.AddStaffLiveFeed();
        return services;
    }
}
