namespace OrleansCrm.BuildingBlocks.Audit;

/// <summary>
/// One change as the audit log keeps it. <see cref="Entity"/> is the kind (<c>client</c>, <c>ticket</c>, <c>specialist</c>,
/// <c>user</c>), <see cref="Module"/> the module whose texts name its fields, <see cref="Version"/> the stored version the
/// change made (null where the entity has none: users), <see cref="Action"/> a code (the command: <c>Create</c>,
/// <c>Update</c>, <c>Accept</c>, <c>SetRoles</c>…), <see cref="Changes"/> what changed.
/// </summary>
public sealed record AuditEntry(
    Guid Id,
    string Entity,
    string EntityId,
    int? Version,
    string Module,
    AuditActor Actor,
    DateTimeOffset At,
    string Action,
    IReadOnlyList<AuditChange> Changes);

/// <summary>
/// A changed field: its name as the API spells it, the value before and after as short text (null: none). A long list
/// or object is shown by its size (<c>[3]</c>) or as <c>…</c>; <see cref="Kind"/> says how to show the values:
/// <c>enum:&lt;Type&gt;</c> (translated as the module's <c>Type_Value</c>), <c>date</c> (a moment, in the reader's
/// culture), <c>secret</c> (a password: never a value), or null for text.
/// </summary>
public sealed record AuditChange(string Field, string? From, string? To, string? Kind = null);
