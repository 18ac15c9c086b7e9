using System.Resources;

namespace OrleansCrm.BuildingBlocks.Texts;

/// <summary>
/// What the shared kit itself says (a save that lost a race): KitTexts.resx in English, with .ru.resx and .uk.resx
/// beside it. Codes are <c>Kit.Key</c>; they register themselves the first time one is said.
/// </summary>
public static class KitTexts
{
    public const string Module = "Kit";

    public static readonly ResourceManager Resources = new("OrleansCrm.BuildingBlocks.Texts.KitTexts", typeof(KitTexts).Assembly);

    static KitTexts() => ServerTexts.Register(Module, Resources);

    public static ServerText Say(string key, params TextArg[] args) => ServerText.Of($"{Module}.{key}", args);
}
