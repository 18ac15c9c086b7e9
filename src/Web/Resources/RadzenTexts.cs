using System.Globalization;
using System.Resources;

namespace OrleansCrm.Web.Resources;

/// <summary>
/// Russian and Ukrainian texts for Radzen's own components (pager, grid, dropdowns), from RadzenTexts.*.resx;
/// keys Radzen has no translation for here fall back to its built-in English.
/// </summary>
public sealed class RadzenTexts : Radzen.ILocalizer
{
    private static readonly ResourceManager Resources = new(typeof(RadzenTexts).FullName!, typeof(RadzenTexts).Assembly);

    public string? Get(string key, CultureInfo culture) => Resources.GetString(key, culture);
}
