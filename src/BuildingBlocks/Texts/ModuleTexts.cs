using System.Resources;
using FluentValidation.Results;

namespace OrleansCrm.BuildingBlocks.Texts;

/// <summary>A module's (or the kit's) texts: its code prefix, e.g. <c>ServiceDesk</c>.</summary>
public interface IModuleTexts
{
    static abstract string Module { get; }
}

/// <summary>
/// What a module says to people (refusals, validation messages, field names as <c>Field_Name</c>, enum labels as
/// <c>Type_Value</c>): <c>&lt;Name&gt;Texts.resx</c> in English beside the class, with .ru.resx and .uk.resx. Codes are
/// <c>Module.Key</c>. A module declares <c>internal sealed class ClientsTexts : ModuleTexts&lt;ClientsTexts&gt;, IModuleTexts</c>
/// with its prefix and says <c>ClientsTexts.Say("Key", args)</c>.
/// </summary>
public abstract class ModuleTexts<TSelf> where TSelf : IModuleTexts
{
    /// <summary>The resx beside the class: its manifest name is the class's full name.</summary>
    public static readonly ResourceManager Resources = new(typeof(TSelf).FullName!, typeof(TSelf).Assembly);

    // Registered as soon as anything says a text, so that plain classes (the dispatch policy's reasons) render in tests
    // that start no host; each module's Add…Module registers the same resources again, which changes nothing.
    static ModuleTexts() => ServerTexts.Register(TSelf.Module, Resources);

    /// <summary>The text <paramref name="key"/> of this module, with its arguments.</summary>
    public static ServerText Say(string key, params TextArg[] args) => ServerText.Of($"{TSelf.Module}.{key}", args);

    /// <summary>Code for a rule's <c>WithText</c>.</summary>
    public static string Code(string key) => $"{TSelf.Module}.{key}";

    /// <summary>An enum value as an argument, translated by this module's <c>Type_Value</c> text.</summary>
    public static TextArg Label<TEnum>(TEnum value) where TEnum : struct, Enum => TextArg.Label(TSelf.Module, value);

    /// <summary>A validation failure a handler finds (an unknown client), in the caller's language, with the text's code.</summary>
    public static ValidationFailure Failure(string field, ServerText text) => new(field, ServerTexts.Render(text)) { ErrorCode = text.Code };

    /// <summary>A 400 naming <paramref name="field"/>, found by a handler rather than a validator.</summary>
    public static FluentValidation.ValidationException Invalid(string field, ServerText text) => new([Failure(field, text)]);
}
