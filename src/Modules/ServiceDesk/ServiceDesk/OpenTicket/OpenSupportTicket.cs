using FluentValidation;
using Mediator;
using OrleansCrm.BuildingBlocks.Security;
using OrleansCrm.ServiceDesk.Contracts;

namespace OrleansCrm.ServiceDesk.OpenTicket;

public sealed class OpenSupportTicketValidator : AbstractValidator<OpenSupportTicket>
{
    // The ticket is opened through OpenTicket, whose validator checks every field; only the key is this request's own.
    public OpenSupportTicketValidator() => RuleFor(c => c.IdempotencyKey).NotEmpty().MaximumLength(200);
}

/// <summary>Opens the ticket as the product (<see cref="Caller.System"/>), so the key names one ticket whoever hands over.</summary>
public sealed class OpenSupportTicketHandler(IMediator mediator) : ICommandHandler<OpenSupportTicket, TicketDetails>
{
    public async ValueTask<TicketDetails> Handle(OpenSupportTicket command, CancellationToken cancellationToken) =>
        await mediator.Send(
            new OpenTicket(command.ClientId, command.ContactId, command.Subject, command.Description, command.Channel, TicketPriority.Normal, command.RequiredSkill,
                null, null, null, null)
            {
                IdempotencyKey = command.IdempotencyKey, Actor = "handover", Caller = Caller.System,
            },
            cancellationToken);
}
