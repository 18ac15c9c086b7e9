using System.Resources;
using OrleansCrm.BuildingBlocks.Texts;

namespace OrleansCrm.BuildingBlocks.Http.Texts;

/// <summary>
/// What the HTTP edge says about a request it refuses before any module sees it (NUL characters, undefined enum values,
/// over-long addresses, cross-site calls): HttpTexts.resx in English, with .ru.resx and .uk.resx beside it. Codes are <c>Http.Key</c>.
/// </summary>
public static class HttpTexts
{
    public const string Module = "Http";

    public static readonly ResourceManager Resources = new("OrleansCrm.BuildingBlocks.Http.Texts.HttpTexts", typeof(HttpTexts).Assembly);

    static HttpTexts() => ServerTexts.Register(Module, Resources);

    /// <summary>Makes the codes renderable (the host calls it when it adds the API).</summary>
    public static void Register()
    {
        // The static constructor registers; calling anything runs it once.
    }

    public static ServerText Say(string key, params TextArg[] args) => ServerText.Of($"{Module}.{key}", args);
}
