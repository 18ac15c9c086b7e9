using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace OrleansCrm.BuildingBlocks.Calendar;

/// <summary>
/// The company's day: "today", "this month" and the zone its dates are written in, from ONE setting
/// (<see cref="Setting"/>, Europe/Kyiv by default). Contracts (their start, end and termination days), money documents and
/// figures, and the service desk's working hours all read it, so a contract that ends today ends on the same midnight
/// as the wall's "cash today" and the SLA's working day. Tests replace it with one on a fixed clock.
/// </summary>
public sealed class CompanyCalendar(TimeProvider time, TimeZoneInfo zone)
{
    /// <summary>The one setting: an IANA time zone id.</summary>
    public const string Setting = "Company:TimeZone";

    public const string DefaultZone = "Europe/Kyiv";

    /// <summary>
    /// Where the zone used to be set, twice (Billing's documents and the SLA calendar). No configuration file used them;
    /// a host given one now stops with a sentence naming <see cref="Setting"/>, rather than silently use another zone.
    /// </summary>
    public static readonly IReadOnlyList<string> RetiredSettings = ["Billing:TimeZone", "Crm:ServiceDesk:Sla:TimeZone"];

    public TimeZoneInfo Zone => zone;

    public TimeProvider Time => time;

    public DateTimeOffset Now => time.GetUtcNow();

    /// <summary>Today's date in the company's zone.</summary>
    public DateOnly Today => DateOf(time.GetUtcNow());

    /// <summary>The first day of the current month in the company's zone.</summary>
    public DateOnly ThisMonth => new(Today.Year, Today.Month, 1);

    /// <summary>The company's date at <paramref name="moment"/>.</summary>
    public DateOnly DateOf(DateTimeOffset moment) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(moment, zone).DateTime);

    /// <summary>The moment the company's <paramref name="date"/> begins (its local midnight), in UTC.</summary>
    public DateTimeOffset StartOf(DateOnly date) =>
        new(TimeZoneInfo.ConvertTimeToUtc(date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified), zone), TimeSpan.Zero);

    /// <summary>The start of the company's day that holds <paramref name="moment"/>, in UTC.</summary>
    public DateTimeOffset StartOfDay(DateTimeOffset moment) => StartOf(DateOf(moment));

    /// <summary>The end of the company's day that holds <paramref name="moment"/> (the next day's start), in UTC.</summary>
    public DateTimeOffset EndOfDay(DateTimeOffset moment) => StartOf(DateOf(moment).AddDays(1));

    /// <summary>The calendar from configuration; an unknown zone or a retired setting stops the host with a sentence.</summary>
    public static CompanyCalendar From(IConfiguration configuration, TimeProvider time)
    {
        foreach (var retired in RetiredSettings.Where(key => !string.IsNullOrWhiteSpace(configuration[key])))
        {
            throw new InvalidOperationException($"The setting {retired} is no longer read: set the company's time zone once, as {Setting}.");
        }

        var id = configuration[Setting] is { Length: > 0 } configured ? configured : DefaultZone;
        return TimeZoneInfo.TryFindSystemTimeZoneById(id, out var found)
            ? new CompanyCalendar(time, found)
            : throw new InvalidOperationException($"{Setting} \"{id}\" is not a time zone this machine knows (an IANA id such as Europe/Kyiv).");
    }
}

public static class CompanyCalendarRegistration
{
    /// <summary>
    /// The company calendar, and the work calendar (working days and hours from <see cref="WorkCalendarOptions.Section"/>)
    /// in its zone. Every module that needs either calls this; the first registration wins, so a test's replacement stays.
    /// </summary>
    public static IServiceCollection AddCompanyCalendar(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(sp => CompanyCalendar.From(configuration, sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new WorkCalendar(
            new WorkCalendarOptions().ReadFrom(configuration.GetSection(WorkCalendarOptions.Section)).InZone(sp.GetRequiredService<CompanyCalendar>().Zone)));
        return services;
    }
}
