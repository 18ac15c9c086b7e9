using System.Text.Json.Serialization;
using FluentValidation;
using Mediator;
using OrleansCrm.BuildingBlocks.Errors;
using OrleansCrm.BuildingBlocks.Security;
using OrleansCrm.BuildingBlocks.Texts;
using OrleansCrm.ServiceDesk.Access;
using OrleansCrm.ServiceDesk.Contracts;
using OrleansCrm.ServiceDesk.Texts;

namespace OrleansCrm.ServiceDesk.CommentTicket;

public sealed record CommentTicket(string? Text) : ICommand<TicketDetails>
{
    [JsonIgnore]
    public Guid TicketId { get; init; }

    [JsonIgnore]
    public string Actor { get; init; } = "api";

    /// <summary>Who asks; set by the endpoint or page from the signed-in user.</summary>
    [JsonIgnore]
    public Caller Caller { get; init; } = TicketAccess.Nobody;
}

public sealed class CommentTicketValidator : AbstractValidator<CommentTicket>
{
    public CommentTicketValidator() => RuleFor(c => c.Text).NotEmpty().WithText(ServiceDeskTexts.Code("CommentEmpty")).MaximumLength(10_000);
}

public sealed class CommentTicketHandler(IGrainFactory grains) : ICommandHandler<CommentTicket, TicketDetails>
{
    public async ValueTask<TicketDetails> Handle(CommentTicket command, CancellationToken cancellationToken)
    {
        // Whoever may see the ticket may comment on it.
        var ticket = grains.GetGrain<ITicketGrain>(command.TicketId);
        TicketAccess.EnsureCanSee(command.Caller, await ticket.Get() ?? throw new NotFoundException(ServiceDeskTexts.Say("TicketNotFound", command.TicketId.ToString())));
        return await ticket.Comment(command.Text!.Trim(), command.Actor);
    }
}
