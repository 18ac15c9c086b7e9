using System.Text;
using System.Text.Json.Nodes;

namespace OrleansCrm.Host.Tests.Abuse;

/// <summary>One bad request: what it is (for the report), how to send it.</summary>
public sealed record BadRequest(string Operation, string Case, HttpMethod Method, string Url, string? Body, string? ContentType, IReadOnlyDictionary<string, string> Headers)
{
    public override string ToString() => $"{Operation}: {Case}";
}

/// <summary>
/// The bad-input corpus, generated from the host's OpenAPI document: for every operation, its path and query parameters
/// and each field of its JSON body (and of the objects in its arrays) get the wrong type, null, null inside arrays, NUL
/// characters, huge texts, undefined enum values, bad ids, impossible numbers and dates; the body as a whole goes
/// missing, malformed, nested too deep, with unknown fields or another content type.
/// </summary>
public sealed class BadRequests(JsonNode document, Func<string, string, string> idFor)
{
    private const int MaxDepth = 4;

    private static readonly string Huge = new('x', 200_000);

    private JsonObject Schemas => document["components"]?["schemas"]?.AsObject() ?? [];

    public IEnumerable<BadRequest> All()
    {
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                if (method is not ("get" or "post" or "put" or "delete" or "patch"))
                {
                    continue;
                }

                foreach (var request in ForOperation(path, new HttpMethod(method.ToUpperInvariant()), operation!.AsObject()))
                {
                    yield return request;
                }
            }
        }
    }

    private IEnumerable<BadRequest> ForOperation(string path, HttpMethod method, JsonObject operation)
    {
        var name = $"{method} {path}";
        var parameters = operation["parameters"]?.AsArray().Select(p => p!.AsObject()).ToList() ?? [];
        var pathParameters = parameters.Where(p => (string?)p["in"] == "path").ToList();
        var query = parameters.Where(p => (string?)p["in"] == "query").ToList();
        var schema = operation["requestBody"]?["content"]?["application/json"]?["schema"];
        var body = schema is null ? null : Base(schema, 0);
        var bodyText = body?.ToJsonString();

        string Url(IReadOnlyDictionary<string, string>? pathValues = null, string? queryString = null)
        {
            var url = path;
            foreach (var parameter in pathParameters)
            {
                var key = (string)parameter["name"]!;
                url = url.Replace($"{{{key}}}", pathValues?.GetValueOrDefault(key) ?? Uri.EscapeDataString(idFor(path, key)));
            }

            return queryString is null ? url : $"{url}?{queryString}";
        }

        BadRequest Make(string what, string url, string? text, string? contentType = "application/json", Dictionary<string, string>? headers = null) =>
            new(name, what, method, url, text, text is null ? null : contentType, headers ?? []);

        // Path parameters: not an id, an id of nothing, NUL, very long.
        foreach (var parameter in pathParameters)
        {
            var key = (string)parameter["name"]!;
            foreach (var (what, value) in new[] { ("not an id", "not-an-id"), ("unknown id", Guid.NewGuid().ToString()), ("empty id", Guid.Empty.ToString()), ("NUL", "a%00b"), ("long", new string('9', 3000)) })
            {
                yield return Make($"path {key}: {what}", Url(new Dictionary<string, string> { [key] = value }), bodyText);
            }
        }

        // Query parameters: NUL, over-long, wrong type, undefined enum, out of range, repeated.
        foreach (var parameter in query)
        {
            var key = (string)parameter["name"]!;
            var values = new List<(string, string)> { ("NUL", "%00"), ("NUL inside", "ab%00cd"), ("4000 characters", new string('q', 4000)), ("9000 characters", new string('q', 9000)), ("empty", "") };
            values.AddRange(BadScalars(parameter["schema"]).Select(v => (v.What, Uri.EscapeDataString(v.Text))));
            foreach (var (what, value) in values)
            {
                yield return Make($"query {key}: {what}", Url(queryString: $"{key}={value}"), bodyText);
            }

            yield return Make($"query {key}: repeated", Url(queryString: $"{key}=a&{key}=b"), bodyText);
        }

        if (schema is null)
        {
            // No body expected: one anyway.
            yield return Make("unexpected body", Url(), """{"x":1}""");
            yield break;
        }

        // The body as a whole.
        var url0 = Url();
        yield return Make("no body", url0, null);
        yield return Make("empty body", url0, "");
        foreach (var (what, text) in new[]
                 {
                     ("null body", "null"), ("array body", "[]"), ("string body", "\"text\""), ("number body", "42"), ("malformed", "{\"a\":"), ("empty object", "{}"),
                     ("nested 200 deep", new string('[', 200) + new string(']', 200)), ("object nested 100 deep", string.Concat(Enumerable.Repeat("{\"a\":", 100)) + "1" + new string('}', 100)),
                     ("lone surrogate", "{\"x\":\"\\ud800\"}"),
                 })
        {
            yield return Make(what, url0, text);
        }

        if (body is JsonObject bodyObject)
        {
            var unknown = (JsonObject)bodyObject.DeepClone();
            unknown["unknownField"] = "?";
            unknown["$type"] = "System.IO.FileInfo";
            yield return Make("unknown fields", url0, unknown.ToJsonString());
        }

        yield return Make("text/plain", url0, bodyText, "text/plain");
        yield return Make("form", url0, "a=1&b=2", "application/x-www-form-urlencoded");
        yield return Make("duplicate content types", url0, bodyText, "application/json; charset=utf-32");

        // Each field of the body, and of the first element of each array of objects.
        foreach (var (fieldPath, mutated) in FieldMutations(schema, body))
        {
            yield return Make(fieldPath, url0, mutated);
        }
    }

    private IEnumerable<(string What, string Body)> FieldMutations(JsonNode schema, JsonNode? body)
    {
        if (body is not JsonObject root)
        {
            yield break;
        }

        foreach (var (field, fieldSchema) in Properties(schema))
        {
            foreach (var (what, value) in BadValues(fieldSchema))
            {
                var copy = (JsonObject)root.DeepClone();
                copy[field] = value?.DeepClone();
                yield return ($"{field}: {what}", copy.ToJsonString());
            }

            // One level into arrays of objects and into objects: each of their fields.
            var resolved = Resolve(fieldSchema);
            var items = IsType(resolved, "array") ? Resolve(resolved["items"]) : null;
            var inner = items is not null && IsObject(items) ? items : IsObject(resolved) ? resolved : null;
            if (inner is null)
            {
                continue;
            }

            foreach (var (innerField, innerSchema) in Properties(inner))
            {
                foreach (var (what, value) in BadValues(innerSchema))
                {
                    var element = (JsonObject)Base(inner, 1)!;
                    element[innerField] = value?.DeepClone();
                    var copy = (JsonObject)root.DeepClone();
                    copy[field] = items is not null ? new JsonArray(element) : element;
                    yield return ($"{field}{(items is not null ? "[0]" : "")}.{innerField}: {what}", copy.ToJsonString());
                }
            }
        }
    }

    /// <summary>Bad values for a field of this schema (null for JSON null).</summary>
    private IEnumerable<(string What, JsonNode? Value)> BadValues(JsonNode? schema)
    {
        var resolved = Resolve(schema);
        yield return ("null", null);
        if (resolved["enum"] is JsonArray)
        {
            yield return ("undefined enum 999", 999);
            yield return ("undefined enum \"999\"", "999");
            yield return ("undefined enum -1", -1);
            yield return ("undefined enum name", "NoSuchValue");
            yield return ("enum as object", new JsonObject { ["a"] = 1 });
            yield break;
        }

        if (IsType(resolved, "array"))
        {
            var items = Resolve(resolved["items"]);
            yield return ("not an array", "text");
            yield return ("[null]", new JsonArray((JsonNode?)null));
            yield return ("[null, null]", new JsonArray((JsonNode?)null, (JsonNode?)null));
            yield return ("[wrong type]", new JsonArray(IsType(items, "string") ? (JsonNode)12345 : (JsonNode)"text"));
            yield return ("[{}]", new JsonArray(new JsonObject()));
            yield return ("[[]]", new JsonArray(new JsonArray()));
            yield return ("5000 elements", new JsonArray(Enumerable.Range(0, 5000).Select(_ => Base(items, MaxDepth)?.DeepClone()).ToArray()));
            if (IsType(items, "string"))
            {
                yield return ("[NUL]", new JsonArray("a\u0000b"));
                yield return ("[huge]", new JsonArray(Huge));
            }

            if (items["enum"] is JsonArray)
            {
                yield return ("[undefined enum]", new JsonArray(999));
            }

            yield break;
        }

        if (IsObject(resolved))
        {
            yield return ("not an object", 42);
            yield return ("array instead", new JsonArray());
            if (resolved["additionalProperties"] is JsonObject)
            {
                yield return ("NUL key", new JsonObject { ["a\u0000b"] = Base(resolved["additionalProperties"], MaxDepth)?.DeepClone() });
                yield return ("null value", new JsonObject { ["k"] = null });
                yield return ("huge key", new JsonObject { [new string('k', 100_000)] = Base(resolved["additionalProperties"], MaxDepth)?.DeepClone() });
            }

            yield break;
        }

        foreach (var (what, text) in BadScalars(resolved))
        {
            yield return (what, text);
        }

        if (IsType(resolved, "string"))
        {
            yield return ("wrong type number", 12345);
            yield return ("wrong type object", new JsonObject());
            yield return ("NUL", "a\u0000b");
            yield return ("only NUL", "\u0000");
            yield return ("huge", Huge);
            yield return ("blank", "   ");
            yield return ("control characters", "\u0001\u0002\u001b[31m");
            yield return ("right-to-left override", "\u202Eabc");
        }
        else
        {
            yield return ("wrong type string", "abc");
            yield return ("wrong type object", new JsonObject());
            yield return ("wrong type array", new JsonArray());
        }

        if (IsType(resolved, "integer") || IsType(resolved, "number"))
        {
            yield return ("2^31", 2147483648L);
            yield return ("-2^31-1", -2147483649L);
            yield return ("1e308", JsonNode.Parse("1e308"));
            yield return ("fraction", 1.5);
            yield return ("-1", -1);
            yield return ("0", 0);
            yield return ("number as text", "12");
        }
    }

    /// <summary>Bad texts for a scalar of this schema (used as JSON strings and as query values).</summary>
    private IEnumerable<(string What, string Text)> BadScalars(JsonNode? schema)
    {
        var resolved = Resolve(schema);
        if (resolved["enum"] is JsonArray)
        {
            yield return ("undefined enum 999", "999");
            yield return ("undefined enum -1", "-1");
            yield return ("undefined enum name", "NoSuchValue");
            yield break;
        }

        var format = (string?)resolved["format"];
        if (format == "uuid")
        {
            yield return ("not a uuid", "not-a-uuid");
            yield return ("empty uuid", Guid.Empty.ToString());
        }
        else if (format is "date-time" or "date")
        {
            yield return ("not a date", "not-a-date");
            yield return ("year 0001", "0001-01-01T00:00:00Z");
            yield return ("year 9999", "9999-12-31T23:59:59Z");
            yield return ("31 February", "2026-02-31");
        }
        else if (IsType(resolved, "integer") || IsType(resolved, "number"))
        {
            yield return ("not a number", "abc");
            yield return ("negative", "-1");
            yield return ("zero", "0");
            yield return ("too big", "99999999999999999999");
            yield return ("int max", "2147483647");
        }
        else if (IsType(resolved, "boolean"))
        {
            yield return ("not a boolean", "maybe");
        }
        else if (IsType(resolved, "string"))
        {
            yield return ("percent signs", "%%_\\");
            yield return ("SQL", "' OR 1=1 --");
        }
    }

    /// <summary>A plausible value of the schema, the starting point each mutation changes one thing of.</summary>
    private JsonNode? Base(JsonNode? schema, int depth)
    {
        var resolved = Resolve(schema);
        if (resolved["enum"] is JsonArray values && values.Count > 0)
        {
            return values.FirstOrDefault(v => v is not null)?.DeepClone();
        }

        if (IsType(resolved, "array"))
        {
            return new JsonArray();
        }

        if (IsObject(resolved))
        {
            var result = new JsonObject();
            if (depth >= MaxDepth)
            {
                return result;
            }

            foreach (var (field, fieldSchema) in Properties(resolved))
            {
                result[field] = Base(fieldSchema, depth + 1);
            }

            return result;
        }

        var format = (string?)resolved["format"];
        return format switch
        {
            "uuid" => Guid.NewGuid().ToString(),
            "date-time" => "2026-03-02T10:00:00+00:00",
            "date" => "2026-03-02",
            _ when IsType(resolved, "integer") || IsType(resolved, "number") => 1,
            _ when IsType(resolved, "boolean") => true,
            _ when IsType(resolved, "string") => "x",
            _ => null,
        };
    }

    private IEnumerable<(string Field, JsonNode? Schema)> Properties(JsonNode? schema) =>
        Resolve(schema)["properties"]?.AsObject().Select(p => (p.Key, p.Value)) ?? [];

    private static bool IsObject(JsonObject schema) => IsType(schema, "object") || schema["properties"] is JsonObject;

    private static bool IsType(JsonObject schema, string type) => schema["type"] switch
    {
        JsonValue value => (string?)value == type,
        JsonArray types => types.Any(t => (string?)t == type),
        _ => false,
    };

    /// <summary>Follows $ref, and takes the first non-null branch of oneOf/anyOf/allOf.</summary>
    private JsonObject Resolve(JsonNode? schema, int hops = 0)
    {
        if (schema is not JsonObject node || hops > 10)
        {
            return [];
        }

        if ((string?)node["$ref"] is { } reference)
        {
            return Resolve(Schemas[reference.Split('/')[^1]], hops + 1);
        }

        foreach (var combinator in new[] { "oneOf", "anyOf", "allOf" })
        {
            if (node[combinator] is JsonArray branches)
            {
                var branch = branches.FirstOrDefault(b => b is JsonObject o && !((string?)o["type"] == "null"));
                if (branch is not null)
                {
                    var resolved = (JsonObject)Resolve(branch, hops + 1).DeepClone();
                    if (node["enum"] is null && resolved["enum"] is null && node["type"] is null)
                    {
                        return resolved;
                    }
                }
            }
        }

        return node;
    }

    public static StringContent? Content(BadRequest request)
    {
        if (request.Body is null)
        {
            return null;
        }

        var content = new StringContent(request.Body, Encoding.UTF8);
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(request.ContentType ?? "application/json");
        return content;
    }
}
