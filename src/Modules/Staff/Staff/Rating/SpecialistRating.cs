using OrleansCrm.Staff.Contracts;

namespace OrleansCrm.Staff.Rating;

/// <summary>What a specialist's rating is computed from.</summary>
public sealed record RatingInputs(
    int QualificationGrade,
    int ResolvedLast90Days,
    int CertificatesLast2Years,
    int Resolved,
    int ResolvedOnTime,
    int Accepted,
    int Declined);

/// <summary>
/// A specialist's rating, 0–100, from five parts (each rounded to one decimal, the total is their sum):
/// <list type="bullet">
/// <item>qualification: grade 1–5 × 8 (max 40);</item>
/// <item>resolved tickets in the last 90 days (UTC days, today included): min(n, 50) / 50 × 25 (max 25);</item>
/// <item>certificates obtained in the last 2 years: min(n, 3) × 5 (max 15);</item>
/// <item>on time: the share of resolved tickets (all time) resolved on time × 20, or 10 while nothing is resolved (max 20);</item>
/// <item>declines: −declined / (accepted + declined) × 10, 0 when there are none (min −10).</item>
/// </list>
/// The total is clamped to 0–100; the best possible parts make exactly 100.
/// </summary>
public static class SpecialistRating
{
    public const int ResolvedWindowDays = 90;
    public const int CertificateWindowYears = 2;

    private const double PointsPerGrade = 8;
    private const int ResolvedForFullPoints = 50;
    private const double ResolvedMax = 25;
    private const int CertificatesCounted = 3;
    private const double PointsPerCertificate = 5;
    private const double OnTimeMax = 20;
    private const double OnTimeWithoutHistory = 10;
    private const double DeclinesMax = 10;

    public static RatingParts Compute(RatingInputs inputs)
    {
        var qualification = Round(Math.Clamp(inputs.QualificationGrade, 0, 5) * PointsPerGrade);
        var resolved = Round(Math.Min(Math.Max(inputs.ResolvedLast90Days, 0), ResolvedForFullPoints) / (double)ResolvedForFullPoints * ResolvedMax);
        var certificates = Round(Math.Min(Math.Max(inputs.CertificatesLast2Years, 0), CertificatesCounted) * PointsPerCertificate);
        // A newcomer is neither rewarded nor punished for punctuality: half the points until the first resolution.
        var onTime = inputs.Resolved > 0
            ? Round(Math.Clamp(inputs.ResolvedOnTime, 0, inputs.Resolved) / (double)inputs.Resolved * OnTimeMax)
            : OnTimeWithoutHistory;
        var declined = Math.Max(inputs.Declined, 0);
        // "0 - x", not "-x": a share that rounds to nothing is shown as 0, not -0.
        var declines = declined > 0
            ? 0 - Round(declined / (double)(Math.Max(inputs.Accepted, 0) + declined) * DeclinesMax)
            : 0;
        var total = Round(Math.Clamp(qualification + resolved + certificates + onTime + declines, 0, 100));
        return new RatingParts(qualification, resolved, certificates, onTime, declines, total);
    }

    /// <summary>Certificates dated within the last two years (on or after the same day two years ago).</summary>
    public static int RecentCertificates(IEnumerable<Certificate> certificates, DateOnly today) =>
        certificates.Count(c => c.Date >= today.AddYears(-CertificateWindowYears));

    /// <summary>One decimal, halves away from zero (what a person expects: 12.25 shows as 12.3).</summary>
    private static double Round(double value) => Math.Round(value, 1, MidpointRounding.AwayFromZero);
}
