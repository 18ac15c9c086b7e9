using Cronos;
using OrleansCrm.BuildingBlocks.Jobs;

namespace OrleansCrm.Host.Jobs;

/// <summary>Which period a run stands for, from the job's cron and the moment Hangfire created the run.</summary>
public static class JobSchedule
{
    private static readonly TimeSpan LongestLookBack = TimeSpan.FromDays(366 * 8); // a 29 February schedule

    public static CronExpression Parse(string cron) =>
        CronExpression.Parse(cron, cron.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard);

    /// <summary>
    /// The last occurrence at or before <paramref name="moment"/> and the one before it. Hangfire stamps a late run
    /// (missed while hosts were down) and a triggered one with the time it created them, so the run is mapped back to
    /// the occurrence it stands for.
    /// </summary>
    public static JobPeriod PeriodOf(string cron, DateTimeOffset moment)
    {
        var expression = Parse(cron);
        var end = LastAtOrBefore(expression, moment.UtcDateTime, inclusive: true);
        if (end is null)
        {
            return new JobPeriod(moment, moment);
        }

        var start = LastAtOrBefore(expression, end.Value, inclusive: false) ?? end.Value;
        return new JobPeriod(new DateTimeOffset(start, TimeSpan.Zero), new DateTimeOffset(end.Value, TimeSpan.Zero));
    }

    // Cronos walks forward only: look back over a window that doubles until it holds an occurrence, so a schedule
    // every few seconds and a yearly one both cost a few steps.
    private static DateTime? LastAtOrBefore(CronExpression expression, DateTime utc, bool inclusive)
    {
        utc = DateTime.SpecifyKind(utc, DateTimeKind.Utc);
        for (var window = TimeSpan.FromMinutes(2); window <= LongestLookBack * 2; window *= 2)
        {
            var last = expression.GetOccurrences(utc - window, utc, fromInclusive: true, toInclusive: inclusive).Cast<DateTime?>().LastOrDefault();
            if (last is not null)
            {
                return last;
            }
        }

        return null;
    }
}
