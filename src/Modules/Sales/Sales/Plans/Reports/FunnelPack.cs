using System.Buffers;
using System.Buffers.Binary;

namespace OrleansCrm.Sales.Plans.Reports;

/// <summary>
/// One UTC day of a pipeline's funnel rows (sales.deal_funnel) in one value of sales.funnel_packs (migration 0057): the
/// funnel reads a quarter as some ninety packs instead of 25,000 rows (<see cref="FunnelPacker"/> writes them).
/// The layout, little-endian, with unsigned LEB128 numbers ("n") and zigzag for signed ones ("z"):
/// a format byte (1); n codes, each n bytes of ASCII; n records, each the deal's id (16 bytes), its owner's id (16), when
/// it entered the pipeline (8: UTC ticks), its status (n), amount (z, kopiykas), won amount (n: 0 for none, else
/// kopiykas + 1), n stays, each n (its code's index × 2, + 1 when finished) and, when finished, its length (z, microseconds).
/// </summary>
public static class FunnelPack
{
    private const byte Format = 1;

    /// <summary>A funnel row as the packer reads it; <see cref="Stays"/> is its text (<see cref="FunnelStays"/>).</summary>
    public sealed record Row(Guid DealId, Guid OwnerId, DateTimeOffset EnteredAt, long Amount, int Status, long? WonAmount, byte[] Stays);

    public static byte[] Write(IReadOnlyList<Row> rows)
    {
        var codes = new List<byte[]>();
        var body = new ArrayBufferWriter<byte>(Math.Max(rows.Count, 1) * 128);
        Number(body, (ulong)rows.Count);
        foreach (var row in rows)
        {
            var fixedPart = body.GetSpan(40);
            row.DealId.TryWriteBytes(fixedPart);
            row.OwnerId.TryWriteBytes(fixedPart[16..]);
            BinaryPrimitives.WriteInt64LittleEndian(fixedPart[32..], row.EnteredAt.UtcTicks);
            body.Advance(40);
            Number(body, (ulong)row.Status);
            Number(body, ZigZag(row.Amount));
            Number(body, row.WonAmount is { } won ? (ulong)won + 1 : 0);
            var stays = new List<(int Code, long? Length)>();
            foreach (var stay in FunnelStays.Read(row.Stays))
            {
                stays.Add((CodeIndex(codes, stay.Code), stay.Microseconds));
            }

            Number(body, (ulong)stays.Count);
            foreach (var (code, length) in stays)
            {
                Number(body, (ulong)code * 2 + (length is null ? 0UL : 1UL));
                if (length is { } microseconds)
                {
                    Number(body, ZigZag(microseconds));
                }
            }
        }

        var pack = new ArrayBufferWriter<byte>(body.WrittenCount + 256);
        pack.Write([Format]);
        Number(pack, (ulong)codes.Count);
        foreach (var code in codes)
        {
            Number(pack, (ulong)code.Length);
            pack.Write(code);
        }

        pack.Write(body.WrittenSpan);
        return pack.WrittenSpan.ToArray();
    }

    /// <summary>
    /// Adds the pack's deals that entered in [<paramref name="fromTicks"/>, <paramref name="toTicks"/>) to the tally, of
    /// one owner if given, leaving out those in <paramref name="skip"/> (their row was read as it is now).
    /// </summary>
    internal static void Tally(ReadOnlySpan<byte> pack, FunnelTally tally, long fromTicks, long toTicks, Guid? ownerId, IReadOnlySet<Guid> skip)
    {
        var reader = new Reader(pack);
        if (reader.Byte() != Format)
        {
            throw new InvalidDataException("Not a funnel pack of a known format.");
        }

        var stages = new FunnelTally.Stage?[(int)reader.Number()];
        for (var i = 0; i < stages.Length; i++)
        {
            stages[i] = tally.StageOf(reader.Bytes((int)reader.Number()));
        }

        var count = (int)reader.Number();
        for (var i = 0; i < count; i++)
        {
            var deal = new Guid(reader.Bytes(16));
            var owner = new Guid(reader.Bytes(16));
            var entered = BinaryPrimitives.ReadInt64LittleEndian(reader.Bytes(8));
            var status = (int)reader.Number();
            var amount = UnZigZag(reader.Number());
            var won = reader.Number();
            var stays = (int)reader.Number();
            var counted = entered >= fromTicks && entered < toTicks && (ownerId is null || owner == ownerId) && !skip.Contains(deal);
            if (counted)
            {
                tally.Deal(owner, amount, status, won == 0 ? null : (long)(won - 1));
            }

            for (var s = 0; s < stays; s++)
            {
                var stay = reader.Number();
                long? length = (stay & 1) == 1 ? UnZigZag(reader.Number()) : null;
                if (counted)
                {
                    tally.Stay(stages[(int)(stay >> 1)], length);
                }
            }
        }
    }

    private static int CodeIndex(List<byte[]> codes, ReadOnlySpan<byte> code)
    {
        for (var i = 0; i < codes.Count; i++)
        {
            if (code.SequenceEqual(codes[i]))
            {
                return i;
            }
        }

        codes.Add(code.ToArray());
        return codes.Count - 1;
    }

    private static void Number(IBufferWriter<byte> writer, ulong value)
    {
        var span = writer.GetSpan(10);
        var length = 0;
        while (value >= 0x80)
        {
            span[length++] = (byte)(value | 0x80);
            value >>= 7;
        }

        span[length++] = (byte)value;
        writer.Advance(length);
    }

    private static ulong ZigZag(long value) => (ulong)((value << 1) ^ (value >> 63));

    private static long UnZigZag(ulong value) => (long)(value >> 1) ^ -(long)(value & 1);

    private ref struct Reader(ReadOnlySpan<byte> data)
    {
        private ReadOnlySpan<byte> _rest = data;

        public byte Byte()
        {
            var value = _rest[0];
            _rest = _rest[1..];
            return value;
        }

        public ReadOnlySpan<byte> Bytes(int count)
        {
            var value = _rest[..count];
            _rest = _rest[count..];
            return value;
        }

        public ulong Number()
        {
            ulong value = 0;
            for (var shift = 0; ; shift += 7)
            {
                var next = Byte();
                value |= (ulong)(next & 0x7F) << shift;
                if (next < 0x80)
                {
                    return value;
                }
            }
        }
    }
}
