using OrleansCrm.Billing.Reports;
using OrleansCrm.Billing.Wall;
using OrleansCrm.BuildingBlocks.Calendar;

namespace OrleansCrm.Billing.Tests.Reports;

public sealed class AgingTests
{
    [Theory]
    [InlineData(-5, AgingBucket.NotDue)]
    [InlineData(0, AgingBucket.NotDue)]
    [InlineData(1, AgingBucket.Days0To30)]
    [InlineData(30, AgingBucket.Days0To30)]
    [InlineData(31, AgingBucket.Days31To60)]
    [InlineData(60, AgingBucket.Days31To60)]
    [InlineData(61, AgingBucket.Days61To90)]
    [InlineData(90, AgingBucket.Days61To90)]
    [InlineData(91, AgingBucket.Over90)]
    [InlineData(400, AgingBucket.Over90)]
    public void A_bucket_is_chosen_by_days_past_the_due_date(int daysLate, AgingBucket bucket)
    {
        var asOf = new DateOnly(2026, 3, 1); // across February: days, not months, count
        Assert.Equal(bucket, Aging.Of(asOf.AddDays(-daysLate), asOf));
    }

    [Fact]
    public void Today_is_the_company_calendar_day_not_the_servers()
    {
        var kyiv = TimeZoneInfo.FindSystemTimeZoneById(CompanyCalendar.DefaultZone);
        // 22:30 UTC on 15 March is 00:30 on the 16th in Kyiv; on 31 October (summer time) 21:30 UTC is already November.
        Assert.Equal(new DateOnly(2026, 3, 16), new CompanyCalendar(new FixedClock(new DateTimeOffset(2026, 3, 15, 22, 30, 0, TimeSpan.Zero)), kyiv).Today);
        Assert.Equal(new DateOnly(2026, 11, 1), new CompanyCalendar(new FixedClock(new DateTimeOffset(2026, 10, 31, 22, 30, 0, TimeSpan.Zero)), kyiv).Today);
        Assert.Equal(new DateOnly(2026, 3, 15), new CompanyCalendar(new FixedClock(new DateTimeOffset(2026, 3, 15, 21, 30, 0, TimeSpan.Zero)), kyiv).Today);
    }

    [Fact]
    public async Task Requests_during_a_run_ask_for_exactly_one_more_run()
    {
        var runs = 0;
        var gate = new TaskCompletionSource();
        var second = new TaskCompletionSource();
        var third = new TaskCompletionSource();
        var coalesced = new CoalescedRun(async () =>
        {
            switch (Interlocked.Increment(ref runs))
            {
                case 1:
                    await gate.Task;
                    break;
                case 2:
                    second.TrySetResult();
                    break;
                default:
                    third.TrySetResult();
                    break;
            }
        });

        coalesced.Request();
        for (var i = 0; i < 100; i++)
        {
            coalesced.Request(); // while the first run waits at the gate
        }

        gate.SetResult();
        await second.Task.WaitAsync(TimeSpan.FromSeconds(15));
        Assert.Equal(2, Volatile.Read(ref runs));

        // A request after the burst was served gets a run of its own.
        coalesced.Request();
        await third.Task.WaitAsync(TimeSpan.FromSeconds(15));
    }
}
