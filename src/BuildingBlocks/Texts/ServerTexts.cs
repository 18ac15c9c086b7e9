using System.Collections.Concurrent;
using System.Globalization;
using System.Resources;

namespace OrleansCrm.BuildingBlocks.Texts;

/// <summary>
/// Renders <see cref="ServerText"/>s in a culture. Each module registers its resources (a <c>…Texts.resx</c> in English,
/// with <c>.ru.resx</c> and <c>.uk.resx</c> beside it) under its name when its services are added; a code's prefix picks
/// them. Registration is process-wide because exceptions render their English message where they are thrown.
/// </summary>
public static class ServerTexts
{
    public static readonly CultureInfo English = CultureInfo.GetCultureInfo("en");

    private static readonly ConcurrentDictionary<string, ResourceManager> Modules = new(StringComparer.Ordinal);

    /// <summary>Makes <paramref name="module"/>'s codes renderable; a second registration of the same resources is a no-op.</summary>
    public static void Register(string module, ResourceManager resources) => Modules[module] = resources;

    public static IReadOnlyDictionary<string, ResourceManager> Registered => Modules;

    /// <summary>In the culture of the code that asks: a Blazor circuit's is the user's, an API request's is English.</summary>
    public static string Render(ServerText text) => Render(text, CultureInfo.CurrentUICulture);

    public static string Render(ServerText text, CultureInfo culture)
    {
        var template = Find(text.Code, culture) ?? text.Code;
        if (text.Args.Length == 0)
        {
            return template;
        }

        var args = text.Args.Select(arg => Argument(arg, culture)).ToArray();
        try
        {
            return string.Format(culture, template, args);
        }
        catch (FormatException)
        {
            // A translation that asks for more arguments than the code carries must not hide the message altogether.
            return $"{template} ({string.Join(", ", args)})";
        }
    }

    /// <summary>The English rendering, for the API's <c>detail</c>, logs and exception messages.</summary>
    public static string InEnglish(ServerText text) => Render(text, English);

    /// <summary>The template of a code in a culture (falling back to English), or null for an unknown code.</summary>
    public static string? Find(string code, CultureInfo culture)
    {
        var dot = code.IndexOf('.');
        if (dot <= 0 || !Modules.TryGetValue(code[..dot], out var resources))
        {
            return null;
        }

        return resources.GetString(code[(dot + 1)..], culture);
    }

    private static object Argument(TextArg arg, CultureInfo culture) => arg.Kind switch
    {
        TextArgKind.Number when decimal.TryParse(arg.Value, NumberStyles.Number, CultureInfo.InvariantCulture, out var number) => number,
        TextArgKind.Date when DateTimeOffset.TryParse(arg.Value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var moment) => moment,
        TextArgKind.Label => Find(arg.Value, culture) ?? arg.Value[(arg.Value.IndexOf('.') + 1)..],
        _ => arg.Value,
    };
}
