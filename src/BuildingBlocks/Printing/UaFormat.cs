using System.Globalization;

namespace OrleansCrm.BuildingBlocks.Printing;

/// <summary>
/// Dates, money and quantities the way Ukrainian documents print them: 05.12.2026, 1 234,50, 2,5. Fixed here rather
/// than taken from the uk-UA culture, whose group separator is a no-break space that differs between ICU versions.
/// </summary>
public static class UaFormat
{
    private static readonly NumberFormatInfo Numbers = new()
    {
        NumberDecimalSeparator = ",",
        NumberGroupSeparator = " ",
        NumberGroupSizes = [3],
        NegativeSign = "-",
    };

    private static readonly string[] Months =
    [
        "січень", "лютий", "березень", "квітень", "травень", "червень",
        "липень", "серпень", "вересень", "жовтень", "листопад", "грудень",
    ];

    public static string Date(DateOnly date) => date.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture);

    /// <summary>Two decimals, thousands grouped by a space: 1 234,50.</summary>
    public static string Money(decimal amount) => amount.ToString("#,0.00", Numbers);

    /// <summary>Up to three decimals, no trailing zeros: 1, 2,5, 0,125.</summary>
    public static string Quantity(decimal quantity) => quantity.ToString("#,0.###", Numbers);

    /// <summary>20 → "20%"; null → "без ПДВ" (exempt).</summary>
    public static string VatRate(decimal? rate) =>
        rate is { } r ? r.ToString("0.##", Numbers) + "%" : "без ПДВ";

    /// <summary>"грудень 2026" for a whole calendar month, otherwise "01.12.2026 – 15.12.2026".</summary>
    public static string Period(DateOnly from, DateOnly to)
    {
        var wholeMonth = from.Day == 1 && to.Year == from.Year && to.Month == from.Month
            && to.Day == DateTime.DaysInMonth(to.Year, to.Month);
        return wholeMonth
            ? $"{Months[from.Month - 1]} {from.Year}"
            : $"{Date(from)} – {Date(to)}";
    }
}
