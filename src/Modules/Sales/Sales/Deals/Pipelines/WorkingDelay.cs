using System.Globalization;
using System.Text.RegularExpressions;

namespace OrleansCrm.Sales.Deals.Pipelines;

/// <summary>
/// A robot's "due after" in working time: a whole number and a unit, <c>30m</c>, <c>4h</c> or <c>2d</c> (working days:
/// the same point of the working day that many working days later).
/// </summary>
public readonly partial record struct WorkingDelay(TimeSpan Time, int Days)
{
    public static bool TryParse(string? text, out WorkingDelay delay)
    {
        delay = default;
        var match = text is null ? Match.Empty : Pattern().Match(text.Trim());
        if (!match.Success || !int.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count > 10_000)
        {
            return false;
        }

        delay = match.Groups[2].Value switch
        {
            "m" => new WorkingDelay(TimeSpan.FromMinutes(count), 0),
            "h" => new WorkingDelay(TimeSpan.FromHours(count), 0),
            _ => new WorkingDelay(TimeSpan.Zero, count),
        };
        return true;
    }

    [GeneratedRegex("^([0-9]{1,5})([mhd])$")]
    private static partial Regex Pattern();
}
