using System.ComponentModel;
using Microsoft.Extensions.Configuration;
using OrleansCrm.ServiceDesk.Contracts;
using OrleansCrm.ServiceDesk.Sla;

namespace OrleansCrm.ServiceDesk.Tests.Sla;

public sealed class SlaOptionsTests
{
    [Fact]
    public void Defaults_are_a_Kyiv_office_week_and_the_issue_targets()
    {
        var options = new SlaOptions();

        Assert.Empty(options.Validate());
        Assert.Equal("Europe/Kyiv", options.TimeZone);
        Assert.Equal([DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday], options.WorkingDays);
        Assert.Equal(new TimeOnly(9, 0), options.DayStart);
        Assert.Equal(new TimeOnly(18, 0), options.DayEnd);
        Assert.Empty(options.Holidays);
        Assert.Equal(TimeSpan.FromHours(1), options.WarningBefore);
        Assert.Equal(TimeSpan.FromMinutes(30), options.AssignmentTimeout);
        Assert.Equal((SlaTarget.FromHours(4), SlaTarget.FromMinutes(30)), Targets(options, TicketPriority.Critical));
        Assert.Equal((SlaTarget.FromDays(1), SlaTarget.FromHours(2)), Targets(options, TicketPriority.High));
        Assert.Equal((SlaTarget.FromDays(3), SlaTarget.FromHours(4)), Targets(options, TicketPriority.Normal));
        Assert.Equal((SlaTarget.FromDays(7), SlaTarget.FromDays(1)), Targets(options, TicketPriority.Low));
        Assert.Equal("Europe/Kyiv", options.ResolveTimeZone().Id);
    }

    [Fact]
    public void A_week_without_working_days_is_an_error() =>
        Assert.Contains(new SlaOptions { WorkingDays = [] }.Validate(), e => e.Contains("no working day", StringComparison.Ordinal));

