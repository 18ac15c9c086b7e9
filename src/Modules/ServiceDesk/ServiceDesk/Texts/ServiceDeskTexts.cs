using System.Resources;
using OrleansCrm.BuildingBlocks.Texts;

namespace OrleansCrm.ServiceDesk.Texts;

/// <summary>
/// What the ServiceDesk module says to people (refusals, validation messages, field names as <c>Field_Name</c>, enum labels as
/// <c>Type_Value</c>): ServiceDeskTexts.resx in English, with .ru.resx and .uk.resx beside it. Codes are <c>ServiceDesk.Key</c>.
/// </summary>
internal static class ServiceDeskTexts
{
    public const string Module = "ServiceDesk";

    public static readonly ResourceManager Resources = new("OrleansCrm.ServiceDesk.Texts.ServiceDeskTexts", typeof(ServiceDeskTexts).Assembly);

    // Registered as soon as anything says a text, so that plain classes (the dispatch policy's reasons) render in tests
    // that start no host; AddServiceDeskModule registers the same resources again, which changes nothing.
    static ServiceDeskTexts() => ServerTexts.Register(Module, Resources);

    /// <summary>The text <paramref name="key"/> of this module, with its arguments.</summary>
    public static ServerText Say(string key, params TextArg[] args) => ServerText.Of($"{Module}.{key}", args);

    /// <summary>Code for a rule's <c>WithText</c>.</summary>
    public static string Code(string key) => $"{Module}.{key}";

    /// <summary>A validation failure a handler finds (an unknown client), in the caller's language, with the text's code.</summary>
    public static FluentValidation.Results.ValidationFailure Failure(string field, ServerText text) =>
        new(field, ServerTexts.Render(text)) { ErrorCode = text.Code };

    /// <summary>An enum value as an argument, translated by this module's <c>Type_Value</c> text.</summary>
    public static TextArg Label<TEnum>(TEnum value) where TEnum : struct, Enum => TextArg.Label(Module, value);
}
