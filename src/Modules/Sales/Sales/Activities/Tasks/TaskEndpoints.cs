using System.Security.Claims;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace OrleansCrm.Sales.Activities.Tasks;

/// <summary>
/// <c>/api/tasks</c>: Managers see and act on the tasks they set or execute; SalesHeads and Directors on all. Each
/// endpoint is one Mediator message.
/// </summary>
internal static class TaskEndpoints
{
    public const string IdempotencyHeader = "Idempotency-Key";

    public static IEndpointRouteBuilder MapTaskEndpoints(this IEndpointRouteBuilder app)
    {
        var tasks = app.MapGroup("/api/tasks").WithTags("Sales")
            .RequireAuthorization(policy => policy.RequireRole(SalesCaller.Roles));

        tasks.MapPost("/", async Task<Created<IReadOnlyList<SalesTask>>> (
            CreateTasks command, [FromHeader(Name = IdempotencyHeader)] string? idempotencyKey, ClaimsPrincipal user, IMediator mediator, CancellationToken cancellationToken) =>
        {
            var made = await mediator.Send(command with { IdempotencyKey = idempotencyKey, Caller = SalesCaller.From(user) }, cancellationToken);
            return TypedResults.Created("/api/tasks", made);
        })
        .WithSummary("Set a task for one or several executors (one task each)")
        .WithDescription("Body: { title, description, executorIds: [...], dueAt, dealId, clientId, ticketId }. Send an Idempotency-Key header to make retries safe: the same key returns the same tasks.")
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status403Forbidden);

        tasks.MapGet("/", async Task<Ok<SalesTaskPage>> (
            Guid? executorId, Guid? authorId, Guid? dealId, Guid? clientId, string? status, string? due, string? search, string? sort, int? page, int? pageSize,
            bool? open, ClaimsPrincipal user, IMediator mediator, CancellationToken cancellationToken) =>
            TypedResults.Ok(await mediator.Send(
                new ListTasks(executorId, authorId, dealId, clientId, status, due, search, sort, page ?? 1, pageSize ?? 50, open ?? false) { Caller = SalesCaller.From(user) },
                cancellationToken)))
        .WithSummary("Tasks: { items, total }")
        .WithDescription("status: set, accepted, done, checked, closed, returned; due: overdue, today, later (open tasks only); open=true leaves out finished ones; sort: dueAt (default), createdAt, title, status, '-' first for descending.")
        .ProducesValidationProblem();

        tasks.MapGet("/{id:guid}", async Task<Ok<TaskCard>> (Guid id, ClaimsPrincipal user, IMediator mediator, CancellationToken cancellationToken) =>
            TypedResults.Ok(await mediator.Send(new GetTask(id) { Caller = SalesCaller.From(user) }, cancellationToken)))
        .WithSummary("A task with its history and the actions the caller may take")
        .ProducesProblem(StatusCodes.Status404NotFound);

        tasks.MapPost("/{id:guid}/{action:regex(^(accept|done|check|return|close)$)}", async Task<Ok<SalesTask>> (
            Guid id, string action, [FromBody] ActOnTask? command, ClaimsPrincipal user, IMediator mediator, CancellationToken cancellationToken) =>
            TypedResults.Ok(await mediator.Send(
                (command ?? new ActOnTask((string?)null)) with { TaskId = id, Action = Enum.Parse<TaskAction>(action, ignoreCase: true), Caller = SalesCaller.From(user) },
                cancellationToken)))
        .WithSummary("Move a task through its loop: accept, done, check, return, close")
        .WithDescription("Body (optional): { note }. The executor accepts and finishes; the author checks, returns and closes; SalesHeads and Directors may do anything. A step the status does not allow is 409.")
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status403Forbidden)
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict);

        tasks.MapPost("/{id:guid}/reassign", async Task<Ok<SalesTask>> (
            Guid id, ReassignTask command, ClaimsPrincipal user, IMediator mediator, CancellationToken cancellationToken) =>
            TypedResults.Ok(await mediator.Send(command with { TaskId = id, Caller = SalesCaller.From(user) }, cancellationToken)))
        .WithSummary("Give an open task to another executor")
        .WithDescription("Body: { executorId, note }. The author, a SalesHead or a Director.")
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status403Forbidden)
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict);

        return app;
    }
}
