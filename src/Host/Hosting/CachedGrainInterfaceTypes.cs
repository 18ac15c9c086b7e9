using System.Collections.Concurrent;
using Orleans.Metadata;
using Orleans.Serialization.TypeSystem;

namespace OrleansCrm.Host.Hosting;

/// <summary>
/// Remembers which <see cref="GrainInterfaceType"/> each grain interface has. Orleans works it out from the interface's
/// attributes on every <c>GetGrain</c> (reflection: about 3 % of the host's CPU while opening tickets, measured with perf),
/// though the answer never changes. Registered first among the providers, it answers for non-generic interfaces from a
/// cache filled by the other providers and Orleans' conventions; generic ones it leaves to them (Orleans adds their type
/// arguments to whatever a provider answers).
/// </summary>
internal sealed class CachedGrainInterfaceTypes(IServiceProvider services) : IGrainInterfaceTypeProvider
{
    private readonly ConcurrentDictionary<Type, GrainInterfaceType> _known = new();
    private GrainInterfaceTypeResolver? _resolver;

    public bool TryGetGrainInterfaceType(Type type, out GrainInterfaceType grainInterfaceType)
    {
        if (type.IsGenericType)
        {
            grainInterfaceType = default;
            return false;
        }

        grainInterfaceType = _known.GetOrAdd(type, static (t, self) => self.Resolver.GetGrainInterfaceType(t), this);
        return true;
    }

    /// <summary>Orleans' own resolution, over every provider but this one.</summary>
    private GrainInterfaceTypeResolver Resolver => _resolver ??= new GrainInterfaceTypeResolver(
        services.GetServices<IGrainInterfaceTypeProvider>().Where(p => !ReferenceEquals(p, this)),
        services.GetRequiredService<TypeConverter>());

    /// <summary>Puts the cache in front of the providers Orleans registered.</summary>
    public static void AddTo(IServiceCollection services) =>
        services.Insert(0, ServiceDescriptor.Singleton<IGrainInterfaceTypeProvider, CachedGrainInterfaceTypes>());
}
