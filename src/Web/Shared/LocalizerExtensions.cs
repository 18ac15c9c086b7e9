using Microsoft.Extensions.Localization;

namespace OrleansCrm.Web.Shared;

public static class LocalizerExtensions
{
    /// <summary>An enum value's label: the resource <c>Type_Value</c> (e.g. <c>TicketStatus_InProgress</c>).</summary>
    public static string Enum<T>(this IStringLocalizer localizer, T value) where T : struct, Enum =>
        localizer[$"{typeof(T).Name}_{value}"];

    public static string YesNo(this IStringLocalizer localizer, bool value) => localizer[value ? "Yes" : "No"];
}
