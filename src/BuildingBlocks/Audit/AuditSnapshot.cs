using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace OrleansCrm.BuildingBlocks.Audit;

/// <summary>
/// The top-level fields of what a grain answers with (its details, as the API shows them), kept short: what the audit
/// log compares to say which fields a change touched, old → new. Why the details and not the command: they are what a
/// person reads on the card, every module has them already, and a diff says what changed even when the command replaced
/// the whole card. Short values are kept as they are; a long list or object is kept as its size and a fingerprint, so an
/// activation holds a few hundred bytes, not a copy of its state.
/// </summary>
public sealed class AuditSnapshot
{
    /// <summary>Values up to this length are shown; longer ones by their size.</summary>
    public const int MaxValueLength = 120;

    /// <summary>Fields that change with every save and say nothing by themselves.</summary>
    private static readonly HashSet<string> Skipped = new(StringComparer.Ordinal) { "id", "version", "updatedAt", "changedAt" };

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private static readonly ConcurrentDictionary<Type, IReadOnlyDictionary<string, string>> Kinds = new();

    private readonly Dictionary<string, Field> _fields;

    private AuditSnapshot(Dictionary<string, Field> fields) => _fields = fields;

    public static AuditSnapshot Of(object details)
    {
        var kinds = Kinds.GetOrAdd(details.GetType(), KindsOf);
        var fields = new Dictionary<string, Field>(StringComparer.Ordinal);
        using var document = JsonDocument.Parse(JsonSerializer.SerializeToUtf8Bytes(details, details.GetType(), Json));
        foreach (var property in document.RootElement.EnumerateObject())
        {
            if (!Skipped.Contains(property.Name))
            {
                fields[property.Name] = Field.Of(property.Value, kinds.GetValueOrDefault(property.Name));
            }
        }

        return new AuditSnapshot(fields);
    }

    /// <summary>The fields that differ from <paramref name="before"/> (null: a new entity, every field with a value).</summary>
    public IReadOnlyList<AuditChange> Since(AuditSnapshot? before)
    {
        var changes = new List<AuditChange>();
        foreach (var (name, field) in _fields)
        {
            var old = before?._fields.GetValueOrDefault(name);
            // A new entity lists what it was given: no empty, false or zero fields.
            if (old is null ? field.Shown is null or "false" or "0" : old.Fingerprint == field.Fingerprint)
            {
                continue;
            }

            changes.Add(new AuditChange(name, old?.Shown, field.Shown, field.Kind));
        }

        return changes;
    }

    /// <summary>Which fields hold enum values or moments, from the details type's properties (once per type).</summary>
    private static IReadOnlyDictionary<string, string> KindsOf(Type type)
    {
        var kinds = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var clr = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            var name = JsonNamingPolicy.CamelCase.ConvertName(property.Name);
            if (clr.IsEnum)
            {
                kinds[name] = "enum:" + clr.Name;
            }
            else if (clr == typeof(DateTimeOffset) || clr == typeof(DateTime) || clr == typeof(DateOnly))
            {
                kinds[name] = "date";
            }
        }

        return kinds;
    }

    /// <summary>A field's value as shown (null when it has none) and a fingerprint that changes when the value does.</summary>
    private sealed record Field(string? Shown, string Fingerprint, string? Kind)
    {
        public static Field Of(JsonElement value, string? kind)
        {
            switch (value.ValueKind)
            {
                case JsonValueKind.Null or JsonValueKind.Undefined:
                    return new Field(null, "null", null);
                case JsonValueKind.String:
                    var text = value.GetString()!;
                    return text.Length <= MaxValueLength ? new Field(text, text, kind) : new Field(text[..MaxValueLength] + "…", Hash(text), kind);
                case JsonValueKind.Array or JsonValueKind.Object:
                    var raw = value.GetRawText();
                    var empty = value.ValueKind == JsonValueKind.Array ? value.GetArrayLength() == 0 : !value.EnumerateObject().Any();
                    if (empty)
                    {
                        return new Field(null, raw, null);
                    }

                    // A short list of plain values as it is; anything else by its size, never as JSON (its keys are not words for people).
                    var shown = raw.Length <= MaxValueLength ? Compact(value) : null;
                    return new Field(shown ?? (value.ValueKind == JsonValueKind.Array ? $"[{value.GetArrayLength()}]" : "…"), raw.Length <= MaxValueLength ? raw : Hash(raw), shown is null ? null : kind);
                default:
                    var number = value.GetRawText();
                    return new Field(number, number, null);
            }
        }

        /// <summary>A short list of plain values as people write it: <c>a, b, c</c>.</summary>
        private static string? Compact(JsonElement value) =>
            value.ValueKind == JsonValueKind.Array && value.EnumerateArray().All(e => e.ValueKind is JsonValueKind.String or JsonValueKind.Number)
                ? string.Join(", ", value.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString() : e.GetRawText()))
                : null;

        private static string Hash(string raw) => $"{raw.Length}:{string.GetHashCode(raw.AsSpan(), StringComparison.Ordinal)}";
    }
}
