using System.Resources;
using OrleansCrm.BuildingBlocks.Texts;

namespace OrleansCrm.Audit.Texts;

/// <summary>
/// What the Audit module says to people (refusals, validation messages, field names as <c>Field_Name</c>, enum labels as
/// <c>Type_Value</c>): AuditTexts.resx in English, with .ru.resx and .uk.resx beside it. Codes are <c>Audit.Key</c>.
/// </summary>
internal static class AuditTexts
{
    public const string Module = "Audit";

    public static readonly ResourceManager Resources = new("OrleansCrm.Audit.Texts.AuditTexts", typeof(AuditTexts).Assembly);

    /// <summary>The text <paramref name="key"/> of this module, with its arguments.</summary>
    public static ServerText Say(string key, params TextArg[] args) => ServerText.Of($"{Module}.{key}", args);

    /// <summary>Code for a rule's <c>WithText</c>.</summary>
    public static string Code(string key) => $"{Module}.{key}";

    /// <summary>An enum value as an argument, translated by this module's <c>Type_Value</c> text.</summary>
    public static TextArg Label<TEnum>(TEnum value) where TEnum : struct, Enum => TextArg.Label(Module, value);
}
