using System.Resources;
using OrleansCrm.BuildingBlocks.Texts;

namespace OrleansCrm.Agreements.Texts;

/// <summary>
/// What the Agreements module says to people (refusals, validation messages, field names as <c>Field_Name</c>, enum labels as
/// <c>Type_Value</c>): AgreementsTexts.resx in English, with .ru.resx and .uk.resx beside it. Codes are <c>Agreements.Key</c>.
/// </summary>
internal static class AgreementsTexts
{
    public const string Module = "Agreements";

    public static readonly ResourceManager Resources = new("OrleansCrm.Agreements.Texts.AgreementsTexts", typeof(AgreementsTexts).Assembly);

    /// <summary>The text <paramref name="key"/> of this module, with its arguments.</summary>
    public static ServerText Say(string key, params TextArg[] args) => ServerText.Of($"{Module}.{key}", args);

    /// <summary>Code for a rule's <c>WithText</c>.</summary>
    public static string Code(string key) => $"{Module}.{key}";

    /// <summary>A validation failure on <paramref name="field"/> found by a handler (a client that does not exist).</summary>
    public static FluentValidation.Results.ValidationFailure Failure(string field, ServerText text) =>
        new(field, ServerTexts.Render(text)) { ErrorCode = text.Code };

    /// <summary>A 400 naming <paramref name="field"/>.</summary>
    public static FluentValidation.ValidationException Invalid(string field, ServerText text) => new([Failure(field, text)]);

    /// <summary>An enum value as an argument, translated by this module's <c>Type_Value</c> text.</summary>
    public static TextArg Label<TEnum>(TEnum value) where TEnum : struct, Enum => TextArg.Label(Module, value);
}
