using OrleansCrm.BuildingBlocks.Texts;

namespace OrleansCrm.Billing.Texts;

/// <summary>What the Billing module says to people: BillingTexts.resx in English, .ru.resx and .uk.resx beside it (see <see cref="ModuleTexts{TSelf}"/>).</summary>
internal sealed class BillingTexts : ModuleTexts<BillingTexts>, IModuleTexts
{
    public const string Module = "Billing";

    static string IModuleTexts.Module => Module;

    private BillingTexts()
    {
    }
}
