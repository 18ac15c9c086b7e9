namespace OrleansCrm.BuildingBlocks.Texts;

/// <summary>
/// What the shared kit itself says (a save that lost a race): KitTexts.resx in English, with .ru.resx and .uk.resx
/// beside it. Codes are <c>Kit.Key</c>; they register themselves the first time one is said.
/// </summary>
public sealed class KitTexts : ModuleTexts<KitTexts>, IModuleTexts
{
    public const string Module = "Kit";

    static string IModuleTexts.Module => Module;

    private KitTexts()
    {
    }
}
