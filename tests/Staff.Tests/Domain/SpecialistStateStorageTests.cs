using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using OrleansCrm.Staff.Specialists;

namespace OrleansCrm.Staff.Tests.Domain;

/// <summary>A specialist's stored state: open tickets and last applied work round-trip packed, and older states still read.</summary>
public sealed class SpecialistStateStorageTests
{
    private static readonly Serializer Serializer = new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<Serializer>();

    private static readonly Guid First = Guid.Parse("11111111-2222-3333-4444-555555555555");
    private static readonly Guid Second = Guid.Parse("21111111-2222-3333-4444-555555555555");
    private static readonly Guid Left = Guid.Parse("31111111-2222-3333-4444-555555555555");
    private static readonly DateTimeOffset AppliedAt = new(2026, 11, 20, 8, 30, 15, TimeSpan.Zero);

    [Fact]
    public void Open_tickets_and_last_applied_work_round_trip_packed()
    {
        var state = new SpecialistState { Version = 7, Accepted = 3 };
        state.OpenTickets.Add(new OpenTicket(First, 3, 4));
        state.OpenTickets.Add(new OpenTicket(Second, 5));
        state.LastApplied[Left] = new AppliedWork(9, AppliedAt.AddTicks(1234)); // kept to the millisecond

        var read = Serializer.Deserialize<SpecialistState>(Serializer.SerializeToArray(state))!;

        Assert.Equal(9 + 2 * 24 + 28, state.PackedWork!.Length);
        AssertWork(read);
        Assert.Equal(7, read.Version);
        Assert.Equal(3, read.Accepted);
    }

    [Fact]
    public void A_state_stored_before_the_work_was_packed_still_reads()
    {
        // Written by the version before PackedWork and ResolvedDays (open tickets in field 3, last applied work in field 4,
        // resolution times in field 5: 2026-11-20 08:30:15Z, 23:59:59Z, 2026-11-21 00:00:01+02:00 and 2026-11-22 10:00Z).
        const string stored = "IMABAR0h6AgDAcEB4CEABSHoQCERERERIiIzM0REVVVVVVVVAQ0BEeAg6EAhERERISIiMzNERFVVVVVVVQEVAQHg4CEBA0EhERERMSIiMzNERFVVVVVVVSDoACUhgICFW4DgRt8IgQAAAAAAAAAA4ODgIQAJIYCAhVuA4EbfCIEAAAAAAAAAAOAggIBpNmJiR98IgQAAAAAAAAAA4CCAgJZnY2JH3wiBANCIwxAAAADgIIAA0ORef0jfCIEAAAAAAAAAAODgAQ0BAQEBAQEBAQEBIYAAAAAAAAAAAIEAAAAAAAAAAOAhgAAAAAAAAAAAgQAAAAAAAAAA4OA=";

        var read = Serializer.Deserialize<SpecialistState>(Convert.FromBase64String(stored))!;
        var again = Serializer.Deserialize<SpecialistState>(Serializer.SerializeToArray(read))!;

        AssertWork(read);
        AssertWork(again);
        Assert.Equal(7, again.Version);
        Assert.Equal([new ResolvedDay(Day(20), 3), new ResolvedDay(Day(22), 1)], again.ResolvedDays);
    }

    [Fact]
    public void Resolutions_count_per_UTC_day_over_the_window_and_older_days_are_forgotten()
    {
        var state = new SpecialistState();
        var now = new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
        state.CountResolved(now);
        state.CountResolved(now.AddHours(-11)); // 01:00 the same day
        state.CountResolved(now.AddDays(-89).AddHours(-12)); // the window's first day, 00:00
        state.CountResolved(now.AddDays(-90)); // the day before it

        Assert.Equal(3, state.ResolvedWithin(now, 90));
        Assert.Equal(2, state.ResolvedWithin(now, 1));
        state.ForgetResolvedBefore(now, 90);
        Assert.Equal(2, state.ResolvedDays.Count);
        Assert.Equal(3, state.ResolvedWithin(now, 90));
    }

    private static int Day(int november) => new DateOnly(2026, 11, november).DayNumber;

    [Fact]
    public void Packed_work_of_an_unknown_format_is_refused_rather_than_misread()
    {
        var state = new SpecialistState();

        Assert.Throws<InvalidDataException>(() => state.PackedWork = [2, 0, 0, 0, 0, 0, 0, 0, 0]);
        Assert.Throws<InvalidDataException>(() => state.PackedWork = [1, 1, 0, 0, 0, 0, 0, 0, 0]); // one open ticket announced, none there
    }

    private static void AssertWork(SpecialistState state)
    {
        Assert.Equal([new OpenTicket(First, 3, 4), new OpenTicket(Second, 5)], state.OpenTickets);
        Assert.Equal(new AppliedWork(9, AppliedAt), state.LastApplied[Left]);
        Assert.Single(state.LastApplied);
    }
}
