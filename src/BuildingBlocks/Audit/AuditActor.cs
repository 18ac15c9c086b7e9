using System.Security.Claims;
using Orleans.Runtime;

namespace OrleansCrm.BuildingBlocks.Audit;

/// <summary>
/// Who made a change, as the audit log keeps it: a signed-in user (their id and name) or a part of the product acting
/// on its own (<see cref="System"/>: no user id, the name says which part: <c>system:dispatcher</c>, <c>system:job:…</c>).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record AuditActor([property: Id(0)] string? UserId, [property: Id(1)] string Name)
{
    /// <summary>What a change made outside any request, job or named part of the product is attributed to (a grain's own timer).</summary>
    public static readonly AuditActor Product = System("product");

    /// <summary>Demo data seeded at start.</summary>
    public static readonly AuditActor Demo = System("demo");

    public static AuditActor System(string part) => new(null, "system:" + part);

    /// <summary>A recurring job's run (<c>system:job:servicedesk.deadline-sweep</c>).</summary>
    public static AuditActor Job(string jobId) => System("job:" + jobId);

    /// <summary>The signed-in user, or null for an anonymous one (nobody signed in changes anything).</summary>
    public static AuditActor? From(ClaimsPrincipal? user) =>
        user?.Identity?.IsAuthenticated == true
            ? new AuditActor(user.FindFirstValue(ClaimTypes.NameIdentifier) ?? user.Identity.Name ?? "?", user.Identity.Name ?? user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "?")
            : null;

    public bool IsSystem => UserId is null;
}

/// <summary>
/// The actor of the code running now, carried in Orleans' <see cref="RequestContext"/>: set once at the edge (the HTTP
/// request's user, a Blazor circuit's user, a job, the demo seeding), it travels with every grain call made from there,
/// grain to grain, and the save pipeline reads it. No command passes it by hand.
/// </summary>
public static class AuditContext
{
    private const string Key = "crm.actor";

    /// <summary>The actor of this flow, or null when nobody set one.</summary>
    public static AuditActor? Current => RequestContext.Get(Key) as AuditActor;

    /// <summary>Makes <paramref name="actor"/> the actor of this flow until disposed (then the one before it again).</summary>
    public static IDisposable Use(AuditActor? actor)
    {
        var previous = Current;
        Set(actor);
        return new Restore(previous);
    }

    private static void Set(AuditActor? actor)
    {
        if (actor is null)
        {
            RequestContext.Remove(Key);
        }
        else
        {
            RequestContext.Set(Key, actor);
        }
    }

    private sealed class Restore(AuditActor? previous) : IDisposable
    {
        public void Dispose() => Set(previous);
    }
}
