using System.Text.Json.Serialization;
using FluentValidation;
using Mediator;
using OrleansCrm.ServiceDesk.Contracts;

namespace OrleansCrm.ServiceDesk.LogTime;

/// <summary>Time spent on a ticket, in minutes; it feeds the service-time balance and piece-rate reports later.</summary>
public sealed record LogTime(int? Minutes, string? Note) : ICommand<TicketDetails>
{
    [JsonIgnore]
    public Guid TicketId { get; init; }

    [JsonIgnore]
    public string Actor { get; init; } = "api";
}

public sealed class LogTimeValidator : AbstractValidator<LogTime>
{
    public LogTimeValidator()
    {
        RuleFor(t => t.Minutes).NotNull().WithMessage("How many minutes?").InclusiveBetween(1, 24 * 60);
        RuleFor(t => t.Note).MaximumLength(2000);
    }
}

public sealed class LogTimeHandler(IGrainFactory grains) : ICommandHandler<LogTime, TicketDetails>
{
    public async ValueTask<TicketDetails> Handle(LogTime command, CancellationToken cancellationToken) =>
        await grains.GetGrain<ITicketGrain>(command.TicketId).LogTime(command.Minutes!.Value, command.Note?.Trim(), command.Actor);
}
