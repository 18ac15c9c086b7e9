using System.Globalization;

namespace OrleansCrm.Web.Shared;

/// <summary>Hryvnias as people read them: grouped and with decimals by the user's culture, then the sign ₴.</summary>
public static class MoneyText
{
    /// <summary>To the kopiyka: 1 234,50 ₴ (uk), 1,234.50 ₴ (en).</summary>
    public static string Format(decimal hryvnias) => hryvnias.ToString("N2", CultureInfo.CurrentCulture) + " ₴";

    /// <summary>Whole hryvnias, for large type read across a room (a TV): 1 235 ₴. The exact sum goes in its tooltip.</summary>
    public static string Whole(decimal hryvnias) => Math.Round(hryvnias, 0, MidpointRounding.AwayFromZero).ToString("N0", CultureInfo.CurrentCulture) + " ₴";
}
