using System.Security.Claims;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using OrleansCrm.BuildingBlocks.Security;
using OrleansCrm.ServiceDesk.Access;
using OrleansCrm.ServiceDesk.AssignFromQueue;
using OrleansCrm.ServiceDesk.Contracts;
using OrleansCrm.ServiceDesk.SearchTickets;
using OrleansCrm.ServiceDesk.Wall;

namespace OrleansCrm.ServiceDesk;

/// <summary>
/// The service desk's HTTP API: tickets and the dispatch board. Thin: each endpoint one Mediator message, carrying who
/// asks (<see cref="Caller"/>); the handlers decide what a specialist may see and do (see Access/TicketAccess.cs).
/// The board, the wall and the alerts are for every role but Specialist; rebalancing (and its preview) is for Dispatchers and Directors.
/// </summary>
public static class ServiceDeskEndpoints
{
    private const string Actions = "accept|decline|start|pause|resolve|close|reopen|cancel";

    public static IEndpointRouteBuilder MapServiceDeskEndpoints(this IEndpointRouteBuilder app)
    {
        var tickets = app.MapGroup("/api/tickets").WithTags("Tickets");

        tickets.MapPost("/", async Task<Created<TicketDetails>> (
            OpenTicket.OpenTicket command, [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey, ClaimsPrincipal user, IMediator mediator, CancellationToken cancellationToken) =>
        {
            var ticket = await mediator.Send(command with { IdempotencyKey = idempotencyKey, Caller = Caller.From(user), Actor = Actor(user) }, cancellationToken);
            return TypedResults.Created($"/api/tickets/{ticket.Id}", ticket);
        })
        .WithSummary("Open a ticket; it is dispatched at once (assigneeId is set when someone could take it)")
        .WithDescription("overrideReason (for a client whose support is Terminated) is for Dispatchers and Directors: anyone else giving one gets 403.")
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status403Forbidden)
        .ProducesProblem(StatusCodes.Status409Conflict);

        tickets.MapGet("/", async Task<Ok<TicketPage>> (
            TicketStatus? status, Guid? assignee, Guid? client, string? skill, bool? overdue, WallTile? tile, string? queue, string? search, TicketSort? sort,
            bool? descending, int? page, int? pageSize, ClaimsPrincipal user, IMediator mediator, CancellationToken cancellationToken) =>
            TypedResults.Ok(await mediator.Send(new SearchTickets.SearchTickets(status, assignee, client, skill, overdue, page ?? 1, pageSize ?? 20)
            {
                Tile = tile, Queue = queue, Search = search, Sort = sort, Descending = descending, Caller = Caller.From(user),
            }, cancellationToken)))
        .WithSummary("Tickets by text, status, assignee, client, skill, overdue, queue and wall tile; newest first unless sorted")
        .WithDescription("search finds a ticket number (T-000123 or 123), part of the subject, or the tickets of the clients the client search finds "
            + "(name, tax id, phone, e-mail). sort is CreatedAt, Number, Subject, Priority, Status or DueAt (descending=true|false). "
            + "tile (Open, Unassigned, Overdue, AboutToBreach, ResolvedToday, NeverTaken, RedirectedThreeTimes) lists the tickets behind that tile of "
            + "GET /api/dispatch/wall, counted the same way, in the support queue unless queue is given. "
            + "A specialist gets only the tickets assigned to them (asking for another assignee is 403).")
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status403Forbidden);

        tickets.MapGet("/{id:guid}", async Task<Ok<TicketDetails>> (Guid id, ClaimsPrincipal user, IMediator mediator, CancellationToken cancellationToken) =>
            TypedResults.Ok(await mediator.Send(new GetTicket.GetTicket(id) { Caller = Caller.From(user) }, cancellationToken)))
        .WithSummary("A ticket with its history")
        .ProducesProblem(StatusCodes.Status403Forbidden)
        .ProducesProblem(StatusCodes.Status404NotFound);

