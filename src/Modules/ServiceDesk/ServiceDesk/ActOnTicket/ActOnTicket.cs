using System.Text.Json.Serialization;
using FluentValidation;
using Mediator;
using OrleansCrm.BuildingBlocks.Errors;
using OrleansCrm.BuildingBlocks.Security;
using OrleansCrm.BuildingBlocks.Texts;
using OrleansCrm.ServiceDesk.Access;
using OrleansCrm.ServiceDesk.Contracts;
using OrleansCrm.ServiceDesk.Texts;

namespace OrleansCrm.ServiceDesk.ActOnTicket;

/// <summary>
/// accept, decline, start, pause, resolve, close, reopen, cancel. Afterwards the dispatcher brings its view up to date:
/// a declined or reopened ticket is dispatched again, and capacity freed by a resolve goes to the queue.
/// </summary>
public sealed record ActOnTicket(string? Reason, int? Version) : ICommand<TicketDetails>
{
    [JsonIgnore]
    public Guid TicketId { get; init; }

    [JsonIgnore]
    public TicketAction Action { get; init; }

    [JsonIgnore]
    public string Actor { get; init; } = "api";

    /// <summary>Who asks; set by the endpoint or page from the signed-in user.</summary>
    [JsonIgnore]
    public Caller Caller { get; init; } = TicketAccess.Nobody;
}

public sealed class ActOnTicketValidator : AbstractValidator<ActOnTicket>
{
    public ActOnTicketValidator()
    {
        RuleFor(a => a.Reason).NotEmpty().When(a => a.Action == TicketAction.Decline).WithText(ServiceDeskTexts.Code("DeclineReasonRequired"));
        RuleFor(a => a.Reason).MaximumLength(2000);
    }
}

public sealed class ActOnTicketHandler(IGrainFactory grains) : ICommandHandler<ActOnTicket, TicketDetails>
{
    public async ValueTask<TicketDetails> Handle(ActOnTicket command, CancellationToken cancellationToken)
    {
        var ticket = grains.GetGrain<ITicketGrain>(command.TicketId);
        // The assignee or a dispatcher: a specialist declines, starts or resolves only their own tickets.
        TicketAccess.EnsureCanWork(command.Caller, await ticket.Get() ?? throw new NotFoundException(ServiceDeskTexts.Say("TicketNotFound", command.TicketId.ToString())));
        var changed = await ticket.Act(command.Action, command.Actor, command.Reason?.Trim(), command.Version);
        await grains.GetGrain<IDispatcherGrain>(changed.Queue).Dispatch(changed.Id, null);
        return (await ticket.Get())!;
    }
}