    [Theory]
    [InlineData(18, 18)]
    [InlineData(18, 9)]
    public void A_day_that_ends_before_it_starts_is_an_error(int startHour, int endHour)
    {
        var errors = new SlaOptions { DayStart = new(startHour, 0), DayEnd = new(endHour, 0) }.Validate();
        Assert.Contains(errors, e => e.StartsWith("DayEnd", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Europe/Atlantis")]
    [InlineData("")]
    public void An_unknown_time_zone_is_an_error(string zone) =>
        Assert.Contains(new SlaOptions { TimeZone = zone }.Validate(), e => e.StartsWith("TimeZone", StringComparison.Ordinal));

    [Fact]
    public void Negative_targets_and_durations_are_errors()
    {
        var options = new SlaOptions { WarningBefore = TimeSpan.FromMinutes(-1), AssignmentTimeout = TimeSpan.Zero };
        options.Critical.FirstResponse = SlaTarget.FromMinutes(-30);
        options.Normal.Resolution = new SlaTarget(1, -2, 0);

        var errors = options.Validate();

        Assert.Equal(4, errors.Count);
        Assert.Contains(errors, e => e.StartsWith("Critical.FirstResponse cannot be negative", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Normal.Resolution cannot be negative", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("WarningBefore", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("AssignmentTimeout", StringComparison.Ordinal));
    }

    [Fact]
    public void Days_listed_twice_or_not_days_at_all_are_errors()
    {
        var errors = new SlaOptions { WorkingDays = [DayOfWeek.Monday, DayOfWeek.Monday, (DayOfWeek)9] }.Validate();

        Assert.Contains(errors, e => e.Contains("Monday more than once", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("9, which is not a day", StringComparison.Ordinal));
    }

    [Fact]
    public void Missing_priority_targets_are_an_error() =>
        Assert.Contains(new SlaOptions { High = null! }.Validate(), e => e.StartsWith("High", StringComparison.Ordinal));

    [Fact]
    public void Configuration_replaces_the_default_lists_and_overrides_single_targets()
    {
        var section = Configuration(new()
        {
            ["Crm:ServiceDesk:Sla:WorkingDays:0"] = "Tuesday",
            ["Crm:ServiceDesk:Sla:WorkingDays:1"] = "Saturday",
            ["Crm:ServiceDesk:Sla:DayStart"] = "08:30",
            ["Crm:ServiceDesk:Sla:DayEnd"] = "17:00",
            ["Crm:ServiceDesk:Sla:Holidays:0"] = "2026-12-25",
            ["Crm:ServiceDesk:Sla:Holidays:1"] = "2027-01-01",
            ["Crm:ServiceDesk:Sla:Critical:Resolution"] = "6h",
            ["Crm:ServiceDesk:Sla:High:FirstResponse"] = "1d 2h 30m",
            ["Crm:ServiceDesk:Sla:Low:Resolution:Days"] = "10",
            ["Crm:ServiceDesk:Sla:WarningBefore"] = "00:45:00",
            ["Crm:ServiceDesk:Sla:AssignmentTimeout"] = "01:00:00",
        }).GetSection(SlaOptions.Section);

        var options = new SlaOptions().ReadFrom(section);

        Assert.Empty(options.Validate());
        Assert.Equal([DayOfWeek.Tuesday, DayOfWeek.Saturday], options.WorkingDays);
        Assert.Equal(new TimeOnly(8, 30), options.DayStart);
        Assert.Equal(new TimeOnly(17, 0), options.DayEnd);
        Assert.Equal([new DateOnly(2026, 12, 25), new DateOnly(2027, 1, 1)], options.Holidays);
        Assert.Equal((SlaTarget.FromHours(6), SlaTarget.FromMinutes(30)), Targets(options, TicketPriority.Critical));
        Assert.Equal((SlaTarget.FromDays(1), new SlaTarget(1, 2, 30)), Targets(options, TicketPriority.High));
        Assert.Equal(SlaTarget.FromDays(10), options.Low.Resolution);
        Assert.Equal(TimeSpan.FromMinutes(45), options.WarningBefore);
        Assert.Equal(TimeSpan.FromHours(1), options.AssignmentTimeout);
    }

    [Fact]
    public void A_section_without_lists_keeps_the_default_lists()
    {
        var options = new SlaOptions().ReadFrom(Configuration(new() { ["Sla:DayEnd"] = "19:00" }).GetSection("Sla"));

        Assert.Equal(5, options.WorkingDays.Count);
        Assert.Equal(new TimeOnly(19, 0), options.DayEnd);
    }

    [Fact]
    public void A_plain_bind_appends_to_the_default_working_days_and_validation_says_so()
    {
        // Why ReadFrom exists: the configuration binder adds configured items to a non-empty default list.
        var section = Configuration(new()
        {
            ["Sla:WorkingDays:0"] = "Monday",
            ["Sla:WorkingDays:1"] = "Tuesday",
        }).GetSection("Sla");
        var options = new SlaOptions();

        section.Bind(options);

        Assert.Equal(7, options.WorkingDays.Count);
        Assert.Contains(options.Validate(), e => e.Contains("Monday more than once", StringComparison.Ordinal));
    }

    [Fact]
    public void A_bad_target_in_configuration_fails_the_binding() =>
        Assert.Throws<InvalidOperationException>(() =>
            new SlaOptions().ReadFrom(Configuration(new() { ["Sla:Critical:Resolution"] = "four hours" }).GetSection("Sla")));

    [Theory]
    [InlineData("3d", 3, 0, 0)]
    [InlineData("4h", 0, 4, 0)]
    [InlineData("30m", 0, 0, 30)]
    [InlineData("1d 2h 30m", 1, 2, 30)]
    [InlineData(" 2H30M ", 0, 2, 30)]
    [InlineData("1d 90m", 1, 0, 90)]
    [InlineData("0m", 0, 0, 0)]
    public void Targets_are_written_as_days_hours_and_minutes(string text, int days, int hours, int minutes)
    {
        var target = SlaTarget.Parse(text);

        Assert.Equal(new SlaTarget(days, hours, minutes), target);
        Assert.Equal(target, SlaTarget.Parse(target.ToString()));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("4")]
    [InlineData("four hours")]
    [InlineData("-1h")]
    [InlineData("1.5h")]
    [InlineData("2h 1d")]
    [InlineData("99999999999h")]
    public void Anything_else_is_not_a_target(string text)
    {
        Assert.False(SlaTarget.TryParse(text, out _));
        Assert.Throws<FormatException>(() => SlaTarget.Parse(text));
    }

    [Fact]
    public void Targets_print_the_way_they_are_written()
    {
        Assert.Equal("1d 2h 30m", new SlaTarget(1, 2, 30).ToString());
        Assert.Equal("4h", SlaTarget.FromHours(4).ToString());
        Assert.Equal("0m", default(SlaTarget).ToString());
        Assert.Equal(TimeSpan.FromMinutes(150), new SlaTarget(1, 2, 30).WorkingTime);
        Assert.Equal("7d", TypeDescriptor.GetConverter(typeof(SlaTarget)).ConvertToInvariantString(SlaTarget.FromDays(7)));
        Assert.Equal(SlaTarget.FromDays(7), TypeDescriptor.GetConverter(typeof(SlaTarget)).ConvertFromInvariantString("7d"));
    }

    private static (SlaTarget Resolution, SlaTarget FirstResponse) Targets(SlaOptions options, TicketPriority priority) =>
        (options.TargetsFor(priority).Resolution, options.TargetsFor(priority).FirstResponse);

    private static IConfigurationRoot Configuration(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();
}
