using System.IO.Compression;
using System.Text;

namespace OrleansCrm.Sales.Deals.Attachments;

/// <summary>The kinds of content a deal's file may be, told by its first bytes (a renamed .exe stays an .exe).</summary>
public enum FileType
{
    Pdf = 0,
    Png = 1,
    Jpeg = 2,
    Office = 3,
    Text = 4,
}

/// <summary>What a file's bytes are (and the content type to serve it as), or null when they are none of <see cref="FileType"/>.</summary>
public static class FileSniffer
{
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF];

    public static (FileType Type, string ContentType)? Sniff(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith("%PDF-"u8))
        {
            return (FileType.Pdf, "application/pdf");
        }

        if (bytes.StartsWith(Png))
        {
            return (FileType.Png, "image/png");
        }

        if (bytes.StartsWith(Jpeg))
        {
            return (FileType.Jpeg, "image/jpeg");
        }

        if (bytes.StartsWith("PK\u0003\u0004"u8))
        {
            return OfficeType(bytes.ToArray()) is { } office ? (FileType.Office, office) : null;
        }

        return IsText(bytes) ? (FileType.Text, "text/plain; charset=utf-8") : null;
    }

    /// <summary>A zip is Office only when it is laid out as one (OOXML's parts, or OpenDocument's mimetype entry); any other zip is refused.</summary>
    private static string? OfficeType(byte[] bytes)
    {
        try
        {
            using var zip = new ZipArchive(new MemoryStream(bytes), ZipArchiveMode.Read);
            var names = zip.Entries.Select(e => e.FullName).ToList();
            if (names.Contains("[Content_Types].xml"))
            {
                return names.Any(n => n.StartsWith("word/", StringComparison.Ordinal)) ? "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
                    : names.Any(n => n.StartsWith("xl/", StringComparison.Ordinal)) ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                    : names.Any(n => n.StartsWith("ppt/", StringComparison.Ordinal)) ? "application/vnd.openxmlformats-officedocument.presentationml.presentation"
                    : null;
            }

            if (zip.GetEntry("mimetype") is { Length: < 200 } entry)
            {
                using var reader = new StreamReader(entry.Open(), Encoding.ASCII);
                var type = reader.ReadToEnd().Trim();
                return type.StartsWith("application/vnd.oasis.opendocument.", StringComparison.Ordinal) ? type : null;
            }

            return null;
        }
        catch (InvalidDataException)
        {
            return null; // starts like a zip, is not one
        }
    }

    /// <summary>UTF-8 (with or without its mark) with no control characters but tabs, line and page breaks.</summary>
    private static bool IsText(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            return false;
        }

        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return false;
        }

        return !text.Any(c => char.IsControl(c) && c is not ('\t' or '\n' or '\r' or '\f'));
    }
}
