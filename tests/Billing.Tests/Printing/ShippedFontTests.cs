using OrleansCrm.BuildingBlocks.Printing;
using OrleansCrm.Testing.Printing;
using System.Buffers.Binary;
using OrleansCrm.Billing.Printing.Pdf;

namespace OrleansCrm.Billing.Tests.Printing;

/// <summary>
/// PDFsharp 6.2 subsets a font by copying the glyphs used plus one level of composite components: a letter whose
/// composite glyph is made of another composite prints blank (DejaVu Sans's ї = ï = ı + ¨ did: "м. Ки в"). Text read
/// back from the PDF cannot catch that (the character codes are right, the outline is missing), so the shipped faces
/// are checked here: every character a document prints has a glyph, and none is a composite of composites.
/// </summary>
public sealed class ShippedFontTests
{
    private const string Characters =
        "АБВГҐДЕЄЖЗИІЇЙКЛМНОПРСТУФХЦЧШЩЬЮЯабвгґдеєжзиіїйклмнопрстуфхцчшщьюя'’ЁёЪъЫыЭэ" +
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789" +
        " .,:;!?()[]/\\-–—«»\"“”„№%+*=_@#&<>|©";

    [Fact]
    public void The_shipped_fonts_have_every_letter_pdfsharp_can_subset()
    {
        Assert.NotEmpty(EmbeddedFontResolver.Faces);
        foreach (var face in EmbeddedFontResolver.Faces)
        {
            var font = new TrueType(EmbeddedFontResolver.Instance.GetFont(face));
            foreach (var character in Characters)
            {
                var glyph = font.Glyph(character);
                Assert.True(glyph != 0, $"{face} has no glyph for '{character}'");
                foreach (var component in font.Components(glyph))
                    Assert.True(font.Components(component).Count == 0,
                        $"{face}: '{character}' is a composite of the composite glyph {component}; PDFsharp would print it blank");
            }
        }
    }

    [Fact]
    public void The_resolver_serves_the_embedded_faces_for_any_family()
    {
        var regular = EmbeddedFontResolver.Instance.ResolveTypeface("Arial", bold: false, italic: false);
        var bold = EmbeddedFontResolver.Instance.ResolveTypeface("Times New Roman", bold: true, italic: false);

        Assert.Equal(EmbeddedFontResolver.Faces[0], regular.FaceName);
        Assert.Equal(EmbeddedFontResolver.Faces[1], bold.FaceName);
        Assert.True(EmbeddedFontResolver.Instance.GetFont(bold.FaceName).Length > 100_000);
    }

    /// <summary>Just enough of a TrueType file to map a character to its glyph and list a composite's components.</summary>
    private sealed class TrueType
    {
        private readonly byte[] _data;
        private readonly Dictionary<string, int> _tables = [];
        private readonly bool _longOffsets;

        public TrueType(byte[] data)
        {
            _data = data;
            var count = U16(4);
            for (var i = 0; i < count; i++)
            {
                var record = 12 + 16 * i;
                _tables[System.Text.Encoding.ASCII.GetString(data, record, 4)] = (int)U32(record + 8);
            }
            _longOffsets = U16(_tables["head"] + 50) == 1;
        }

        private ushort U16(int at) => BinaryPrimitives.ReadUInt16BigEndian(_data.AsSpan(at));

        private uint U32(int at) => BinaryPrimitives.ReadUInt32BigEndian(_data.AsSpan(at));

        /// <summary>The glyph of a BMP character from the Windows Unicode cmap (format 4); 0 when there is none.</summary>
        public int Glyph(char character)
        {
            var cmap = _tables["cmap"];
            int? subtable = null;
            for (var i = 0; i < U16(cmap + 2); i++)
            {
                var record = cmap + 4 + 8 * i;
                if (U16(record) == 3 && U16(record + 2) == 1)
                    subtable = cmap + (int)U32(record + 4);
            }
            Assert.NotNull(subtable);
            var table = subtable.Value;
            Assert.Equal(4, U16(table));
            var segments = U16(table + 6) / 2;
            var ends = table + 14;
            var starts = ends + 2 * segments + 2;
            var deltas = starts + 2 * segments;
            var ranges = deltas + 2 * segments;
            for (var s = 0; s < segments; s++)
            {
                if (U16(ends + 2 * s) < character)
                    continue;
                var start = U16(starts + 2 * s);
                if (start > character)
                    return 0;
                var delta = U16(deltas + 2 * s);
                var rangeAt = ranges + 2 * s;
                var range = U16(rangeAt);
                if (range == 0)
                    return (character + delta) & 0xFFFF;
                var glyph = U16(rangeAt + range + 2 * (character - start));
                return glyph == 0 ? 0 : (glyph + delta) & 0xFFFF;
            }
            return 0;
        }

        /// <summary>The glyphs a composite glyph is made of; empty for a simple glyph.</summary>
        public IReadOnlyList<int> Components(int glyph)
        {
            var loca = _tables["loca"];
            var start = _longOffsets ? (int)U32(loca + 4 * glyph) : U16(loca + 2 * glyph) * 2;
            var end = _longOffsets ? (int)U32(loca + 4 * (glyph + 1)) : U16(loca + 2 * (glyph + 1)) * 2;
            if (end == start)
                return [];
            var at = _tables["glyf"] + start;
            if ((short)U16(at) >= 0)
                return [];
            var components = new List<int>();
            at += 10;
            ushort flags;
            do
            {
                flags = U16(at);
                components.Add(U16(at + 2));
                at += 4 + ((flags & 0x1) != 0 ? 4 : 2);
                if ((flags & 0x8) != 0)
                    at += 2;
                else if ((flags & 0x40) != 0)
                    at += 4;
                else if ((flags & 0x80) != 0)
                    at += 8;
            }
            while ((flags & 0x20) != 0);
            return components;
        }
    }
}
