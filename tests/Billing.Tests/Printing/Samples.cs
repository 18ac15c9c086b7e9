using System.Buffers.Binary;
using System.IO.Compression;
using OrleansCrm.Billing.Printing;
using OrleansCrm.BuildingBlocks.Printing;
using OrleansCrm.Testing.Printing;

namespace OrleansCrm.Billing.Tests.Printing;

/// <summary>Parties, lines and images for printing tests: what a real Ukrainian IT service company would print.</summary>
internal static class Samples
{
    public static readonly PrintedParty Supplier = SampleParties.Supplier;

    public static readonly PrintedParty SoleProprietor = SampleParties.SoleProprietor;

    public static readonly PrintedParty Buyer = SampleParties.Buyer;

    public const string LongService =
        "Налаштування та супровід резервного копіювання серверів 1С:Підприємство і файлових сховищ у філіях " +
        "Дніпро, Запоріжжя, Кривий Ріг; перевірка відновлення з копій щотижня, звіт керівнику ІТ-служби Замовника";

    /// <summary>An invoice of a VAT payer: a service at 20%, an exempt licence (п. 26¹), a long name.</summary>
    public static PrintedDocument Invoice(PrintedDocumentKind kind = PrintedDocumentKind.Invoice) => new()
    {
        Kind = kind,
        Number = "РФ-2026-0015",
        Date = new DateOnly(2026, 12, 5),
        DueDate = new DateOnly(2026, 12, 15),
        Period = new PrintedPeriod(new DateOnly(2026, 12, 1), new DateOnly(2026, 12, 31)),
        Basis = "Договір № 12/2026 від 01.01.2026",
        Supplier = Supplier,
        Buyer = Buyer,
        Lines =
        [
            new PrintedLine(1, "Абонентське обслуговування ІТ-інфраструктури", 1, "міс.", 10000m, 20, 10000m),
            new PrintedLine(2, "Microsoft 365 Business Standard (annual licence)", 12, "шт.", 512.5m, null, 6150m),
            new PrintedLine(3, LongService, 2.5m, "год", 800m, 20, 2000m),
        ],
        VatTotals = [new PrintedVatTotal(20, 12000m, 2400m), new PrintedVatTotal(null, 6150m, 0m)],
        Subtotal = 18150m,
        Vat = 2400m,
        Total = 20550m,
        TotalInWords = "Двадцять тисяч п'ятсот п'ятдесят гривень 00 копійок",
    };

    /// <summary>A sole proprietor who pays no VAT.</summary>
    public static PrintedDocument NonVatInvoice() => new()
    {
        Kind = PrintedDocumentKind.Invoice,
        Number = "17",
        Date = new DateOnly(2026, 12, 5),
        DueDate = new DateOnly(2026, 12, 10),
        Supplier = SoleProprietor,
        Buyer = Buyer,
        Lines = [new PrintedLine(1, "Налаштування мережевого обладнання", 3, "год", 411.5m, null, 1234.5m)],
        VatTotals = [new PrintedVatTotal(null, 1234.5m, 0m)],
        Subtotal = 1234.5m,
        Vat = 0m,
        Total = 1234.5m,
        TotalInWords = "Одна тисяча двісті тридцять чотири гривні 50 копійок",
    };

    public static PrintedDocument ManyLines(int count)
    {
        var lines = Enumerable.Range(1, count)
            .Select(i => new PrintedLine(i, $"Послуга {i}: виїзд фахівця до офісу Замовника", 1, "год", 100m, 20, 100m))
            .ToList();
        return Invoice() with
        {
            Lines = lines,
            VatTotals = [new PrintedVatTotal(20, 100m * count, 20m * count)],
            Subtotal = 100m * count,
            Vat = 20m * count,
            Total = 120m * count,
            TotalInWords = "Сім тисяч двісті гривень 00 копійок",
        };
    }

    /// <summary>A small valid PNG (solid colour, with alpha), as a facsimile or stamp would be.</summary>
    public static byte[] Png(int width, int height, byte r, byte g, byte b)
    {
        using var output = new MemoryStream();
        output.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; // bit depth
        header[9] = 6; // RGBA
        Chunk(output, "IHDR", header);
        using var raw = new MemoryStream();
        for (var y = 0; y < height; y++)
        {
            raw.WriteByte(0);
            for (var x = 0; x < width; x++)
                raw.Write([r, g, b, (byte)((x + y) % 2 == 0 ? 255 : 128)]);
        }
        using var packed = new MemoryStream();
        using (var zlib = new ZLibStream(packed, CompressionLevel.Optimal, leaveOpen: true))
            zlib.Write(raw.ToArray());
        Chunk(output, "IDAT", packed.ToArray());
        Chunk(output, "IEND", []);
        return output.ToArray();
    }

    private static void Chunk(Stream output, string type, byte[] data)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        output.Write(length);
        var typed = System.Text.Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        output.Write(typed);
        BinaryPrimitives.WriteUInt32BigEndian(length, Crc(typed));
        output.Write(length);
    }

    private static uint Crc(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
                crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
        }
        return ~crc;
    }
}
