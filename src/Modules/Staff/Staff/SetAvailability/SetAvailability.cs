using System.Text.Json.Serialization;
using FluentValidation;
using Mediator;
using OrleansCrm.BuildingBlocks.Errors;
using OrleansCrm.BuildingBlocks.Security;
using OrleansCrm.BuildingBlocks.Texts;
using OrleansCrm.Staff.Contracts;
using OrleansCrm.Staff.Texts;

namespace OrleansCrm.Staff.SetAvailability;

/// <summary>
/// OnDuty, OffShift, or Absent until a moment in the future (or, without <see cref="Until"/>, until further notice).
/// When <see cref="Until"/> passes the specialist is OnDuty again by themselves.
/// </summary>
public sealed record SetAvailability(AvailabilityStatus? Status, DateTimeOffset? Until) : ICommand<SpecialistDetails>
{
    [JsonIgnore]
    public Guid SpecialistId { get; init; }

    /// <summary>Who asks; set by the endpoint or page from the signed-in user (no roles until then: refused).</summary>
    [JsonIgnore]
    public Caller Caller { get; init; } = new("anonymous", [], null);
}

public sealed class SetAvailabilityValidator : AbstractValidator<SetAvailability>
{
    public SetAvailabilityValidator(TimeProvider time)
    {
        RuleFor(c => c.Status).NotNull().WithText(StaffTexts.Code("StatusRequired"))
            .IsInEnum().WithText(StaffTexts.Code("StatusUnknown")); // 999 in JSON, or a page's bad value: never stored
        RuleFor(c => c.Until)
            .Null().When(c => c.Status is { } status && Enum.IsDefined(status) && status != AvailabilityStatus.Absent) // an unknown status is its own error
            .WithText(StaffTexts.Code("UntilOnlyWhenAbsent"));
        RuleFor(c => c.Until)
            .Must(until => until > time.GetUtcNow()).When(c => c.Status == AvailabilityStatus.Absent && c.Until is not null)
            .WithText(StaffTexts.Code("UntilInFuture"));
    }
}

public sealed class SetAvailabilityHandler(IGrainFactory grains) : ICommandHandler<SetAvailability, SpecialistDetails>
{
    public async ValueTask<SpecialistDetails> Handle(SetAvailability command, CancellationToken cancellationToken)
    {
        // Going off shift or away is the specialist's own to say, or the people who plan the team's work.
        var caller = command.Caller;
        var self = caller.IsIn(CrmRoles.Specialist) && caller.SpecialistId == command.SpecialistId;
        if (!caller.CanDispatch && !caller.IsIn(CrmRoles.Admin) && !self)
        {
            throw new ForbiddenException(StaffTexts.Say("AvailabilityForbidden"));
        }

        return await grains.GetGrain<ISpecialistGrain>(command.SpecialistId).SetAvailability(new Availability(command.Status!.Value, command.Until?.ToUniversalTime()));
    }
}
