using System.Text.Json.Serialization;
using FluentValidation;
using Mediator;
using OrleansCrm.ServiceDesk.Contracts;

namespace OrleansCrm.ServiceDesk.CommentTicket;

public sealed record CommentTicket(string? Text) : ICommand<TicketDetails>
{
    [JsonIgnore]
    public Guid TicketId { get; init; }

    [JsonIgnore]
    public string Actor { get; init; } = "api";
}

public sealed class CommentTicketValidator : AbstractValidator<CommentTicket>
{
    public CommentTicketValidator() => RuleFor(c => c.Text).NotEmpty().WithMessage("The comment is empty.").MaximumLength(10_000);
}

public sealed class CommentTicketHandler(IGrainFactory grains) : ICommandHandler<CommentTicket, TicketDetails>
{
    public async ValueTask<TicketDetails> Handle(CommentTicket command, CancellationToken cancellationToken) =>
        await grains.GetGrain<ITicketGrain>(command.TicketId).Comment(command.Text!.Trim(), command.Actor);
}
