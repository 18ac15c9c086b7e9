namespace OrleansCrm.BuildingBlocks.Audit;

/// <summary>
/// On a grain class: the calls it makes are its own decisions, so the changes they cause are logged as
/// <c>system:&lt;part&gt;</c>, not as the user whose request happened to wake it (the dispatcher assigning a waiting
/// ticket when someone else's ticket closes). Applied by <see cref="AuditCallFilter"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class ActsAsSystemAttribute(string part) : Attribute
{
    public string Part { get; } = part;
}

/// <summary>
/// On a grain method that stores derived bookkeeping only (a specialist's load and counters follow their tickets, which
/// are audited): its saves write no audit entry. Say why in <paramref name="reason"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = true)]
public sealed class NotAuditedAttribute(string reason) : Attribute
{
    public string Reason { get; } = reason;
}
