using OrleansCrm.ServiceDesk.Contracts;
using OrleansCrm.ServiceDesk.Tickets;

namespace OrleansCrm.ServiceDesk.Tests.Tickets;

public sealed class TicketClockTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void An_assigned_ticket_times_out_at_its_assignment_deadline()
    {
        var clock = new TicketClock(TicketStatus.Assigned, Now.AddMinutes(30), Now.AddHours(3), Now.AddHours(4), Warned: false, Overdue: false);
        Assert.Empty(clock.Passed(Now));
        Assert.Equal(Now.AddMinutes(30), clock.Next());
        Assert.Equal([Deadline.AssignmentTimedOut], clock.Passed(Now.AddMinutes(30)));
    }

    [Fact]
    public void Warning_then_overdue_each_once()
    {
        var clock = new TicketClock(TicketStatus.InProgress, null, Now.AddHours(3), Now.AddHours(4), Warned: false, Overdue: false);
        Assert.Equal(Now.AddHours(3), clock.Next());
        Assert.Equal([Deadline.AboutToBreach], clock.Passed(Now.AddHours(3.5)));

        var warned = clock with { Warned = true };
        Assert.Equal(Now.AddHours(4), warned.Next());
        Assert.Equal([Deadline.Overdue], warned.Passed(Now.AddHours(5)));
        Assert.Null((warned with { Overdue = true }).Next());
        Assert.Empty((warned with { Overdue = true }).Passed(Now.AddDays(9)));
    }

    [Fact]
    public void Everything_that_passed_while_the_host_was_down_is_handled_at_once_and_a_late_warning_is_skipped()
    {
        var clock = new TicketClock(TicketStatus.Assigned, Now.AddMinutes(30), Now.AddHours(3), Now.AddHours(4), Warned: false, Overdue: false);
        Assert.Equal([Deadline.AssignmentTimedOut, Deadline.Overdue], clock.Passed(Now.AddDays(1)));
    }

    [Theory]
    [InlineData(TicketStatus.Paused)]
    [InlineData(TicketStatus.Resolved)]
    [InlineData(TicketStatus.Closed)]
    [InlineData(TicketStatus.Cancelled)]
    public void The_resolution_clock_stands_still_while_paused_and_stops_when_done(TicketStatus status)
    {
        var clock = new TicketClock(status, null, Now.AddHours(3), Now.AddHours(4), Warned: false, Overdue: false);
        Assert.Null(clock.Next());
        Assert.Empty(clock.Passed(Now.AddDays(3)));
    }
}
