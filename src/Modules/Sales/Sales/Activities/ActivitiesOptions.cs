namespace OrleansCrm.Sales.Activities;

/// <summary>
/// <c>Sales:Activities</c> in configuration: how long before a task's due time its executor is reminded, and the hand-over's
/// skill. What "today" means (due colours, the calendar, "today's" panel) is the kit's <c>CompanyCalendar</c>.
/// </summary>
public sealed class ActivitiesOptions
{
    public const string Section = "Sales:Activities";

    public int ReminderMinutesBefore { get; set; } = 60;

    /// <summary>The skill a ticket handed over from sales asks for when the hand-over names none.</summary>
    public string HandoverSkill { get; set; } = "1c.accounting";
}
