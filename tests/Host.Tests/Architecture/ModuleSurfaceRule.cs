using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Mediator;

namespace OrleansCrm.Host.Tests.Architecture;

/// <summary>
/// Web and Host may use a module's own project (not its Contracts) only through the surface it declares:
/// <list type="bullet">
/// <item>public types in the module's root namespace (<c>OrleansCrm.Clients</c>: <c>AddClientsModule</c>, <c>MapClientEndpoints</c>, options);</item>
/// <item>its Mediator requests (the use cases a page or endpoint sends) and the types they carry and answer, found
/// through their public properties, constructor parameters and response type;</item>
/// <item>for Host only, its Mediator handlers and the messages they handle: the source generator that wires them runs in Host.</item>
/// </list>
/// What is used is read from the compiled assembly's type references, so a type named only in generated code counts too.
/// </summary>
public static class ModuleSurfaceRule
{
    /// <summary>The types of <paramref name="module"/> that <paramref name="consumer"/> refers to, from its metadata.</summary>
    public static IReadOnlyList<Type> TypesUsed(Assembly consumer, Assembly module)
    {
        using var stream = File.OpenRead(consumer.Location);
        using var pe = new PEReader(stream);
        var metadata = pe.GetMetadataReader();
        var moduleName = module.GetName().Name;
        var used = new List<Type>();
        foreach (var handle in metadata.TypeReferences)
        {
            var (scope, name) = FullName(metadata, handle);
            if (scope == moduleName && module.GetType(name) is { } type)
            {
                used.Add(type);
            }
        }

        return used;
    }

    /// <summary>What <paramref name="consumer"/> (Web or Host) uses of <paramref name="module"/> outside its surface, minus the known exceptions.</summary>
    public static IEnumerable<string> Violations(string consumer, Assembly module, IEnumerable<Type> used, IReadOnlySet<string> exceptions)
    {
        var surface = Surface(module, includeHandlers: consumer == "Host");
        return used.Where(t => !surface.Contains(t) && !exceptions.Contains(t.FullName!)).Select(t => t.FullName!).Distinct().Order()
            .Select(t => $"{consumer} uses {t}, an internal of {module.GetName().Name}: use its Contracts, its root namespace or a use case's request.");
    }

    public static IReadOnlySet<Type> Surface(Assembly module, bool includeHandlers)
    {
        var root = module.GetName().Name!;
        var types = module.GetTypes();
        var surface = types.Where(t => t.IsPublic && t.Namespace == root).ToHashSet();
        var pending = new Stack<Type>(types.Where(IsRequest));
        var seen = new HashSet<Type>();
        while (pending.TryPop(out var type))
        {
            if (!seen.Add(type))
            {
                continue;
            }

            IEnumerable<Type> next = type.IsArray ? [type.GetElementType()!] : type.IsGenericType ? type.GetGenericArguments() : [];
            if (type.Assembly == module)
            {
                // What a request carries and answers is part of it; other assemblies' types only lead to their generic arguments.
                surface.Add(type);
                next = next.Concat(type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => p.PropertyType))
                    .Concat(type.GetConstructors().SelectMany(c => c.GetParameters()).Select(p => p.ParameterType))
                    .Concat(type.GetInterfaces().Where(i => i.IsGenericType && i.Namespace == "Mediator").SelectMany(i => i.GetGenericArguments()))
                    .Concat(type.BaseType is { } parent ? [parent] : []);
            }

            foreach (var carried in next)
            {
                pending.Push(carried);
            }
        }

        if (includeHandlers)
        {
            var handlers = types.Where(t => t.GetInterfaces().Any(i => i.Namespace == "Mediator" && i.Name.Contains("Handler", StringComparison.Ordinal))).ToList();
            surface.UnionWith(handlers);
            // The generator names what they handle too: a notification a module publishes and handles itself (Sales' TaskFinished).
            surface.UnionWith(handlers.SelectMany(h => h.GetInterfaces())
                .Where(i => i.Namespace == "Mediator" && i.IsGenericType && i.Name.Contains("Handler", StringComparison.Ordinal))
                .SelectMany(i => i.GetGenericArguments()).Where(t => t.Assembly == module));
        }

        return surface;
    }

    private static bool IsRequest(Type type) =>
        type is { IsClass: true, IsAbstract: false } && typeof(IMessage).IsAssignableFrom(type) && !typeof(INotification).IsAssignableFrom(type);

    /// <summary>The referenced assembly's name and the type's reflection name (nested types as Outer+Inner).</summary>
    private static (string? Assembly, string Name) FullName(MetadataReader metadata, TypeReferenceHandle handle)
    {
        var reference = metadata.GetTypeReference(handle);
        var name = metadata.GetString(reference.Name);
        var space = metadata.GetString(reference.Namespace);
        var scope = reference.ResolutionScope;
        if (scope.Kind == HandleKind.TypeReference)
        {
            var (assembly, outer) = FullName(metadata, (TypeReferenceHandle)scope);
            return (assembly, outer + "+" + name);
        }

        var full = space.Length == 0 ? name : space + "." + name;
        return scope.Kind == HandleKind.AssemblyReference
            ? (metadata.GetString(metadata.GetAssemblyReference((AssemblyReferenceHandle)scope).Name), full)
            : (null, full);
    }
}
