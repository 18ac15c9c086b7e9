using System.Text.Json.Serialization;
using FluentValidation;
using Mediator;
using OrleansCrm.BuildingBlocks.Ids;
using OrleansCrm.BuildingBlocks.Texts;
using OrleansCrm.Staff.Contracts;
using OrleansCrm.Staff.Specialists;
using OrleansCrm.Staff.Texts;

namespace OrleansCrm.Staff.CreateSpecialist;

/// <summary>
/// Creates a specialist: OnDuty, no load. Grade defaults to 3, capacity to 10.
/// With an idempotency key the id is derived from it, so a retry returns the same specialist.
/// </summary>
public sealed record CreateSpecialist(
    string? Name,
    string? UserId,
    IReadOnlyList<SkillInput>? Skills,
    int? QualificationGrade,
    IReadOnlyList<CertificateInput>? Certificates,
    int? Capacity) : ICommand<SpecialistDetails>
{
    [JsonIgnore]
    public string? IdempotencyKey { get; init; }
}

public sealed class CreateSpecialistValidator : AbstractValidator<CreateSpecialist>
{
    public const int MaxCertificates = 100;

    public CreateSpecialistValidator(TimeProvider time)
    {
        RuleFor(c => c.Name).NotEmpty().WithText(StaffTexts.Code("NameRequired")).MaximumLength(200);
        RuleFor(c => c.UserId).MaximumLength(200);
        RuleFor(c => c.Skills).Must(SkillRules.NotTooMany).WithText(StaffTexts.Code("TooManySkills"), SkillRules.MaxSkills).Custom(SkillRules.NoDuplicates);
        RuleForEach(c => c.Skills).NotNull().SetValidator(new SkillInputValidator());
        RuleFor(c => c.QualificationGrade).InclusiveBetween(1, 5).WithText(StaffTexts.Code("QualificationGradeRange"));
        RuleFor(c => c.Certificates).Must(c => c is null || c.Count <= MaxCertificates).WithText(StaffTexts.Code("TooManyCertificates"), MaxCertificates);
        RuleForEach(c => c.Certificates).NotNull().SetValidator(new CertificateInputValidator(time));
        RuleFor(c => c.Capacity).InclusiveBetween(SetCapacity.SetCapacityValidator.Min, SetCapacity.SetCapacityValidator.Max).WithText(StaffTexts.Code("CapacityRange"));
        RuleFor(c => c.IdempotencyKey).MaximumLength(200);
    }
}

public sealed class CreateSpecialistHandler(IGrainFactory grains) : ICommandHandler<CreateSpecialist, SpecialistDetails>
{
    /// <summary>The id a specialist created with this idempotency key has.</summary>
    public static Guid IdFor(string idempotencyKey) => DeterministicGuid.Create("staff/specialists/create", idempotencyKey);

    public async ValueTask<SpecialistDetails> Handle(CreateSpecialist command, CancellationToken cancellationToken)
    {
        var id = command.IdempotencyKey is { Length: > 0 } key ? IdFor(key) : Guid.CreateVersion7();
        return await grains.GetGrain<ISpecialistGrain>(id).Create(
            command.Name!.Trim(),
            SpecialistInputs.Trim(command.UserId),
            SpecialistInputs.Skills(command.Skills),
            command.QualificationGrade ?? SpecialistInputs.DefaultQualificationGrade,
            SpecialistInputs.Certificates(command.Certificates),
            command.Capacity ?? SpecialistInputs.DefaultCapacity);
    }
}
