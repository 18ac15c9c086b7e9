namespace OrleansCrm.Billing.Reports;

/// <summary>
/// How late an amount is on a day, by days past its due date (the day asked about minus the due date): due that day or
/// later is not due yet; 1–30 days late is "0–30", then 31–60, 61–90 and over 90.
/// </summary>
public enum AgingBucket
{
    NotDue = 0,
    Days0To30 = 1,
    Days31To60 = 2,
    Days61To90 = 3,
    Over90 = 4,
}

/// <summary>Amounts owed by aging bucket, in hryvnias; <see cref="Overdue"/> is every bucket past due, <see cref="Total"/> all of them.</summary>
public sealed record AgingAmounts(decimal NotDue, decimal Days0To30, decimal Days31To60, decimal Days61To90, decimal Over90)
{
    public static readonly AgingAmounts Zero = new(0, 0, 0, 0, 0);

    public decimal Overdue => Days0To30 + Days31To60 + Days61To90 + Over90;

    public decimal Total => NotDue + Overdue;

    public AgingAmounts Add(AgingBucket bucket, decimal amount) => bucket switch
    {
        AgingBucket.NotDue => this with { NotDue = NotDue + amount },
        AgingBucket.Days0To30 => this with { Days0To30 = Days0To30 + amount },
        AgingBucket.Days31To60 => this with { Days31To60 = Days31To60 + amount },
        AgingBucket.Days61To90 => this with { Days61To90 = Days61To90 + amount },
        _ => this with { Over90 = Over90 + amount },
    };

    public AgingAmounts Plus(AgingAmounts other) => new(
        NotDue + other.NotDue, Days0To30 + other.Days0To30, Days31To60 + other.Days31To60, Days61To90 + other.Days61To90, Over90 + other.Over90);
}

public static class Aging
{
    /// <summary>Days <paramref name="dueOn"/> is past on <paramref name="asOf"/>; zero or less when not due yet.</summary>
    public static int DaysLate(DateOnly dueOn, DateOnly asOf) => asOf.DayNumber - dueOn.DayNumber;

    public static AgingBucket Of(DateOnly dueOn, DateOnly asOf) => DaysLate(dueOn, asOf) switch
    {
        <= 0 => AgingBucket.NotDue,
        <= 30 => AgingBucket.Days0To30,
        <= 60 => AgingBucket.Days31To60,
        <= 90 => AgingBucket.Days61To90,
        _ => AgingBucket.Over90,
    };
}
