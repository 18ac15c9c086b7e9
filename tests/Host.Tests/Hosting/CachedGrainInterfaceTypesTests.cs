using Microsoft.Extensions.DependencyInjection;
using Orleans.Metadata;
using Orleans.Serialization.TypeSystem;
using OrleansCrm.Host.Hosting;
using OrleansCrm.Host.Tests.Api;
using OrleansCrm.Testing;

namespace OrleansCrm.Host.Tests.Hosting;

/// <summary>The cache of grain interface types answers what Orleans itself would, for every grain interface of the product.</summary>
[Collection(SqliteHostCollection.Name)]
public sealed class CachedGrainInterfaceTypesTests(SqliteHostFixture fixture)
{
    [Fact]
    public void The_host_resolves_every_grain_interface_through_the_cache_as_Orleans_does_without_it()
    {
        var services = fixture.Host.Services;
        var providers = services.GetServices<IGrainInterfaceTypeProvider>().ToList();
        var uncached = new GrainInterfaceTypeResolver(providers.Where(p => p is not CachedGrainInterfaceTypes), services.GetRequiredService<TypeConverter>());
        var resolver = services.GetRequiredService<GrainInterfaceTypeResolver>();
        var interfaces = AppDomain.CurrentDomain.GetAssemblies()
            .Where(a => a.GetName().Name!.StartsWith("OrleansCrm.", StringComparison.Ordinal))
            .SelectMany(a => a.GetTypes())
            .Where(t => t.IsInterface && typeof(IGrain).IsAssignableFrom(t) && t != typeof(IGrain))
            .ToList();

        Assert.IsType<CachedGrainInterfaceTypes>(providers[0]);
        Assert.Contains(interfaces, t => t.Name == "ITicketGrain");
        foreach (var type in interfaces)
        {
            Assert.Equal(uncached.GetGrainInterfaceType(type), resolver.GetGrainInterfaceType(type));
            Assert.Equal(uncached.GetGrainInterfaceType(type), resolver.GetGrainInterfaceType(type)); // the second from the cache
        }
    }
}
