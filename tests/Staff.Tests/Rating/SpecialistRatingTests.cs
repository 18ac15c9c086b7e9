using OrleansCrm.Staff.Contracts;
using OrleansCrm.Staff.Rating;

namespace OrleansCrm.Staff.Tests.Rating;

/// <summary>The rating formula, part by part (see <see cref="SpecialistRating"/>).</summary>
public sealed class SpecialistRatingTests
{
    private static readonly RatingInputs Newcomer = new(QualificationGrade: 3, ResolvedLast90Days: 0, CertificatesLast2Years: 0, Resolved: 0, ResolvedOnTime: 0, Accepted: 0, Declined: 0);

    [Fact]
    public void A_newcomer_gets_the_grade_and_the_neutral_on_time_points()
    {
        Assert.Equal(new RatingParts(24, 0, 0, 10, 0, 34), SpecialistRating.Compute(Newcomer));
    }

    [Theory]
    [InlineData(1, 8)]
    [InlineData(3, 24)]
    [InlineData(5, 40)]
    public void Qualification_is_eight_points_a_grade(int grade, double points) =>
        Assert.Equal(points, SpecialistRating.Compute(Newcomer with { QualificationGrade = grade }).Qualification);

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 0.5)]
    [InlineData(10, 5)]
    [InlineData(49, 24.5)]
    [InlineData(50, 25)]
    [InlineData(500, 25)]
    public void Resolved_tickets_of_the_last_90_days_give_up_to_25_points_at_50(int resolved, double points) =>
        Assert.Equal(points, SpecialistRating.Compute(Newcomer with { ResolvedLast90Days = resolved }).ResolvedTickets);

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 5)]
    [InlineData(3, 15)]
    [InlineData(7, 15)]
    public void Recent_certificates_give_five_points_each_up_to_three(int certificates, double points) =>
        Assert.Equal(points, SpecialistRating.Compute(Newcomer with { CertificatesLast2Years = certificates }).Certificates);

    [Theory]
    [InlineData(0, 0, 10)] // nothing resolved yet: neutral
    [InlineData(4, 4, 20)]
    [InlineData(4, 3, 15)]
    [InlineData(3, 2, 13.3)]
    [InlineData(5, 0, 0)]
    public void On_time_share_of_all_resolved_tickets_gives_up_to_20(int resolved, int onTime, double points) =>
        Assert.Equal(points, SpecialistRating.Compute(Newcomer with { Resolved = resolved, ResolvedOnTime = onTime }).OnTime);

    [Theory]
    [InlineData(0, 0, 0)]
    [InlineData(10, 0, 0)]
    [InlineData(3, 1, -2.5)]
    [InlineData(1, 1, -5)]
    [InlineData(0, 4, -10)]
    public void Declines_take_up_to_10_points_by_their_share_of_answers(int accepted, int declined, double points) =>
        Assert.Equal(points, SpecialistRating.Compute(Newcomer with { Accepted = accepted, Declined = declined }).Declines);

    [Fact]
    public void A_share_of_declines_too_small_to_show_is_zero_not_minus_zero()
    {
        var declines = SpecialistRating.Compute(Newcomer with { Accepted = 1_000_000, Declined = 1 }).Declines;
        Assert.Equal(0, declines);
        Assert.False(double.IsNegative(declines));
    }

    [Fact]
    public void The_total_is_the_sum_of_the_parts_rounded_to_one_decimal()
    {
        var parts = SpecialistRating.Compute(new RatingInputs(4, 7, 1, 3, 2, 9, 1));
        Assert.Equal(new RatingParts(32, 3.5, 5, 13.3, -1, 52.8), parts);
        Assert.Equal(Math.Round(parts.Qualification + parts.ResolvedTickets + parts.Certificates + parts.OnTime + parts.Declines, 1), parts.Total);
    }

    [Fact]
    public void The_best_possible_parts_make_100()
    {
        var best = SpecialistRating.Compute(new RatingInputs(5, 50, 3, 100, 100, 100, 0));
        Assert.Equal(new RatingParts(40, 25, 15, 20, 0, 100), best);
    }

    [Fact]
    public void The_total_is_clamped_at_zero()
    {
        var worst = SpecialistRating.Compute(new RatingInputs(1, 0, 0, 5, 0, 0, 5));
        Assert.Equal(new RatingParts(8, 0, 0, 0, -10, 0), worst);
    }

    [Fact]
    public void Out_of_range_inputs_stay_within_the_bounds()
    {
        var parts = SpecialistRating.Compute(new RatingInputs(9, -3, -1, 2, 5, -1, -1));
        Assert.Equal(40, parts.Qualification);
        Assert.Equal(0, parts.ResolvedTickets);
        Assert.Equal(0, parts.Certificates);
        Assert.Equal(20, parts.OnTime);
        Assert.Equal(0, parts.Declines);
        Assert.InRange(parts.Total, 0, 100);
    }

    [Fact]
    public void Certificates_of_the_last_two_years_count_from_the_same_day_two_years_ago()
    {
        var today = new DateOnly(2026, 5, 10);
        Certificate[] certificates =
        [
            new("exactly two years", new DateOnly(2024, 5, 10)),
            new("a day too old", new DateOnly(2024, 5, 9)),
            new("this year", new DateOnly(2026, 1, 15)),
            new("long ago", new DateOnly(2015, 3, 1)),
        ];
        Assert.Equal(2, SpecialistRating.RecentCertificates(certificates, today));
    }
}
