using System.Text.Json.Serialization;
using FluentValidation;
using Mediator;
using OrleansCrm.BuildingBlocks.Errors;
using OrleansCrm.BuildingBlocks.Security;
using OrleansCrm.BuildingBlocks.Texts;
using OrleansCrm.ServiceDesk.Access;
using OrleansCrm.ServiceDesk.Contracts;
using OrleansCrm.ServiceDesk.Texts;

namespace OrleansCrm.ServiceDesk.LogTime;

/// <summary>Time spent on a ticket, in minutes; it feeds the service-time balance and piece-rate reports later.</summary>
public sealed record LogTime(int? Minutes, string? Note) : ICommand<TicketDetails>
{
    [JsonIgnore]
    public Guid TicketId { get; init; }

    [JsonIgnore]
    public string Actor { get; init; } = "api";

    /// <summary>Who asks; set by the endpoint or page from the signed-in user.</summary>
    [JsonIgnore]
    public Caller Caller { get; init; } = TicketAccess.Nobody;
}

public sealed class LogTimeValidator : AbstractValidator<LogTime>
{
    public LogTimeValidator()
    {
        RuleFor(t => t.Minutes).NotNull().WithText(ServiceDeskTexts.Code("MinutesRequired")).InclusiveBetween(1, 24 * 60);
        RuleFor(t => t.Note).MaximumLength(2000);
    }
}

public sealed class LogTimeHandler(IGrainFactory grains) : ICommandHandler<LogTime, TicketDetails>
{
    public async ValueTask<TicketDetails> Handle(LogTime command, CancellationToken cancellationToken)
    {
        var ticket = grains.GetGrain<ITicketGrain>(command.TicketId);
        TicketAccess.EnsureCanWork(command.Caller, await ticket.Get() ?? throw new NotFoundException(ServiceDeskTexts.Say("TicketNotFound", command.TicketId.ToString())));
        return await ticket.LogTime(command.Minutes!.Value, command.Note?.Trim(), command.Actor);
    }
}
