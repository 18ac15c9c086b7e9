using Microsoft.Extensions.Configuration;

namespace OrleansCrm.BuildingBlocks.Calendar;

/// <summary>
/// The company's working week, hours and holidays, which <see cref="WorkCalendar"/> counts in. Configured once, under
/// <see cref="Section"/> (where the service desk's SLA settings have always kept it; the SLA targets sit beside it).
/// </summary>
public class WorkCalendarOptions
{
    /// <summary>The one section the calendar is read from, by every module that counts working time.</summary>
    public const string Section = "Crm:ServiceDesk:Sla";

    /// <summary>
    /// IANA id of the zone the working hours and holidays are written in: the company's (<see cref="CompanyCalendar.Setting"/>),
    /// given by <see cref="InZone"/>; not read from this section any more.
    /// </summary>
    public string TimeZone { get; set; } = CompanyCalendar.DefaultZone;

    public List<DayOfWeek> WorkingDays { get; set; } =
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];

    /// <summary>Local wall-clock time the working day starts at.</summary>
    public TimeOnly DayStart { get; set; } = new(9, 0);

    /// <summary>Local wall-clock time the working day ends at (exclusive); later than <see cref="DayStart"/> on the same day.</summary>
    public TimeOnly DayEnd { get; set; } = new(18, 0);

    /// <summary>Local dates on which nobody works even if they fall on a working day.</summary>
    public List<DateOnly> Holidays { get; set; } = [];

    public TimeZoneInfo ResolveTimeZone() => TimeZoneInfo.FindSystemTimeZoneById(TimeZone);

    /// <summary>Puts the calendar in the company's zone (one setting for every date the product keeps).</summary>
    public WorkCalendarOptions InZone(TimeZoneInfo zone)
    {
        TimeZone = zone.Id;
        return this;
    }

    /// <summary>
    /// Binds a configuration section onto these options. A list given in configuration replaces the default one:
    /// the plain binder appends to it, so "WorkingDays": ["Saturday"] would silently mean Monday to Saturday.
    /// </summary>
    public WorkCalendarOptions ReadFrom(IConfiguration section)
    {
        if (section.GetSection(nameof(WorkingDays)).GetChildren().Any())
        {
            WorkingDays = [];
        }

        if (section.GetSection(nameof(Holidays)).GetChildren().Any())
        {
            Holidays = [];
        }

        var zone = TimeZone;
        section.Bind(this);
        TimeZone = zone; // the company's zone is one setting (CompanyCalendar), refused here by CompanyCalendar.From
        return this;
    }

    /// <summary>The errors that stop a <see cref="WorkCalendar"/> from being built.</summary>
    public IEnumerable<string> CalendarErrors()
    {
        if (string.IsNullOrWhiteSpace(TimeZone))
        {
            yield return $"{nameof(TimeZone)} is required (an IANA id such as Europe/Kyiv).";
        }
        else if (!TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone, out _))
        {
            yield return $"{nameof(TimeZone)} \"{TimeZone}\" is not a time zone this machine knows.";
        }

        if (WorkingDays is null || WorkingDays.Count == 0)
        {
            yield return $"{nameof(WorkingDays)} lists no working day.";
        }
        else
        {
            foreach (var day in WorkingDays.Where(d => !Enum.IsDefined(d)))
            {
                yield return $"{nameof(WorkingDays)} contains {(int)day}, which is not a day of the week.";
            }

            // Usually the sign of a configured list appended to the default one by a plain Bind (see ReadFrom).
            foreach (var day in WorkingDays.GroupBy(d => d).Where(g => g.Count() > 1).Select(g => g.Key))
            {
                yield return $"{nameof(WorkingDays)} lists {day} more than once.";
            }
        }

        if (DayEnd <= DayStart)
        {
            yield return $"{nameof(DayEnd)} ({DayEnd:HH\\:mm}) must be later than {nameof(DayStart)} ({DayStart:HH\\:mm}).";
        }

        if (Holidays is null)
        {
            yield return $"{nameof(Holidays)} cannot be null; leave it empty for none.";
        }
    }
}
