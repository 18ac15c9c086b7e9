using OrleansCrm.BuildingBlocks.Texts;

namespace OrleansCrm.Audit.Texts;

/// <summary>What the Audit module says to people: AuditTexts.resx in English, .ru.resx and .uk.resx beside it (see <see cref="ModuleTexts{TSelf}"/>).</summary>
internal sealed class AuditTexts : ModuleTexts<AuditTexts>, IModuleTexts
{
    public const string Module = "Audit";

    static string IModuleTexts.Module => Module;

    private AuditTexts()
    {
    }
}
