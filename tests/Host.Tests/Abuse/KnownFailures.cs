namespace OrleansCrm.Host.Tests.Abuse;

/// <summary>
/// Cases of the corpus that still answer 500 because their fix lives in a module and is on another branch of issue 16
/// (clients' <c>contacts: [null]</c>, validators' <c>IsInEnum</c>, …). Each entry is "METHOD /path: case" as the
/// corpus names it. The lead empties this list after merging those branches; a case listed here that no longer fails
/// is reported too, so the list cannot go stale unnoticed.
/// </summary>
public static class KnownFailures
{
    public static readonly IReadOnlySet<string> PendingModuleFixes = new HashSet<string>(StringComparer.Ordinal)
    {
    };

    public static readonly IReadOnlySet<string> PendingModuleFixesOnPostgreSql = new HashSet<string>(StringComparer.Ordinal)
    {
        // PostgreSQL only: page=2147483647 makes the list's offset overflow (negative OFFSET); the modules' list
        // validators need an upper bound on page (Clients, Staff, ServiceDesk). SQLite takes the negative offset.
        "GET /api/clients: query page: int max",
        "GET /api/specialists: query page: int max",
        "GET /api/tickets: query page: int max",
    };
}
