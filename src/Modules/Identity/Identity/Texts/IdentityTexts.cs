using OrleansCrm.BuildingBlocks.Texts;

namespace OrleansCrm.Identity.Texts;

/// <summary>What the Identity module says to people: IdentityTexts.resx in English, .ru.resx and .uk.resx beside it (see <see cref="ModuleTexts{TSelf}"/>).</summary>
internal sealed class IdentityTexts : ModuleTexts<IdentityTexts>, IModuleTexts
{
    public const string Module = "Identity";

    static string IModuleTexts.Module => Module;

    private IdentityTexts()
    {
    }
}
