using System.Globalization;
using Microsoft.Extensions.Localization;
using OrleansCrm.BuildingBlocks.Texts;
using OrleansCrm.Clients.Contracts;
using OrleansCrm.Web.Shared;

namespace OrleansCrm.Web.Clients;

public static class ClientAttributes
{
    /// <summary>An attribute's key in the reader's language when the Clients module names it (<c>Attribute_vatPayer</c>), else as stored.</summary>
    public static string Name(string key) => ServerTexts.Find($"Clients.Attribute_{key}", CultureInfo.CurrentUICulture) ?? key;

    /// <summary>Attribute values are stored as invariant text; people read them in their own culture.</summary>
    public static string Text(CustomAttribute attribute, IStringLocalizer localizer) => attribute.Type switch
    {
        AttributeType.Number when decimal.TryParse(attribute.Value, NumberStyles.Number, CultureInfo.InvariantCulture, out var number) => number.ToString("#,##0.##", CultureInfo.CurrentCulture),
        AttributeType.Date when DateOnly.TryParseExact(attribute.Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) => LocalTime.Format(date),
        AttributeType.Bool when bool.TryParse(attribute.Value, out var flag) => localizer.YesNo(flag),
        _ => attribute.Value,
    };
}
