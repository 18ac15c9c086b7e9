using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace OrleansCrm.ServiceDesk.Sla;

/// <summary>
/// An SLA target: whole working days of the calendar plus working hours and minutes. "1d" from Tuesday 15:00 is
/// Wednesday 15:00; "4h" from Friday 17:00 is Monday 12:00 (9–18 days). Written in configuration as "1d 2h 30m",
/// any part optional, which replaces the whole target (an object with Days/Hours/Minutes would be merged with the default).
/// </summary>
[TypeConverter(typeof(SlaTargetConverter))]
public readonly partial record struct SlaTarget(int Days, int Hours, int Minutes)
{
    public static SlaTarget FromDays(int days) => new(days, 0, 0);

    public static SlaTarget FromHours(int hours) => new(0, hours, 0);

    public static SlaTarget FromMinutes(int minutes) => new(0, 0, minutes);

    /// <summary>The hours and minutes part, counted after the days.</summary>
    public TimeSpan WorkingTime => TimeSpan.FromHours(Hours) + TimeSpan.FromMinutes(Minutes);

    public static SlaTarget Parse(string text) =>
        TryParse(text, out var target) ? target : throw new FormatException($"\"{text}\" is not an SLA target such as \"3d\", \"4h\", \"30m\" or \"1d 2h 30m\".");

    public static bool TryParse([NotNullWhen(true)] string? text, out SlaTarget target)
    {
        target = default;
        var match = text is null ? null : Pattern().Match(text);
        if (match is null || !match.Success || !(match.Groups["d"].Success || match.Groups["h"].Success || match.Groups["m"].Success))
        {
            return false;
        }

        if (!TryPart(match.Groups["d"], out var days) || !TryPart(match.Groups["h"], out var hours) || !TryPart(match.Groups["m"], out var minutes))
        {
            return false;
        }

        target = new SlaTarget(days, hours, minutes);
        return true;
    }

    /// <summary>"1d 2h 30m", leaving out zero parts; "0m" for no time at all.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        Append(text, Days, 'd');
        Append(text, Hours, 'h');
        Append(text, Minutes, 'm');
        return text.Length == 0 ? "0m" : text.ToString();
    }

    private static bool TryPart(Group group, out int value)
    {
        value = 0;
        return !group.Success || int.TryParse(group.Value, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    private static void Append(StringBuilder text, int value, char unit)
    {
        if (value != 0)
        {
            text.Append(text.Length == 0 ? "" : " ").Append(value.ToString(CultureInfo.InvariantCulture)).Append(unit);
        }
    }

    [GeneratedRegex(@"^\s*(?:(?<d>\d+)\s*d)?\s*(?:(?<h>\d+)\s*h)?\s*(?:(?<m>\d+)\s*m)?\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}

/// <summary>Lets the configuration binder read "1d 2h 30m" into an <see cref="SlaTarget"/>.</summary>
public sealed class SlaTargetConverter : TypeConverter
{
    public override bool CanConvertFrom(ITypeDescriptorContext? context, Type sourceType) =>
        sourceType == typeof(string) || base.CanConvertFrom(context, sourceType);

    public override object? ConvertFrom(ITypeDescriptorContext? context, CultureInfo? culture, object value) =>
        value is string text ? SlaTarget.Parse(text) : base.ConvertFrom(context, culture, value);

    public override object? ConvertTo(ITypeDescriptorContext? context, CultureInfo? culture, object? value, Type destinationType) =>
        destinationType == typeof(string) && value is SlaTarget target ? target.ToString() : base.ConvertTo(context, culture, value, destinationType);
}
