using Microsoft.Extensions.Localization;
using OrleansCrm.Sales.Deals.Pipelines;
using OrleansCrm.Web.Resources;
using OrleansCrm.Web.Shared;

namespace OrleansCrm.Web.Sales.Deals;

/// <summary>A deal field as people read it: a built-in one by its UI text (<c>DealField_amount</c>), a custom one by the name its pipeline gives it.</summary>
public static class DealFieldLabels
{
    public static string Of(IStringLocalizer<Ui> l, Pipeline? pipeline, string field) =>
        l[$"DealField_{field}"] is { ResourceNotFound: false } builtIn ? builtIn : pipeline?.CustomFields.FirstOrDefault(f => f.Key == field)?.Name ?? field;

    public static string List(IStringLocalizer<Ui> l, Pipeline? pipeline, IEnumerable<string> fields) => string.Join(", ", fields.Select(f => Of(l, pipeline, f)));
}

/// <summary>A deal's amount: hryvnias as the money pages show them, another currency with its code.</summary>
public static class DealMoney
{
    public static string Of(decimal amount, string currency) =>
        currency == "UAH" ? MoneyText.Format(amount) : amount.ToString("N2", System.Globalization.CultureInfo.CurrentCulture) + " " + currency;
}
