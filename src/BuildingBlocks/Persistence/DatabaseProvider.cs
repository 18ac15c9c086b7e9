namespace OrleansCrm.BuildingBlocks.Persistence;

/// <summary>Which database the whole product runs on: grain state, read tables and (in server mode) clustering.</summary>
public enum DatabaseProvider
{
    /// <summary>Embedded default: one file under ./data, a single host.</summary>
    Sqlite,

    /// <summary>Server mode: several hosts on one database form one Orleans cluster.</summary>
    PostgreSql,
}
