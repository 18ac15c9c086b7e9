using System.Globalization;

namespace OrleansCrm.BuildingBlocks.Texts;

/// <summary>
/// A sentence the server says to a person (a refusal, an alert, a dispatch reason, a history entry), kept as a code and
/// its arguments rather than as English, so each reader gets it in their own language: <c>ServerTexts.Render</c> looks the
/// code up in the owning module's resources. The API sends the English rendering beside the code.
/// A code is <c>Module.Key</c>: <c>ServiceDesk.AlreadyAssigned</c> is the key <c>AlreadyAssigned</c> of the texts the
/// ServiceDesk module registered. Stored in grain state: never reuse a code for another meaning.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ServerText([property: Id(0)] string Code, [property: Id(1)] TextArg[] Args)
{
    public static ServerText Of(string code, params TextArg[] args) => new(code, args);

    public bool Equals(ServerText? other) => other is not null && Code == other.Code && Args.SequenceEqual(other.Args);

    public override int GetHashCode() => HashCode.Combine(Code, Args.Length);
}

// Stored by number in grain state (StoredEnums.txt in Host.Tests guards it): keep every value; a new member takes a new one.
public enum TextArgKind
{
    /// <summary>Shown as it is: a name, a skill code, a reason someone typed.</summary>
    Text = 0,

    /// <summary>A number, kept invariant and shown with the reader's separators.</summary>
    Number = 1,

    /// <summary>A moment, kept as ISO 8601 and shown in the reader's date format.</summary>
    Date = 2,

    /// <summary>Another text's code, itself translated: an enum value (<c>ServiceDesk.TicketStatus_Resolved</c>).</summary>
    Label = 3,
}

/// <summary>One argument of a <see cref="ServerText"/>, typed so that each reader formats it in their own culture.</summary>
[GenerateSerializer, Immutable]
public readonly record struct TextArg([property: Id(0)] TextArgKind Kind, [property: Id(1)] string Value)
{
    public static implicit operator TextArg(string? text) => new(TextArgKind.Text, text ?? "");

    public static implicit operator TextArg(int number) => new(TextArgKind.Number, number.ToString(CultureInfo.InvariantCulture));

    public static implicit operator TextArg(long number) => new(TextArgKind.Number, number.ToString(CultureInfo.InvariantCulture));

    public static implicit operator TextArg(decimal number) => new(TextArgKind.Number, number.ToString(CultureInfo.InvariantCulture));

    public static implicit operator TextArg(double number) => new(TextArgKind.Number, number.ToString("R", CultureInfo.InvariantCulture));

    public static implicit operator TextArg(DateTimeOffset moment) => new(TextArgKind.Date, moment.ToString("O", CultureInfo.InvariantCulture));

    /// <summary>An enum value, translated by its module's texts under <c>Module.EnumType_Value</c>.</summary>
    public static TextArg Label<TEnum>(string module, TEnum value) where TEnum : struct, Enum =>
        new(TextArgKind.Label, $"{module}.{typeof(TEnum).Name}_{value}");

    /// <summary>Another text's code, translated in turn.</summary>
    public static TextArg Code(string code) => new(TextArgKind.Label, code);
}
