using System.Text.Json.Serialization;
using FluentValidation;
using Mediator;
using OrleansCrm.BuildingBlocks.Texts;
using OrleansCrm.Staff.Contracts;
using OrleansCrm.Staff.Specialists;
using OrleansCrm.Staff.Texts;

namespace OrleansCrm.Staff.SetSkills;

/// <summary>Replaces a specialist's skills (an empty list removes them all). Sending the current skills changes nothing.</summary>
public sealed record SetSkills(IReadOnlyList<SkillInput>? Skills) : ICommand<SpecialistDetails>
{
    [JsonIgnore]
    public Guid SpecialistId { get; init; }
}

public sealed class SetSkillsValidator : AbstractValidator<SetSkills>
{
    public SetSkillsValidator()
    {
        RuleFor(c => c.Skills).NotNull().WithText(StaffTexts.Code("SkillsRequired"))
            .Must(SkillRules.NotTooMany).WithText(StaffTexts.Code("TooManySkills"), SkillRules.MaxSkills).Custom(SkillRules.NoDuplicates);
        RuleForEach(c => c.Skills).NotNull().SetValidator(new SkillInputValidator());
    }
}

public sealed class SetSkillsHandler(IGrainFactory grains) : ICommandHandler<SetSkills, SpecialistDetails>
{
    public async ValueTask<SpecialistDetails> Handle(SetSkills command, CancellationToken cancellationToken)
    {
        var specialist = grains.GetGrain<ISpecialistGrain>(command.SpecialistId);
        return await specialist.SetSkills(SpecialistInputs.Skills(command.Skills));
    }
}
