using System.Globalization;
using System.Runtime.InteropServices;
using Orleans.Runtime;
using Orleans.Storage;
using OrleansCrm.BuildingBlocks.Persistence;

namespace OrleansCrm.Host.Persistence;

/// <summary>
/// Grain state in <c>orleans_storage</c> (the table and keys of our Orleans ADO.NET schema, so rows written by either
/// stay readable), but every write goes through the <see cref="GroupCommitWriter"/>: state writes and projections that
/// arrive together share one transaction. Orleans' own ADO.NET provider commits each write alone, which made a ticket's
/// two state writes the largest cost of opening it (benchmarks/results/service-desk.md).
/// <para>
/// Optimistic concurrency as Orleans expects: the ETag is the stored version; a write with a stale version (or an
/// insert where a row already exists) changes nothing and throws <see cref="InconsistentStateException"/>.
/// </para>
/// </summary>
internal sealed class GroupCommitGrainStorage(DatabaseOptions database, GroupCommitWriter writer, IGrainStorageSerializer serializer, string serviceId)
    : IGrainStorage
{
    private readonly Statements _sql = Statements.For(database.Provider);

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (NewGrain.IsMarked(grainId))
        {
            Reset(grainState, etag: null); // a key its caller has just minted: nothing stored to read
            return;
        }

        await using var connection = DatabaseConnections.Create(database);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = _sql.Read;
        foreach (var (name, value) in Key(new SqlStatement(_sql.Read), stateName, grainId).Parameters)
        {
            command.AddParameter(name, value);
        }

        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync())
        {
            Reset(grainState, etag: null);
            return;
        }

        var version = reader.GetInt32(1);
        if (await reader.IsDBNullAsync(0))
        {
            Reset(grainState, Etag(version)); // cleared: the row stays so the version keeps counting
            return;
        }

        grainState.State = serializer.Deserialize<T>(new BinaryData(reader.GetFieldValue<byte[]>(0)));
        grainState.ETag = Etag(version);
        grainState.RecordExists = true;
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var serialized = serializer.Serialize(grainState.State).ToMemory();
        // The serializers here return an array of their own: take it rather than copy it (a state can be kilobytes).
        var payload = MemoryMarshal.TryGetArray(serialized, out var whole) && whole.Offset == 0 && whole.Count == whole.Array!.Length
            ? whole.Array
            : serialized.ToArray();
        var expected = Version(grainState.ETag);
        var stored = await StoreAsync(expected is null ? _sql.Insert : _sql.Update, stateName, grainId, expected, payload, "WriteState", StateWriteCompanion.Take());
        grainState.ETag = Etag(stored);
        grainState.RecordExists = true;
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (Version(grainState.ETag) is { } expected)
        {
            var stored = await StoreAsync(_sql.Update, stateName, grainId, expected, payload: null, "ClearState", then: null);
            Reset(grainState, Etag(stored));
        }
        else
        {
            Reset(grainState, etag: null); // never written: nothing to clear
        }
    }

    /// <param name="then">A companion row (<see cref="StateWriteCompanion"/>): committed with the write, if it is accepted.</param>
    private async Task<int> StoreAsync(string sql, string stateName, GrainId grainId, int? expected, byte[]? payload, string operation, RowWrite? then)
    {
        var statement = Key(new SqlStatement(sql), stateName, grainId).Add("@version", expected).Add("@payload", payload);
        // After a commit whose answer was lost, the row at the next version holding exactly this payload is this write.
        var applied = payload is null
            ? Key(new SqlStatement(_sql.AppliedCleared), stateName, grainId).Add("@next", (expected ?? 0) + 1)
            : Key(new SqlStatement(_sql.Applied), stateName, grainId).Add("@next", (expected ?? 0) + 1).Add("@payload", payload);
        // Nothing written: the version moved on (another activation wrote) or the row exists where we expected none.
        return await writer.WriteAsync(statement, then, applied) == 1
            ? (expected ?? 0) + 1
            : throw new InconsistentStateException(
                $"Version conflict ({operation}): service {serviceId}, state {stateName}, grain {grainId}, expected version {expected?.ToString(CultureInfo.InvariantCulture) ?? "none"}.");
    }

    private SqlStatement Key(SqlStatement statement, string stateName, GrainId grainId)
    {
        var key = StorageKey.Of(grainId);
        return statement
            .Add("@service", serviceId)
            .Add("@state", stateName)
            .Add("@n0", key.N0)
            .Add("@n1", key.N1)
            .Add("@extension", key.Extension ?? "")
            .Add("@has_extension", key.Extension is not null);
    }

    private static void Reset<T>(IGrainState<T> grainState, string? etag)
    {
        grainState.State = Activator.CreateInstance<T>();
        grainState.ETag = etag;
        grainState.RecordExists = false;
    }

    private static string Etag(int version) => version.ToString(CultureInfo.InvariantCulture);

    private static int? Version(string? etag) => string.IsNullOrEmpty(etag) ? null : int.Parse(etag, CultureInfo.InvariantCulture);

    /// <summary>
    /// A grain's key as Orleans' ADO.NET provider spreads it over the key columns: a Guid's two halves, an integer in
    /// n1, anything else as the extension string; a key extension (compound keys) in the extension column.
    /// </summary>
    internal readonly record struct StorageKey(long N0, long N1, string? Extension)
    {
        public static StorageKey Of(GrainId grainId)
        {
            if (grainId.TryGetGuidKey(out var guid, out var guidExtension))
            {
                Span<byte> bytes = stackalloc byte[16];
                guid.TryWriteBytes(bytes);
                return new StorageKey(BitConverter.ToInt64(bytes[..8]), BitConverter.ToInt64(bytes[8..]), guidExtension);
            }

            if (grainId.TryGetIntegerKey(out var integer, out var integerExtension))
            {
                return new StorageKey(0, integer, integerExtension);
            }

            return new StorageKey(0, 0, grainId.Key.ToString());
        }
    }

    /// <summary>The provider's SQL, built once. A known version may only update that version; none may only insert.</summary>
    private sealed record Statements(string Read, string Insert, string Update, string Applied, string AppliedCleared)
    {
        private const string Key = """
            service_id = @service AND state_name = @state AND grain_id_n0 = @n0 AND grain_id_n1 = @n1
              AND grain_id_extension = @extension AND grain_id_has_extension = @has_extension
            """;

        public static Statements For(DatabaseProvider provider)
        {
            var now = provider == DatabaseProvider.PostgreSql ? "now()" : "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";
            return new Statements(
                $"SELECT payload_binary, version FROM orleans_storage WHERE {Key}",
                """
                INSERT INTO orleans_storage
                    (service_id, state_name, grain_id_n0, grain_id_n1, grain_id_extension, grain_id_has_extension, payload_binary, version)
                VALUES (@service, @state, @n0, @n1, @extension, @has_extension, @payload, 1)
                ON CONFLICT DO NOTHING
                """,
                $"UPDATE orleans_storage SET payload_binary = @payload, version = version + 1, modified_on = {now} WHERE {Key} AND version = @version",
                $"SELECT count(*) FROM orleans_storage WHERE {Key} AND version = @next AND payload_binary = @payload",
                $"SELECT count(*) FROM orleans_storage WHERE {Key} AND version = @next AND payload_binary IS NULL");
        }
    }
}
