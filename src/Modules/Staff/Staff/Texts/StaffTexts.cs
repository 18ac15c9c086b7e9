using OrleansCrm.BuildingBlocks.Texts;

namespace OrleansCrm.Staff.Texts;

/// <summary>What the Staff module says to people: StaffTexts.resx in English, .ru.resx and .uk.resx beside it (see <see cref="ModuleTexts{TSelf}"/>).</summary>
internal sealed class StaffTexts : ModuleTexts<StaffTexts>, IModuleTexts
{
    public const string Module = "Staff";

    static string IModuleTexts.Module => Module;

    private StaffTexts()
    {
    }
}
