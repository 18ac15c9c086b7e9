using System.Security.Claims;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using OrleansCrm.Billing.Documents;
using OrleansCrm.Billing.Unbilled.InvoiceUnbilled;
using OrleansCrm.BuildingBlocks.Jobs;
using OrleansCrm.BuildingBlocks.Security;

namespace OrleansCrm.Billing.Unbilled;

public static class UnbilledEndpoints
{
    /// <summary>The store, the sync and its hourly job.</summary>
    public static IServiceCollection AddUnbilledWork(this IServiceCollection services)
    {
        services.AddSingleton<UnbilledStore>();
        services.AddSingleton<UnbilledWorkSync>();
        services.AddRecurringJob<UnbilledWorkJob>();
        return services;
    }

    public static IEndpointRouteBuilder MapUnbilledEndpoints(this IEndpointRouteBuilder app)
    {
        var unbilled = app.MapGroup("/api/billing/unbilled").WithTags("Billing")
            .RequireAuthorization(policy => policy.RequireRole(UnbilledAccess.Roles));

        unbilled.MapGet("/", async Task<Ok<UnbilledPage>> (
            Guid? clientId, string? status, int? page, int? pageSize, string? sort, ClaimsPrincipal user, IMediator mediator, CancellationToken cancellationToken) =>
            TypedResults.Ok(await mediator.Send(new ListUnbilledItems(clientId, status, page ?? 1, pageSize ?? 20, sort) { Caller = Caller.From(user) }, cancellationToken)))
        .WithSummary("Unbilled work: paid work nobody has invoiced yet")
        .WithDescription("status is open, invoiced or writtenOff (all when absent); sort is foundAt, quantity, description or period, with a leading '-' for descending; newest first by default. Directors and SalesHeads.")
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status403Forbidden);

        unbilled.MapPost("/{id:guid}/write-off", async Task<Ok<UnbilledItem>> (
            Guid id, WriteOffUnbilledItem command, ClaimsPrincipal user, IMediator mediator, CancellationToken cancellationToken) =>
            TypedResults.Ok(await mediator.Send(command with { Id = id, Caller = Caller.From(user) }, cancellationToken)))
        .WithSummary("Write an unbilled item off")
        .WithDescription("Body: { \"reason\": \"…\" } (required). An item already written off or invoiced is 409. Directors and SalesHeads.")
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status403Forbidden)
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict);

        unbilled.MapGet("/invoice-draft", async Task<Ok<UnbilledInvoiceDraft>> (
            [FromQuery] Guid[]? itemIds, ClaimsPrincipal user, IMediator mediator, CancellationToken cancellationToken) =>
            TypedResults.Ok(await mediator.Send(new PrepareUnbilledInvoice(itemIds ?? []) { Caller = Caller.From(user) }, cancellationToken)))
        .WithSummary("The invoice lines proposed for open unbilled items of one client")
        .WithDescription("?itemIds=…&itemIds=…: { clientId, contractId, contractNumber, pricesIncludeVat, lines: [{ itemId, service, quantity, unit, price, vatRate }] }, priced from the client's contract in force (module README, Decisions). Items of several clients: 400 on itemIds; unknown: 404; not open: 409. Directors and SalesHeads.")
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status403Forbidden)
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict);

        unbilled.MapPost("/invoice", async Task<Created<CreatedDocument>> (
            InvoiceUnbilledItems command, [FromHeader(Name = IdempotencyHeader)] string? idempotencyKey, ClaimsPrincipal user, IMediator mediator,
            CancellationToken cancellationToken) =>
        {
            var created = await mediator.Send(command with { Caller = Caller.From(user), IdempotencyKey = idempotencyKey }, cancellationToken);
            return TypedResults.Created($"/api/invoices/{created.Id}", created);
        })
        .WithSummary("Invoice unbilled items as one draft invoice")
        .WithDescription("Body: { lines: [{ itemId, service, quantity, unit, price, vatRate }] }, one line per open item of ONE client (as invoice-draft proposes them, edited). The items become invoiced, linked to their lines, in the invoice's transaction; each at most once (409). Send an Idempotency-Key header: the same key answers the same invoice. Directors and SalesHeads.")
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status403Forbidden)
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict);

        return app;
    }

    public const string IdempotencyHeader = "Idempotency-Key";
}
