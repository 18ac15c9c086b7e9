using System.Text.Json;
using System.Text.Json.Serialization;
using Orleans.Storage;

namespace OrleansCrm.Host.Persistence;

/// <summary>
/// Grain state as plain JSON without .NET type names: readable in the database, and renaming a state type
/// or its assembly does not orphan stored rows (the default serializer embeds type names).
/// </summary>
internal sealed class JsonGrainStorageSerializer : IGrainStorageSerializer
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    public BinaryData Serialize<T>(T? input) => new(JsonSerializer.SerializeToUtf8Bytes(input, Options));

    public T Deserialize<T>(BinaryData input) => input.ToObjectFromJson<T>(Options)!;
}
