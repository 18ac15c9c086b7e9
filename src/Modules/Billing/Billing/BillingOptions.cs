namespace OrleansCrm.Billing;

/// <summary>Billing's settings (configuration section <c>Billing</c>; the mail server is <c>Billing:Smtp</c>).</summary>
public sealed class BillingOptions
{
    public const string Section = "Billing";

    /// <summary>The day of the month (1–28) the monthly run makes the month's invoices and acts.</summary>
    public int RunDay { get; set; } = 1;

    /// <summary>The hour (UTC) of that day the run starts.</summary>
    public int RunHourUtc { get; set; } = 3;

    /// <summary>A PNG of the signatory's facsimile, printed on e-mailed copies only; none when empty.</summary>
    public string? FacsimilePath { get; set; }

    /// <summary>A PNG of the company's stamp, printed on e-mailed copies only; none when empty.</summary>
    public string? StampPath { get; set; }

    /// <summary>
    /// The date an invoice issued on <paramref name="issuedOn"/> is due: <paramref name="bankingDays"/> banking days
    /// later (Saturdays and Sundays skipped; public holidays are not known here, so they count).
    /// </summary>
    public static DateOnly DueOn(DateOnly issuedOn, int bankingDays)
    {
        var due = issuedOn;
        for (var left = bankingDays; left > 0;)
        {
            due = due.AddDays(1);
            if (due.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
            {
                left--;
            }
        }

        return due;
    }
}
