using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace OrleansCrm.BuildingBlocks.Jobs;

public static class RecurringJobs
{
    /// <summary>
    /// Registers a recurring job; the host schedules every registered job when it starts (adding or updating its
    /// schedule, so restarts and several hosts are harmless). The job is created per run, in a scope of its own.
    /// </summary>
    public static IServiceCollection AddRecurringJob<TJob>(this IServiceCollection services)
        where TJob : class, IRecurringJob
    {
        services.TryAddEnumerable(ServiceDescriptor.Transient<IRecurringJob, TJob>());
        return services;
    }
}
