using System.Text.RegularExpressions;
using FluentValidation;
using FluentValidation.Results;
using OrleansCrm.BuildingBlocks.Texts;
using OrleansCrm.Staff.Contracts;
using OrleansCrm.Staff.Texts;

namespace OrleansCrm.Staff.Specialists;

/// <summary>A skill as sent by a user: everything optional so that the validator, not the JSON reader, names what is missing.</summary>
public sealed record SkillInput(string? Code, int? Level);

public sealed record CertificateInput(string? Name, DateOnly? Date);

/// <summary>Skill codes are free-form but tidy: "1c.erp", "medoc", "qes". Compared and stored lower-case.</summary>
public static partial class SkillCodes
{
    public const int MaxLength = 50;

    public static string Normalize(string code) => code.Trim().ToLowerInvariant();

    public static bool IsValid(string? code) => code is not null && Pattern().IsMatch(Normalize(code));

    [GeneratedRegex("^[a-z0-9._-]{1,50}$")]
    private static partial Regex Pattern();
}

/// <summary>Every rule of a list of skills (code pattern, level, no code twice), with field names as the API spells them.</summary>
public static class SkillRules
{
    public const int MaxSkills = 50;

    public static bool NotTooMany(IReadOnlyList<SkillInput>? skills) => skills is null || skills.Count <= MaxSkills;

    public static void NoDuplicates<T>(IReadOnlyList<SkillInput>? skills, ValidationContext<T> context)
    {
        var seen = new HashSet<string>();
        for (var i = 0; i < (skills?.Count ?? 0); i++)
        {
            if (skills![i]?.Code is { } code && SkillCodes.IsValid(code) && !seen.Add(SkillCodes.Normalize(code)))
            {
                var text = StaffTexts.Say("SkillListedTwice", SkillCodes.Normalize(code));
                context.AddFailure(new ValidationFailure($"Skills[{i}].Code", ServerTexts.Render(text)) { ErrorCode = text.Code });
            }
        }
    }
}

public sealed class SkillInputValidator : AbstractValidator<SkillInput>
{
    public SkillInputValidator()
    {
        RuleFor(s => s.Code).NotEmpty().WithText(StaffTexts.Code("SkillCodeRequired"))
            .Must(code => string.IsNullOrWhiteSpace(code) || SkillCodes.IsValid(code))
            .WithText(StaffTexts.Code("SkillCodeFormat"));
        RuleFor(s => s.Level).NotNull().WithText(StaffTexts.Code("LevelRequired"))
            .InclusiveBetween(1, 5).WithText(StaffTexts.Code("LevelRange"));
    }
}

public sealed class CertificateInputValidator : AbstractValidator<CertificateInput>
{
    public CertificateInputValidator(TimeProvider time)
    {
        RuleFor(c => c.Name).NotEmpty().WithText(StaffTexts.Code("CertificateNameRequired")).MaximumLength(200);
        RuleFor(c => c.Date).NotNull().WithText(StaffTexts.Code("CertificateDateRequired"))
            .Must(date => date <= Today.Latest(time)).WithText(StaffTexts.Code("CertificateDateInFuture"));
    }
}

/// <summary>Dates people type are local; the silo's clock is UTC.</summary>
public static class Today
{
    /// <summary>Today's date where it is latest (UTC+14), so a date entered just after midnight in Kyiv is not "in the future".</summary>
    public static DateOnly Latest(TimeProvider time) => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime.AddHours(14));

    public static DateOnly Utc(TimeProvider time) => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
}

/// <summary>Turns validated input into what the grain stores: trimmed names, lower-case codes, defaults filled in.</summary>
public static class SpecialistInputs
{
    public const int DefaultQualificationGrade = 3;
    public const int DefaultCapacity = 10;

    public static List<Skill> Skills(IReadOnlyList<SkillInput>? skills) =>
        (skills ?? []).Select(s => new Skill(SkillCodes.Normalize(s.Code!), s.Level!.Value)).ToList();

    public static List<Certificate> Certificates(IReadOnlyList<CertificateInput>? certificates) =>
        (certificates ?? []).Select(c => new Certificate(c.Name!.Trim(), c.Date!.Value)).ToList();

    public static string? Trim(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
