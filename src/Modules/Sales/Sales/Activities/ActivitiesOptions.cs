namespace OrleansCrm.Sales.Activities;

/// <summary>
/// <c>Sales:Activities</c> in configuration: the company's time zone (what "today" means for due colours, the calendar
/// and "today's" panel) and how long before a task's due time its executor is reminded.
/// </summary>
public sealed class ActivitiesOptions
{
    public const string Section = "Sales:Activities";

    public string TimeZone { get; set; } = "Europe/Kyiv";

    public int ReminderMinutesBefore { get; set; } = 60;

    public TimeZoneInfo Zone => TimeZoneInfo.FindSystemTimeZoneById(TimeZone);

    /// <summary>The start of the company's day that holds <paramref name="moment"/>, as a UTC moment.</summary>
    public DateTimeOffset StartOfDay(DateTimeOffset moment)
    {
        var zone = Zone;
        var local = TimeZoneInfo.ConvertTime(moment, zone);
        var midnight = local.Date;
        return new DateTimeOffset(midnight, zone.GetUtcOffset(midnight)).ToUniversalTime();
    }

    public DateTimeOffset EndOfDay(DateTimeOffset moment) => StartOfDay(StartOfDay(moment).AddHours(36));
}