        tickets.MapPost($"/{{id:guid}}/{{action:regex(^({Actions})$)}}", async Task<Ok<TicketDetails>> (
            Guid id, string action, [FromBody] ActOnTicket.ActOnTicket? body, ClaimsPrincipal user, IMediator mediator, CancellationToken cancellationToken) =>
        {
            var command = (body ?? new ActOnTicket.ActOnTicket(null, null)) with
            {
                TicketId = id, Action = Enum.Parse<TicketAction>(action, ignoreCase: true), Caller = Caller.From(user), Actor = Actor(user),
            };
            return TypedResults.Ok(await mediator.Send(command, cancellationToken));
        })
        .WithSummary($"Move a ticket through its lifecycle: {Actions.Replace("|", ", ")}")
        .WithDescription("Body (optional): { \"reason\": \"…\", \"version\": n }. A decline needs a reason. A transition the status does not allow is 409 naming the allowed ones; a version that is not current is 409. "
            + "The assigned specialist, a Dispatcher or a Director only (403).")
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status403Forbidden)
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict);

        tickets.MapPost("/{id:guid}/redirect", async Task<Ok<TicketDetails>> (
            Guid id, RedirectTicket.RedirectTicket command, ClaimsPrincipal user, IMediator mediator, CancellationToken cancellationToken) =>
            TypedResults.Ok(await mediator.Send(command with { TicketId = id, Caller = Caller.From(user), Actor = Actor(user) }, cancellationToken)))
        .WithSummary("Redirect a ticket to a specialist, or (toSpecialistId null) let the dispatcher choose")
        .WithDescription("A specialist may redirect the tickets assigned to them; anyone else's ticket needs a Dispatcher or a Director (403).")
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status403Forbidden)
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict);

        tickets.MapPost("/{id:guid}/comments", async Task<Ok<TicketDetails>> (
            Guid id, CommentTicket.CommentTicket command, ClaimsPrincipal user, IMediator mediator, CancellationToken cancellationToken) =>
            TypedResults.Ok(await mediator.Send(command with { TicketId = id, Caller = Caller.From(user), Actor = Actor(user) }, cancellationToken)))
        .WithSummary("Comment on a ticket")
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status403Forbidden)
        .ProducesProblem(StatusCodes.Status404NotFound);

        tickets.MapPost("/{id:guid}/time", async Task<Ok<TicketDetails>> (
            Guid id, LogTime.LogTime command, ClaimsPrincipal user, IMediator mediator, CancellationToken cancellationToken) =>
            TypedResults.Ok(await mediator.Send(command with { TicketId = id, Caller = Caller.From(user), Actor = Actor(user) }, cancellationToken)))
        .WithSummary("Log time spent on a ticket (minutes, note)")
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status403Forbidden)
        .ProducesProblem(StatusCodes.Status404NotFound);

        // The board and the alerts show everyone's tickets: every role but a specialist's sees them; rebalancing is a dispatcher's.
        var dispatch = app.MapGroup("/api/dispatch").WithTags("Dispatch").RequireAuthorization(policy => policy.RequireRole(TicketAccess.OfficeRoles));
        dispatch.MapGet("/board", async Task<Ok<DispatchBoard>> (string? queue, IMediator mediator, CancellationToken cancellationToken) =>
            TypedResults.Ok(await mediator.Send(new Board.GetDispatchBoard(queue ?? SupportQueues.Support), cancellationToken)))
        .WithSummary("The waiting queue and every specialist's load, capacity, rating and tickets");
        dispatch.MapPost("/rebalance", async Task<Ok<IReadOnlyList<RebalanceMove>>> (string? queue, ClaimsPrincipal user, IMediator mediator, CancellationToken cancellationToken) =>
            TypedResults.Ok(await mediator.Send(new Board.Rebalance(queue ?? SupportQueues.Support, Actor(user)) { Caller = Caller.From(user) }, cancellationToken)))
        .RequireAuthorization(CrmPolicies.Dispatch)
        .WithSummary("Move not-started tickets from specialists above the average load ratio to those below it");
        dispatch.MapAssignFromQueue();

        dispatch.MapGet("/rebalance/preview", async Task<Ok<IReadOnlyList<RebalanceMove>>> (string? queue, ClaimsPrincipal user, IMediator mediator, CancellationToken cancellationToken) =>
            TypedResults.Ok(await mediator.Send(new Board.PlanRebalance(queue ?? SupportQueues.Support) { Caller = Caller.From(user) }, cancellationToken)))
        .RequireAuthorization(CrmPolicies.Dispatch)
        .WithSummary("The moves a rebalance would make now, without making them");

        dispatch.MapGet("/wall", async Task<Ok<WallSnapshot>> (string? queue, IMediator mediator, CancellationToken cancellationToken) =>
            TypedResults.Ok(await mediator.Send(new GetWallSnapshot(queue ?? SupportQueues.Support), cancellationToken)))
        .WithSummary("The director's wall: tile counts, each specialist's load, capacity and rating, recent alerts and present conditions")
        .WithDescription("Each tile's tickets are GET /api/tickets?tile=…. A screen loads this when it (re)connects to /hubs/operations, then applies the live events.");

        dispatch.MapGet("/alerts", async Task<Ok<IReadOnlyList<TicketAlert>>> (DateTimeOffset? since, int? limit, IMediator mediator, CancellationToken cancellationToken) =>
            TypedResults.Ok(await mediator.Send(new Alerts.GetAlerts(since, limit ?? 100), cancellationToken)))
        .WithSummary("Ticket alerts, newest first: overdue, about to breach, never taken");

        return app;
    }

    /// <summary>The name history entries record for what a user did.</summary>
    private static string Actor(ClaimsPrincipal user) => user.Identity?.Name ?? "api";
}
