using System.Security.Claims;
using System.Text.Json.Serialization;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using OrleansCrm.BuildingBlocks.Errors;
using OrleansCrm.BuildingBlocks.Security;
using OrleansCrm.BuildingBlocks.Texts;
using OrleansCrm.ServiceDesk.Access;
using OrleansCrm.ServiceDesk.Contracts;
using OrleansCrm.ServiceDesk.Texts;

namespace OrleansCrm.ServiceDesk.AssignFromQueue;

/// <summary>
/// A dispatcher gives a ticket waiting in the queue to a specialist they choose (the board's drag onto a lane), with the
/// checks of a redirect: on duty, the skill at the ticket's level, room for its weight (a critical ticket may go over).
/// </summary>
public sealed record AssignFromQueue(Guid SpecialistId, string? Reason, int? Version) : ICommand<TicketDetails>
{
    [JsonIgnore]
    public Guid TicketId { get; init; }

    [JsonIgnore]
    public string Actor { get; init; } = "api";

    /// <summary>Who asks; set by the endpoint or page from the signed-in user.</summary>
    [JsonIgnore]
    public Caller Caller { get; init; } = TicketAccess.Nobody;
}

public sealed class AssignFromQueueValidator : AbstractValidator<AssignFromQueue>
{
    public AssignFromQueueValidator()
    {
        RuleFor(a => a.SpecialistId).NotEmpty().WithText(ServiceDeskTexts.Code("Dispatch_ChooseSpecialist"));
        RuleFor(a => a.Reason).MaximumLength(2000);
    }
}

public sealed class AssignFromQueueHandler(IGrainFactory grains) : ICommandHandler<AssignFromQueue, TicketDetails>
{
    public async ValueTask<TicketDetails> Handle(AssignFromQueue command, CancellationToken cancellationToken)
    {
        // Giving out the queue is the dispatcher's decision, never a specialist's (they hand on only their own tickets).
        if (!command.Caller.CanDispatch)
        {
            throw new ForbiddenException(ServiceDeskTexts.Say("Dispatch_OnlyDispatchersAssign"));
        }

        var ticket = await grains.GetGrain<ITicketGrain>(command.TicketId).Get()
            ?? throw new NotFoundException(ServiceDeskTexts.Say("Dispatch_TicketNotFound", command.TicketId.ToString()));
        var reason = string.IsNullOrWhiteSpace(command.Reason) ? null : command.Reason.Trim();
        // Through the dispatcher: it alone hands out capacity, so its view of who has room stays true.
        return await grains.GetGrain<IDispatcherGrain>(ticket.Queue).AssignFromQueue(ticket.Id, command.SpecialistId, reason, command.Actor, command.Version);
    }
}

public static class AssignFromQueueEndpoint
{
    /// <summary><c>POST /api/dispatch/queue/{ticketId}/assign</c> on the dispatch group (Dispatchers and Directors).</summary>
    public static RouteGroupBuilder MapAssignFromQueue(this RouteGroupBuilder dispatch)
    {
        dispatch.MapPost("/queue/{ticketId:guid}/assign", async Task<Ok<TicketDetails>> (
            Guid ticketId, AssignFromQueue command, ClaimsPrincipal user, IMediator mediator, CancellationToken cancellationToken) =>
            TypedResults.Ok(await mediator.Send(command with { TicketId = ticketId, Caller = Caller.From(user), Actor = user.Identity?.Name ?? "api" }, cancellationToken)))
        .RequireAuthorization(CrmPolicies.Dispatch)
        .WithSummary("Assign a ticket waiting in the queue to a specialist")
        .WithDescription("Body: { \"specialistId\", \"reason\" (optional), \"version\" (optional) }. The checks of a redirect: the specialist must be on duty, "
            + "have the ticket's skill at its level and room for its weight (a critical ticket may go over capacity, flagged); a refusal is 409 saying why, "
            + "as is a ticket that no longer waits (assigned meanwhile, cancelled). Dispatchers and Directors only (403).")
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status403Forbidden)
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict);
        return dispatch;
    }
}
