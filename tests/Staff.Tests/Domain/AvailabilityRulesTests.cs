using OrleansCrm.Staff.Contracts;
using OrleansCrm.Staff.Specialists;

namespace OrleansCrm.Staff.Tests.Domain;

public sealed class AvailabilityRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void An_absence_is_over_once_its_end_has_passed()
    {
        var absent = new Availability(AvailabilityStatus.Absent, Now.AddHours(1));
        Assert.Equal(absent, AvailabilityRules.Effective(absent, Now));
        Assert.Equal(AvailabilityRules.OnDuty, AvailabilityRules.Effective(absent, Now.AddHours(1)));
        Assert.True(AvailabilityRules.AbsenceIsOver(absent, Now.AddDays(30)));

        var untilFurtherNotice = new Availability(AvailabilityStatus.Absent, null);
        Assert.Equal(untilFurtherNotice, AvailabilityRules.Effective(untilFurtherNotice, Now.AddYears(1)));
    }

    [Fact]
    public void Normalize_keeps_an_end_only_with_absent_in_utc()
    {
        var kyiv = new DateTimeOffset(2026, 3, 5, 9, 0, 0, TimeSpan.FromHours(2));
        var absent = AvailabilityRules.Normalize(new Availability(AvailabilityStatus.Absent, kyiv), Now);
        Assert.Equal(TimeSpan.Zero, absent.Until!.Value.Offset);
        Assert.Equal(kyiv, absent.Until);

        Assert.Equal(new Availability(AvailabilityStatus.OffShift, null), AvailabilityRules.Normalize(new Availability(AvailabilityStatus.OffShift, kyiv), Now));
        Assert.Equal(AvailabilityRules.OnDuty, AvailabilityRules.Normalize(new Availability(AvailabilityStatus.Absent, Now.AddSeconds(-1)), Now));
    }
}
