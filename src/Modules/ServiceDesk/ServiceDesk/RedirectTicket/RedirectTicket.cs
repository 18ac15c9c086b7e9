using System.Text.Json.Serialization;
using FluentValidation;
using FluentValidation.Results;
using Mediator;
using OrleansCrm.BuildingBlocks.Security;
using OrleansCrm.BuildingBlocks.Texts;
using OrleansCrm.ServiceDesk.Access;
using OrleansCrm.ServiceDesk.Contracts;
using OrleansCrm.ServiceDesk.Texts;
using OrleansCrm.Staff.Contracts;

namespace OrleansCrm.ServiceDesk.RedirectTicket;

/// <summary>Moves a ticket to a named specialist, or (no specialist) back to the dispatcher, who picks the next best.</summary>
public sealed record RedirectTicket(Guid? ToSpecialistId, string? Reason, int? Version) : ICommand<TicketDetails>
{
    [JsonIgnore]
    public Guid TicketId { get; init; }

    [JsonIgnore]
    public string Actor { get; init; } = "api";

    /// <summary>Who asks; set by the endpoint or page from the signed-in user.</summary>
    [JsonIgnore]
    public Caller Caller { get; init; } = TicketAccess.Nobody;
}

public sealed class RedirectTicketValidator : AbstractValidator<RedirectTicket>
{
    public RedirectTicketValidator()
    {
        RuleFor(r => r.Reason).NotEmpty().WithText(ServiceDeskTexts.Code("RedirectReasonRequired")).MaximumLength(2000);
    }
}

public sealed class RedirectTicketHandler(IGrainFactory grains) : ICommandHandler<RedirectTicket, TicketDetails>
{
    public async ValueTask<TicketDetails> Handle(RedirectTicket command, CancellationToken cancellationToken)
    {
        if (command.ToSpecialistId is { } to && await grains.GetGrain<ISpecialistGrain>(to).Get() is null)
        {
            throw new ValidationException([ServiceDeskTexts.Failure("toSpecialistId", ServiceDeskTexts.Say("SpecialistNotFound", to.ToString()))]);
        }

        var ticket = await grains.GetGrain<ITicketGrain>(command.TicketId).Get()
            ?? throw new OrleansCrm.BuildingBlocks.Errors.NotFoundException(ServiceDeskTexts.Say("TicketNotFound", command.TicketId.ToString()));
        // A specialist may hand on their own ticket; anyone else's is a dispatcher's decision.
        TicketAccess.EnsureCanWork(command.Caller, ticket);
        // Through the dispatcher: it alone raises loads, so its view of who has room stays true.
        return await grains.GetGrain<IDispatcherGrain>(ticket.Queue)
            .Redirect(ticket.Id, command.ToSpecialistId, command.Reason!.Trim(), command.Actor, command.Version);
    }
}
