using OrleansCrm.BuildingBlocks.Texts;

namespace OrleansCrm.Sales.Texts;

/// <summary>What the Sales module says to people: SalesTexts.resx in English, .ru.resx and .uk.resx beside it (see <see cref="ModuleTexts{TSelf}"/>).</summary>
internal sealed class SalesTexts : ModuleTexts<SalesTexts>, IModuleTexts
{
    public const string Module = "Sales";

    static string IModuleTexts.Module => Module;

    private SalesTexts()
    {
    }
}
