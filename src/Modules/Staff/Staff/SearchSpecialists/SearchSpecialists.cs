using System.Text.Json;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using OrleansCrm.BuildingBlocks.Texts;
using OrleansCrm.BuildingBlocks.Validation;
using OrleansCrm.Staff.Contracts;
using OrleansCrm.Staff.ReadModel;
using OrleansCrm.Staff.Specialists;
using OrleansCrm.Staff.Texts;

namespace OrleansCrm.Staff.SearchSpecialists;

/// <summary>A row of the specialist list: what a list or the dispatcher's screen shows without activating grains.</summary>
public sealed record SpecialistSummary(
    Guid Id,
    int Version,
    string Name,
    IReadOnlyList<Skill> Skills,
    int Capacity,
    Availability Availability,
    int Load,
    double Rating);

public sealed record SpecialistPage(IReadOnlyList<SpecialistSummary> Items, int Total, int Page, int PageSize);

/// <summary>What a list of specialists is ordered by; ties go by name.</summary>
public enum SpecialistSort
{
    Name = 0,

    /// <summary>The share of capacity in use (load / capacity): who is fullest, or emptiest.</summary>
    Load = 1,
    Capacity = 2,
    Rating = 3,
}

/// <summary>
/// A page of specialists, by name unless <see cref="Sort"/> says otherwise: <see cref="Search"/> matches any part of
/// the name in any case, <see cref="Skill"/> keeps those with that skill at <see cref="MinLevel"/> or above (1 by
/// default), <see cref="Availability"/> by status.
/// </summary>
public sealed record SearchSpecialists(string? Search, string? Skill, int? MinLevel, AvailabilityStatus? Availability, int Page = 1, int PageSize = 20)
    : IQuery<SpecialistPage>
{
    public SpecialistSort Sort { get; init; }

    public bool Descending { get; init; }
}

public sealed class SearchSpecialistsValidator : AbstractValidator<SearchSpecialists>
{
    public const int MaxPageSize = 200;

    public SearchSpecialistsValidator()
    {
        RuleFor(q => q.Page).ValidPage();
        RuleFor(q => q.PageSize).InclusiveBetween(1, MaxPageSize);
        RuleFor(q => q.Search).MaximumLength(200);
        RuleFor(q => q.Skill).Must(SkillCodes.IsValid).When(q => !string.IsNullOrWhiteSpace(q.Skill))
            .WithText(StaffTexts.Code("SkillCodeFormat"));
        RuleFor(q => q.MinLevel).InclusiveBetween(1, 5).WithText(StaffTexts.Code("LevelRange"));
        RuleFor(q => q.MinLevel).Null().When(q => string.IsNullOrWhiteSpace(q.Skill)).WithText(StaffTexts.Code("MinLevelWithSkill"));
        RuleFor(q => q.Availability).IsInEnum().WithText(StaffTexts.Code("StatusUnknown"));
        RuleFor(q => q.Sort).IsInEnum().WithText(StaffTexts.Code("SortUnknown"));
    }
}

public sealed class SearchSpecialistsHandler(IDbContextFactory<StaffDbContext> contexts, TimeProvider time)
    : IQueryHandler<SearchSpecialists, SpecialistPage>
{
    public const char LikeEscape = '\\';

    public async ValueTask<SpecialistPage> Handle(SearchSpecialists query, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        IQueryable<SpecialistRow> specialists = db.Specialists.AsNoTracking();

        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var pattern = "%" + EscapeLike(query.Search.Trim().ToLowerInvariant()) + "%";
            specialists = specialists.Where(s => EF.Functions.Like(s.SearchName, pattern, LikeEscape.ToString()));
        }

        if (!string.IsNullOrWhiteSpace(query.Skill))
        {
            var code = SkillCodes.Normalize(query.Skill);
            var minLevel = query.MinLevel ?? 1;
            specialists = specialists.Where(s => db.Skills.Any(k => k.SpecialistId == s.Id && k.Code == code && k.Level >= minLevel));
        }

        // The row holds the availability as of the last change: an absence whose end has passed counts as OnDuty already.
        var now = time.GetUtcNow();
        specialists = query.Availability switch
        {
            AvailabilityStatus.OnDuty => specialists.Where(s => s.AvailabilityStatus == AvailabilityStatus.OnDuty
                || (s.AvailabilityStatus == AvailabilityStatus.Absent && s.AvailableUntil != null && s.AvailableUntil <= now)),
            AvailabilityStatus.Absent => specialists.Where(s => s.AvailabilityStatus == AvailabilityStatus.Absent
                && (s.AvailableUntil == null || s.AvailableUntil > now)),
            AvailabilityStatus.OffShift => specialists.Where(s => s.AvailabilityStatus == AvailabilityStatus.OffShift),
            _ => specialists,
        };

        var total = await specialists.CountAsync(cancellationToken);
        var rows = await Order(specialists, query.Sort, query.Descending)
            .Skip((query.Page - 1) * query.PageSize)
            .Take(query.PageSize)
            .ToListAsync(cancellationToken);
        return new SpecialistPage(rows.Select(r => ToSummary(r, now)).ToList(), total, query.Page, query.PageSize);
    }

    private static IOrderedQueryable<SpecialistRow> Order(IQueryable<SpecialistRow> specialists, SpecialistSort sort, bool descending)
    {
        var ordered = sort switch
        {
            SpecialistSort.Load => descending
                ? specialists.OrderByDescending(s => (double)s.Load / s.Capacity)
                : specialists.OrderBy(s => (double)s.Load / s.Capacity),
            SpecialistSort.Capacity => descending ? specialists.OrderByDescending(s => s.Capacity) : specialists.OrderBy(s => s.Capacity),
            SpecialistSort.Rating => descending ? specialists.OrderByDescending(s => s.Rating) : specialists.OrderBy(s => s.Rating),
            _ => descending ? specialists.OrderByDescending(s => s.Name) : specialists.OrderBy(s => s.Name),
        };
        return ordered.ThenBy(s => s.Name).ThenBy(s => s.Id);
    }

    internal static SpecialistSummary ToSummary(SpecialistRow row, DateTimeOffset now) => new(
        row.Id,
        row.Version,
        row.Name,
        JsonSerializer.Deserialize<List<Skill>>(row.Skills, SpecialistProjection.SkillsJson) ?? [],
        row.Capacity,
        AvailabilityRules.Effective(new Availability(row.AvailabilityStatus, row.AvailableUntil), now),
        row.Load,
        row.Rating);

    private static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_");
}
