using OrleansCrm.Staff.Contracts;

namespace OrleansCrm.Staff.Specialists;

/// <summary>An absence with an end date is over once that moment has passed, whether or not anyone has said so yet.</summary>
public static class AvailabilityRules
{
    public static readonly Availability OnDuty = new(AvailabilityStatus.OnDuty, null);

    public static bool AbsenceIsOver(Availability availability, DateTimeOffset now) =>
        availability is { Status: AvailabilityStatus.Absent, Until: { } until } && until <= now;

    /// <summary>What the availability is at <paramref name="now"/>.</summary>
    public static Availability Effective(Availability availability, DateTimeOffset now) =>
        AbsenceIsOver(availability, now) ? OnDuty : availability;

    /// <summary>
    /// What to store: an end date only with Absent, in UTC, to the millisecond (what the SQLite list keeps, so the
    /// grain and the list show the same moment); an absence that already ended is OnDuty.
    /// </summary>
    public static Availability Normalize(Availability requested, DateTimeOffset now) => requested.Status switch
    {
        AvailabilityStatus.Absent when requested.Until is { } until && until <= now => OnDuty,
        AvailabilityStatus.Absent when requested.Until is { } until =>
            new Availability(AvailabilityStatus.Absent, DateTimeOffset.FromUnixTimeMilliseconds(until.ToUnixTimeMilliseconds())),
        var status => new Availability(status, null),
    };
}
