using System.Security.Claims;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using OrleansCrm.Sales.Activities.Tasks;

namespace OrleansCrm.Sales.Activities.Interactions;

/// <summary><c>/api/interactions</c>: Managers their own, SalesHeads and Directors everyone's.</summary>
internal static class InteractionEndpoints
{
    public static IEndpointRouteBuilder MapInteractionEndpoints(this IEndpointRouteBuilder app)
    {
        var interactions = app.MapGroup("/api/interactions").WithTags("Sales")
            .RequireAuthorization(policy => policy.RequireRole(SalesCaller.Roles));

        interactions.MapPost("/", async Task<Created<Interaction>> (
            CreateInteraction command, [FromHeader(Name = TaskEndpoints.IdempotencyHeader)] string? idempotencyKey, ClaimsPrincipal user, IMediator mediator,
            CancellationToken cancellationToken) =>
        {
            var made = await mediator.Send(command with { IdempotencyKey = idempotencyKey, Caller = SalesCaller.From(user) }, cancellationToken);
            return TypedResults.Created($"/api/interactions/{made.Id}", made);
        })
        .WithSummary("Log a done interaction or plan one")
        .WithDescription("Body: { kind: call|meeting|email|note, clientId, contactId, dealId, ticketId, ownerId, plannedAt, doneAt, notes, next: { kind, plannedAt } }. A done one on a deal whose pipeline requires it must give next (400 on next). Send an Idempotency-Key header to make retries safe.")
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status403Forbidden);

        interactions.MapPost("/{id:guid}/done", async Task<Ok<Interaction>> (
            Guid id, FinishInteraction command, ClaimsPrincipal user, IMediator mediator, CancellationToken cancellationToken) =>
            TypedResults.Ok(await mediator.Send(command with { InteractionId = id, Caller = SalesCaller.From(user) }, cancellationToken)))
        .WithSummary("Finish a planned interaction and plan the next")
        .WithDescription("Body: { notes, next: { kind, plannedAt } }. One already done is 409.")
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict);

        interactions.MapPost("/{id:guid}/move", async Task<Ok<Interaction>> (
            Guid id, MoveInteraction command, ClaimsPrincipal user, IMediator mediator, CancellationToken cancellationToken) =>
            TypedResults.Ok(await mediator.Send(command with { InteractionId = id, Caller = SalesCaller.From(user) }, cancellationToken)))
        .WithSummary("Plan a planned interaction for another moment")
        .WithDescription("Body: { plannedAt, version }. One already done, or changed since version, is 409.")
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict);

        interactions.MapGet("/", async Task<Ok<IReadOnlyList<Interaction>>> (
            Guid? ownerId, Guid? clientId, Guid? dealId, string? status, DateTimeOffset? from, DateTimeOffset? to, int? limit, ClaimsPrincipal user, IMediator mediator,
            CancellationToken cancellationToken) =>
            TypedResults.Ok(await mediator.Send(new ListInteractions(ownerId, clientId, dealId, status, from, to, limit ?? 500) { Caller = SalesCaller.From(user) }, cancellationToken)))
        .WithSummary("Interactions planned or done in [from, to)")
        .WithDescription("status: planned or done. By the done time, else the planned time; oldest first.")
        .ProducesValidationProblem();

        interactions.MapGet("/idle-deals", async Task<Ok<IdleDeals>> (Guid? ownerId, ClaimsPrincipal user, IMediator mediator, CancellationToken cancellationToken) =>
            TypedResults.Ok(await mediator.Send(new ListIdleDeals(ownerId) { Caller = SalesCaller.From(user) }, cancellationToken)))
        .WithSummary("\"No activity\": open deals without a planned interaction, counted per owner");

        return app;
    }
}
