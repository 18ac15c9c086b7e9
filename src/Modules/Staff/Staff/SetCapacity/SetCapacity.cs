using System.Text.Json.Serialization;
using FluentValidation;
using Mediator;
using OrleansCrm.BuildingBlocks.Texts;
using OrleansCrm.Staff.Contracts;
using OrleansCrm.Staff.Texts;

namespace OrleansCrm.Staff.SetCapacity;

/// <summary>
/// Sets the weighted load a specialist carries at once (1–100). Tickets already held stay; the dispatcher re-plans
/// from the change (<see cref="SpecialistChanged"/>). Sending the current capacity changes nothing.
/// </summary>
public sealed record SetCapacity(int? Capacity) : ICommand<SpecialistDetails>
{
    [JsonIgnore]
    public Guid SpecialistId { get; init; }
}

public sealed class SetCapacityValidator : AbstractValidator<SetCapacity>
{
    public const int Min = 1;
    public const int Max = 100;

    public SetCapacityValidator()
    {
        RuleFor(c => c.Capacity).NotNull().WithText(StaffTexts.Code("CapacityRequired"))
            .InclusiveBetween(Min, Max).WithText(StaffTexts.Code("CapacityRange"));
    }
}

public sealed class SetCapacityHandler(IGrainFactory grains) : ICommandHandler<SetCapacity, SpecialistDetails>
{
    public async ValueTask<SpecialistDetails> Handle(SetCapacity command, CancellationToken cancellationToken) =>
        await grains.GetGrain<ISpecialistGrain>(command.SpecialistId).SetCapacity(command.Capacity!.Value);
}
