using System.Globalization;
using System.Text.RegularExpressions;
using OrleansCrm.BuildingBlocks.Texts;

namespace OrleansCrm.ServiceDesk.Texts;

/// <summary>
/// Reads back the service desk's own English sentences stored before they were kept as codes (alert journal rows,
/// history reasons the dispatcher wrote): each is matched against the English template of the texts that could have
/// said it, and becomes that text again, so every reader gets it in their own language. A sentence that matches none
/// (a reason a person typed) is left as it is.
/// </summary>
public static class StoredEnglish
{
    /// <summary>The dispatcher's reasons: assignments, waiting, rebalance moves, absence re-dispatch.</summary>
    public static readonly IReadOnlyList<string> DispatchReasons =
    [
        "Dispatch_LowestLoadHigherLevel", "Dispatch_LowestLoadServedClient", "Dispatch_LowestLoadHigherRating", "Dispatch_LowestLoadAssignedLongestAgo",
        "Dispatch_LowestLoad", "Dispatch_WaitingNobody", "Dispatch_WaitingFull", "Dispatch_CriticalOverCapacity", "Dispatch_Rebalance",
        "Dispatch_AwayAbsent", "Dispatch_AwayOffShift",
    ];

    /// <summary>The alert journal's sentences.</summary>
    public static readonly IReadOnlyList<string> Alerts = ["Alert_NeverTaken", "Alert_AboutToBreach", "Alert_Overdue"];

    private static readonly Lazy<IReadOnlyList<(string Key, Regex Pattern, string[] Formats)>> Patterns = new(Build);

    /// <summary>The text <paramref name="english"/> was rendered from, among <paramref name="keys"/>; null when none says it.</summary>
    public static ServerText? Recognize(string? english, IReadOnlyList<string> keys)
    {
        if (string.IsNullOrEmpty(english))
        {
            return null;
        }

        foreach (var (key, pattern, formats) in Patterns.Value)
        {
            if (!keys.Contains(key) || pattern.Match(english) is not { Success: true } match)
            {
                continue;
            }

            var args = new TextArg[formats.Length];
            for (var i = 0; i < formats.Length; i++)
            {
                args[i] = Argument(match.Groups[$"a{i}"].Value, formats[i]);
            }

            return ServiceDeskTexts.Say(key, args);
        }

        return null;
    }

    /// <summary>The sentence in the reader's language when it is one of <paramref name="keys"/>, else as stored.</summary>
    public static string? Render(string? stored, IReadOnlyList<string> keys) =>
        Recognize(stored, keys) is { } text ? ServerTexts.Render(text) : stored;

    private static TextArg Argument(string value, string format)
    {
        if (format == "u" && DateTimeOffset.TryParseExact(value, "u", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var moment))
        {
            return moment;
        }

        // Numbers only where the template formats one, or a whole count: skill codes and names stay text.
        return format.Length > 0 && decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out var number) ? number
            : Regex.IsMatch(value, "^[0-9]{1,9}$") ? int.Parse(value, CultureInfo.InvariantCulture)
            : value;
    }

    private static IReadOnlyList<(string Key, Regex Pattern, string[] Formats)> Build()
    {
        var built = new List<(string, Regex, string[])>();
        foreach (var key in DispatchReasons.Concat(Alerts))
        {
            var template = ServiceDeskTexts.Resources.GetString(key, CultureInfo.InvariantCulture) ?? "";
            var formats = new List<string>();
            var pattern = "^" + Regex.Replace(Regex.Escape(template).Replace(@"\{", "{"), @"\{(\d+)(?::([^}]*))?}", match =>
            {
                var index = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
                while (formats.Count <= index)
                {
                    formats.Add("");
                }

                formats[index] = match.Groups[2].Value;
                return $"(?<a{index}>.+?)";
            }) + "$";
            built.Add((key, new Regex(pattern, RegexOptions.Singleline | RegexOptions.CultureInvariant), formats.ToArray()));
        }

        return built;
    }
}
