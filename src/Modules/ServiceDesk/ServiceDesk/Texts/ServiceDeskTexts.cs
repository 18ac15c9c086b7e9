using OrleansCrm.BuildingBlocks.Texts;

namespace OrleansCrm.ServiceDesk.Texts;

/// <summary>What the ServiceDesk module says to people: ServiceDeskTexts.resx in English, .ru.resx and .uk.resx beside it (see <see cref="ModuleTexts{TSelf}"/>).</summary>
internal sealed class ServiceDeskTexts : ModuleTexts<ServiceDeskTexts>, IModuleTexts
{
    public const string Module = "ServiceDesk";

    static string IModuleTexts.Module => Module;

    private ServiceDeskTexts()
    {
    }
}
