using System.Globalization;
using Microsoft.AspNetCore.Localization;

namespace OrleansCrm.Web.Shared;

/// <summary>The languages the UI speaks. English is the default: the product's code, API and logs speak it too.</summary>
public static class UiCultures
{
    public const string Default = "en";

    public static readonly string[] Supported = [Default, "ru", "uk"];

    /// <summary>The endpoint that stores the choice in the culture cookie and goes back.</summary>
    public const string SwitchPath = "/culture/set";

    public static string SwitchUrl(string culture, string redirectUri) =>
        $"{SwitchPath}?culture={culture}&redirectUri={Uri.EscapeDataString(redirectUri)}";

    public static bool IsSupported(string? culture) => culture is not null && Supported.Contains(culture);

    public static string CookieValue(string culture) => CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture));

    public static CultureInfo[] Cultures => Supported.Select(CultureInfo.GetCultureInfo).ToArray();
}
