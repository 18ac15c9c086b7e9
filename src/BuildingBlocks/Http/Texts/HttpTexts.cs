using OrleansCrm.BuildingBlocks.Texts;

namespace OrleansCrm.BuildingBlocks.Http.Texts;

/// <summary>
/// What the HTTP edge says when it refuses a request before any module sees it (a malformed body, an unknown value,
/// over-long addresses, cross-site calls): HttpTexts.resx in English, with .ru.resx and .uk.resx beside it. Codes are <c>Http.Key</c>.
/// </summary>
public sealed class HttpTexts : ModuleTexts<HttpTexts>, IModuleTexts
{
    public const string Module = "Http";

    static string IModuleTexts.Module => Module;

    private HttpTexts()
    {
    }

    /// <summary>Makes the codes renderable (the host calls it when it adds the API).</summary>
    public static void Register() => ServerTexts.Register(Module, Resources);
}
