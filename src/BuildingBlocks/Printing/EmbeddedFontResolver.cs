using System.Collections.Concurrent;
using PdfSharp.Fonts;

namespace OrleansCrm.BuildingBlocks.Printing;

/// <summary>
/// Serves PDFsharp the Liberation Sans faces embedded in this assembly, whatever family is asked for: documents never
/// depend on the fonts of the machine (a fresh server has none with Cyrillic, and a system font would make two hosts
/// print differently). Italic is simulated; no document uses it.
/// </summary>
public sealed class EmbeddedFontResolver : IFontResolver
{
    public const string Family = "Liberation Sans";
    private const string RegularFace = "LiberationSans-Regular";
    private const string BoldFace = "LiberationSans-Bold";
    private static readonly Lock Gate = new();

    private readonly ConcurrentDictionary<string, byte[]> _faces = new();

    public static EmbeddedFontResolver Instance { get; } = new();

    private EmbeddedFontResolver()
    {
    }

    /// <summary>
    /// Installs the resolver in PDFsharp's global settings, once per process. PDFsharp allows one resolver for the whole
    /// process, set before its first font: another one found there is an error, not something to override silently.
    /// </summary>
    public static void Register()
    {
        lock (Gate)
        {
            var current = GlobalFontSettings.FontResolver;
            if (ReferenceEquals(current, Instance))
                return;
            if (current is not null)
                throw new InvalidOperationException(
                    $"PDFsharp already has the font resolver {current.GetType().FullName}; documents need {nameof(EmbeddedFontResolver)}.");
            GlobalFontSettings.FontResolver = Instance;
        }
    }

    public FontResolverInfo ResolveTypeface(string familyName, bool bold, bool italic) =>
        new(bold ? BoldFace : RegularFace, mustSimulateBold: false, mustSimulateItalic: italic);

    public byte[] GetFont(string faceName) => _faces.GetOrAdd(faceName, Load);

    /// <summary>The faces this resolver serves (their TrueType files).</summary>
    public static IReadOnlyList<string> Faces { get; } = [RegularFace, BoldFace];

    private static byte[] Load(string faceName)
    {
        var name = $"OrleansCrm.BuildingBlocks.Printing.Fonts.{faceName}.ttf";
        using var stream = typeof(EmbeddedFontResolver).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The font resource {name} is missing from the assembly.");
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }
}
