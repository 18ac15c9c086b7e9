using OrleansCrm.BuildingBlocks.Texts;

namespace OrleansCrm.Clients.Texts;

/// <summary>What the Clients module says to people: ClientsTexts.resx in English, .ru.resx and .uk.resx beside it (see <see cref="ModuleTexts{TSelf}"/>).</summary>
internal sealed class ClientsTexts : ModuleTexts<ClientsTexts>, IModuleTexts
{
    public const string Module = "Clients";

    static string IModuleTexts.Module => Module;

    private ClientsTexts()
    {
    }
}
