using Orleans.Serialization;
using Orleans.Serialization.Buffers;
using Orleans.Storage;

namespace OrleansCrm.Host.Persistence;

/// <summary>
/// Grain state in Orleans' own binary format (the codecs every state type already has for grain calls, field ids and
/// all, so fields may be added and renamed): several times smaller and cheaper than JSON, which matters because a
/// busy grain's whole state is rewritten on every change — a specialist's with each ticket it gets. A marker byte
/// tells it from the plain JSON that earlier versions stored, which is still read.
/// </summary>
internal sealed class BinaryGrainStateSerializer(Serializer serializer) : IGrainStorageSerializer
{
    private const byte Marker = 0x01;
    private static readonly JsonGrainStorageSerializer Json = new();

    /// <summary>The marker and the state, written into pooled buffers and copied out once, into an array of its own.</summary>
    public BinaryData Serialize<T>(T? input)
    {
        using var session = serializer.SessionPool.GetSession();
        var writer = Writer.CreatePooled(session);
        try
        {
            writer.WriteByte(Marker);
            serializer.Serialize(input, ref writer);
            return new BinaryData(writer.Output.ToArray());
        }
        finally
        {
            writer.Dispose();
        }
    }

    public T Deserialize<T>(BinaryData input)
    {
        var bytes = input.ToMemory();
        return bytes.Length > 0 && bytes.Span[0] == Marker
            ? serializer.Deserialize<T>(bytes[1..])!
            : Json.Deserialize<T>(input); // stored before the binary format
    }
}
