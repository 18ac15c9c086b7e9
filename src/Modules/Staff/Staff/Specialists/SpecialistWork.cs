using System.Buffers.Binary;

namespace OrleansCrm.Staff.Specialists;

/// <summary>
/// The packed form of a specialist's open tickets and last applied work (<see cref="SpecialistState.PackedWork"/>):
/// a format byte, the two counts, then per open ticket its id, weight and sequence (24 bytes), per ticket that left its
/// id, sequence and when it was applied in Unix milliseconds (28 bytes); little-endian. The layout is stored data.
/// </summary>
internal static class SpecialistWork
{
    private const byte Format = 1;
    private const int Header = 9;
    private const int OpenSize = 24;
    private const int AppliedSize = 28;

    public static byte[] Pack(List<OpenTicket> open, Dictionary<Guid, AppliedWork> applied)
    {
        var bytes = new byte[Header + open.Count * OpenSize + applied.Count * AppliedSize];
        var span = bytes.AsSpan();
        span[0] = Format;
        BinaryPrimitives.WriteInt32LittleEndian(span[1..], open.Count);
        BinaryPrimitives.WriteInt32LittleEndian(span[5..], applied.Count);
        span = span[Header..];
        foreach (var ticket in open)
        {
            ticket.TicketId.TryWriteBytes(span);
            BinaryPrimitives.WriteInt32LittleEndian(span[16..], ticket.Weight);
            BinaryPrimitives.WriteInt32LittleEndian(span[20..], ticket.Sequence);
            span = span[OpenSize..];
        }

        foreach (var (ticketId, work) in applied)
        {
            ticketId.TryWriteBytes(span);
            BinaryPrimitives.WriteInt32LittleEndian(span[16..], work.Sequence);
            BinaryPrimitives.WriteInt64LittleEndian(span[20..], work.AppliedAt.ToUnixTimeMilliseconds());
            span = span[AppliedSize..];
        }

        return bytes;
    }

    public static (List<OpenTicket> Open, Dictionary<Guid, AppliedWork> Applied) Unpack(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < Header || bytes[0] != Format)
        {
            throw new InvalidDataException($"A specialist's packed work has an unknown format ({(bytes.Length == 0 ? "empty" : $"format {bytes[0]}")}).");
        }

        var openCount = BinaryPrimitives.ReadInt32LittleEndian(bytes[1..]);
        var appliedCount = BinaryPrimitives.ReadInt32LittleEndian(bytes[5..]);
        if (openCount < 0 || appliedCount < 0 || bytes.Length != Header + (long)openCount * OpenSize + (long)appliedCount * AppliedSize)
        {
            throw new InvalidDataException("A specialist's packed work is truncated or has wrong counts.");
        }

        var open = new List<OpenTicket>(openCount);
        var applied = new Dictionary<Guid, AppliedWork>(appliedCount);
        var span = bytes[Header..];
        for (var i = 0; i < openCount; i++, span = span[OpenSize..])
        {
            open.Add(new OpenTicket(new Guid(span[..16]), BinaryPrimitives.ReadInt32LittleEndian(span[16..]), BinaryPrimitives.ReadInt32LittleEndian(span[20..])));
        }

        for (var i = 0; i < appliedCount; i++, span = span[AppliedSize..])
        {
            applied[new Guid(span[..16])] = new AppliedWork(
                BinaryPrimitives.ReadInt32LittleEndian(span[16..]), DateTimeOffset.FromUnixTimeMilliseconds(BinaryPrimitives.ReadInt64LittleEndian(span[20..])));
        }

        return (open, applied);
    }
}
