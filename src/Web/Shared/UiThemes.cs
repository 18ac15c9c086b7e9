namespace OrleansCrm.Web.Shared;

/// <summary>Radzen themes the product uses: Material, with its dark variant for the wall and for those who prefer it.</summary>
public static class UiThemes
{
    public const string Default = "material";
    public const string Dark = "material-dark";

    /// <summary>Radzen's cookie theme service keeps the user's light/dark choice here; the page head reads it before the first render.</summary>
    public const string Cookie = "CrmTheme";

    /// <summary>Only our own themes: the cookie's value becomes a stylesheet path.</summary>
    public static string FromCookie(string? value) => value is Default or Dark ? value : Default;
}
