using System.Globalization;
using System.Text.Json.Serialization;

namespace OrleansCrm.Billing.MonthlyRun;

/// <summary>Consecutive days of one month, both included.</summary>
public sealed record DayRange(DateOnly From, DateOnly To)
{
    [JsonIgnore]
    public int Days => To.DayNumber - From.DayNumber + 1;

    public IEnumerable<DateOnly> Each()
    {
        for (var day = From; day <= To; day = day.AddDays(1))
        {
            yield return day;
        }
    }

    /// <summary>"20.12–31.12", or "20.12" for one day.</summary>
    public string Printed() => From == To ? From.ToString("dd.MM", CultureInfo.InvariantCulture)
        : $"{From.ToString("dd.MM", CultureInfo.InvariantCulture)}–{To.ToString("dd.MM", CultureInfo.InvariantCulture)}";
}

/// <summary>
/// Which days of a month a contract's monthly fee was billed for. The run's invoice keeps them in its body
/// (<c>DocumentBody.FeeDays</c>), an unbilled "fee for the days" item in its key, so days that come back into force later
/// (a contract resumed after its month was billed or skipped) are found as the days in force that neither covers, and
/// are billed once (<see cref="Unbilled.UnbilledWork.FromFeeDays"/>).
/// </summary>
public static class FeeDays
{
    /// <summary>The days as runs of consecutive days, in order.</summary>
    public static IReadOnlyList<DayRange> Ranges(IEnumerable<DateOnly> days)
    {
        var ranges = new List<DayRange>();
        foreach (var day in days.Distinct().Order())
        {
            if (ranges.Count > 0 && ranges[^1].To.AddDays(1) == day)
            {
                ranges[^1] = ranges[^1] with { To = day };
            }
            else
            {
                ranges.Add(new DayRange(day, day));
            }
        }

        return ranges;
    }

    /// <summary>
    /// The fee for some days of a month, prorated as the run prorates it (<see cref="ContractBilling.FeeFor"/>), the days
    /// named: "Абонентське обслуговування за грудень 2026, 20.12–31.12 (12 з 31 дн.)".
    /// </summary>
    public static Money.DocumentLine LineFor(DateOnly period, Agreements.Contracts.ContractTerms terms, DayRange days)
    {
        var monthDays = DateTime.DaysInMonth(period.Year, period.Month);
        return new Money.DocumentLine($"{ContractBilling.FeeLine(period)}, {days.Printed()} ({days.Days} з {monthDays} дн.)", 1, ContractBilling.MonthUnit,
            ContractBilling.FeeFor(period, terms, days.Days).Price, terms.VatRate);
    }
}
