using System.Collections.Concurrent;
using System.Reflection;

namespace OrleansCrm.BuildingBlocks.Audit;

/// <summary>
/// Outgoing grain calls: a call made by a grain marked <see cref="ActsAsSystemAttribute"/> carries that part of the
/// product as its actor. Every other call carries the actor of the flow it is made in (Orleans copies the request
/// context), so a user's request keeps its user down the whole chain of grains.
/// </summary>
public sealed class AuditCallFilter : IOutgoingGrainCallFilter
{
    private static readonly ConcurrentDictionary<Type, AuditActor?> Parts = new();

    public async Task Invoke(IOutgoingGrainCallContext context)
    {
        if (context.SourceContext?.GrainInstance is { } source
            && Parts.GetOrAdd(source.GetType(), type => type.GetCustomAttribute<ActsAsSystemAttribute>() is { } part ? AuditActor.System(part.Part) : null) is { } actor
            && AuditContext.Current != actor)
        {
            using (AuditContext.Use(actor))
            {
                await context.Invoke();
            }

            return;
        }

        await context.Invoke();
    }
}
