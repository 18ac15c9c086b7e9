using System.Data.Common;
using System.Text.Json;
using System.Text.Json.Serialization;
using OrleansCrm.BuildingBlocks.Ids;
using OrleansCrm.BuildingBlocks.Persistence;

namespace OrleansCrm.BuildingBlocks.Audit;

/// <summary>
/// The audit log's one table (<c>audit.entries</c> on PostgreSQL, <c>audit_entries</c> on SQLite; created by the Audit
/// module's migrations) as writers see it: an INSERT to run in the transaction of the change it describes. A grain's
/// entry has an id made from the entity and the version, so the same version is never logged twice (a repeated
/// statement changes nothing); a user's entry has a new id.
/// </summary>
public sealed class AuditLog(DatabaseOptions database)
{
    public const string Module = "audit";

    /// <summary>Most characters a change's text keeps; past it the list ends with <c>…</c>.</summary>
    public const int MaxChangesLength = 4000;

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly string _insert = $"""
        INSERT INTO {new ModuleTables(database.Provider, Module).Sql("entries")}
            (id, entity, entity_id, version, module, actor_id, actor_name, at, action, changes)
        VALUES (@id, @entity, @entity_id, @version, @module, @actor_id, @actor_name, @at, @action, @changes)
        ON CONFLICT (id) DO NOTHING
        """;

    /// <summary>The table as SQL names it.</summary>
    public string Table { get; } = new ModuleTables(database.Provider, Module).Sql("entries");

    public DatabaseOptions Database => database;

    /// <summary>The stable id of a versioned entity's entry: one per stored version.</summary>
    public static Guid IdOf(string entity, string entityId, int version) => DeterministicGuid.Create("audit", $"{entity}/{entityId}/{version}");

    public SqlStatement Insert(AuditEntry entry) => new SqlStatement(_insert)
        .Add("@id", database.DbId(entry.Id))
        .Add("@entity", entry.Entity)
        .Add("@entity_id", entry.EntityId)
        .Add("@version", entry.Version)
        .Add("@module", entry.Module)
        .Add("@actor_id", entry.Actor.UserId)
        .Add("@actor_name", Truncate(entry.Actor.Name, 200))
        .Add("@at", entry.At.ToUnixTimeMilliseconds())
        .Add("@action", entry.Action)
        .Add("@changes", Serialize(entry.Changes));

    /// <summary>Runs <see cref="Insert"/> on a connection inside <paramref name="transaction"/> (EF Core's, for modules without grains).</summary>
    public async Task WriteAsync(DbConnection connection, DbTransaction? transaction, AuditEntry entry, CancellationToken cancellationToken)
    {
        var statement = Insert(entry);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = statement.Sql;
        foreach (var (name, value) in statement.Parameters)
        {
            command.AddParameter(name, value);
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public static string Serialize(IReadOnlyList<AuditChange> changes)
    {
        var json = JsonSerializer.Serialize(changes, Json);
        if (json.Length <= MaxChangesLength)
        {
            return json;
        }

        // Keep whole changes while they fit, then say that more changed.
        var kept = new List<AuditChange>();
        foreach (var change in changes)
        {
            kept.Add(change);
            if (JsonSerializer.Serialize(kept, Json).Length > MaxChangesLength - 100)
            {
                kept[^1] = new AuditChange("…", null, null);
                break;
            }
        }

        return JsonSerializer.Serialize(kept, Json);
    }

    public static IReadOnlyList<AuditChange> Deserialize(string? json) =>
        string.IsNullOrEmpty(json) ? [] : JsonSerializer.Deserialize<List<AuditChange>>(json, Json) ?? [];

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];
}
