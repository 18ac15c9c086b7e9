using OrleansCrm.BuildingBlocks.Texts;

namespace OrleansCrm.Agreements.Texts;

/// <summary>What the Agreements module says to people: AgreementsTexts.resx in English, .ru.resx and .uk.resx beside it (see <see cref="ModuleTexts{TSelf}"/>).</summary>
internal sealed class AgreementsTexts : ModuleTexts<AgreementsTexts>, IModuleTexts
{
    public const string Module = "Agreements";

    static string IModuleTexts.Module => Module;

    private AgreementsTexts()
    {
    }
}
