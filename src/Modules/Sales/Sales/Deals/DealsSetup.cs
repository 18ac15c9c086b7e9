using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OrleansCrm.BuildingBlocks.Calendar;
using OrleansCrm.BuildingBlocks.Jobs;
using OrleansCrm.BuildingBlocks.LiveFeed;
using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.BuildingBlocks.Security;
using OrleansCrm.Sales.Contracts;
using OrleansCrm.Sales.Deals.Access;
using OrleansCrm.Sales.Deals.Attachments;
using OrleansCrm.Sales.Deals.ChangeDeal;
using OrleansCrm.Sales.Deals.Lifecycle;
using OrleansCrm.Sales.Deals.Pipelines;
using OrleansCrm.Sales.Deals.Robots;
using OrleansCrm.Sales.Deals.SearchDeals;

namespace OrleansCrm.Sales.Deals;

/// <summary>Pipelines and deals: stages, required fields, robots and triggers, pause, win and lose, stage history.</summary>
internal static class DealsSetup
{
    public const string IdempotencyHeader = "Idempotency-Key";

    /// <summary>The heads of sales watch every deal move.</summary>
    public const string SalesHeadsGroup = LiveGroups.SalesHeads;

    public static IServiceCollection AddDeals(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<PipelineStore>();
        services.AddOptions<AttachmentOptions>().Bind(configuration.GetSection(AttachmentOptions.Section));
        services.AddSingleton<AttachmentStore>();
        services.AddSingleton<DealProjection>();
        services.AddSingleton<DealRobots>();
        services.AddSingleton<PauseEndJob>();
        services.AddSingleton<IDemoDataSeeder, Demo.DealDemoSeeder>();
        services.AddRecurringJob<PauseEndJob>();
        // The company's one calendar, in its one time zone (the service desk's SLA counts in the same one).
        services.AddCompanyCalendar(configuration);

        // A sales user's own group (SalesGroups.User) is joined through Activities' policy; the heads join theirs here.
        services.AddLiveRoute<DealChanged>(DealChanged.HubMessage, e => [SalesGroups.User(e.OwnerId), SalesHeadsGroup]);
        services.AddLiveRoute<DealNotice>(DealNotice.HubMessage, e => [SalesGroups.User(e.UserId)]);
        services.AddLiveGroups(user =>
        {
            var groups = new List<string>();
            if (user.IsInRole(CrmRoles.SalesHead) || user.IsInRole(CrmRoles.Director))
            {
                groups.Add(SalesHeadsGroup);
            }

            return groups;
        });
        return services;
    }

    public static IEndpointRouteBuilder MapDealEndpoints(this IEndpointRouteBuilder app)
    {
        var pipelines = app.MapGroup("/api/pipelines").WithTags("Pipelines");

        pipelines.MapPost("/", async Task<Created<Pipeline>> (SavePipeline command, IMediator mediator, CancellationToken cancellationToken) =>
        {
            var pipeline = await mediator.Send(command with { Id = null }, cancellationToken);
            return TypedResults.Created($"/api/pipelines/{pipeline.Id}", pipeline);
        })
        .WithSummary("Create a pipeline")
        .WithDescription("Stages with unique codes, probability 0–100, required fields (built-in or custom keys) and robots; custom fields; loss reasons.")
        .RequireAuthorization(policy => policy.RequireRole(DealViewer.PipelineKeepers))
        .ProducesValidationProblem();

        pipelines.MapPut("/{id:guid}", async Task<Ok<Pipeline>> (Guid id, SavePipeline command, IMediator mediator, CancellationToken cancellationToken) =>
            TypedResults.Ok(await mediator.Send(command with { Id = id }, cancellationToken)))
        .WithSummary("Replace a pipeline at the version read")
        .RequireAuthorization(policy => policy.RequireRole(DealViewer.PipelineKeepers))
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict);

        pipelines.MapGet("/", async Task<Ok<IReadOnlyList<Pipeline>>> (IMediator mediator, CancellationToken cancellationToken) =>
            TypedResults.Ok(await mediator.Send(new ListPipelines(), cancellationToken)))
        .WithSummary("The pipelines")
        .RequireAuthorization(policy => policy.RequireRole(DealViewer.PipelineReaders));

        var deals = app.MapGroup("/api/deals").WithTags("Deals");

        deals.MapPost("/", async Task<Created<DealDetails>> (
            CreateDeal.CreateDeal command, [FromHeader(Name = IdempotencyHeader)] string? idempotencyKey, HttpContext http, IMediator mediator, CancellationToken cancellationToken) =>
        {
            var deal = await mediator.Send(command with { IdempotencyKey = idempotencyKey, Viewer = DealViewer.From(http.User) }, cancellationToken);
            return TypedResults.Created($"/api/deals/{deal.Id}", deal);
        })
        .WithSummary("Open a deal in its pipeline's first stage")
        .WithDescription("Send an Idempotency-Key header to make retries safe. A Manager owns the deals they open.")
        .RequireAuthorization(policy => policy.RequireRole(DealViewer.Changers))
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status403Forbidden);

        deals.MapPut("/{id:guid}", async Task<Ok<DealDetails>> (Guid id, UpdateDeal command, HttpContext http, IMediator mediator, CancellationToken cancellationToken) =>
            TypedResults.Ok(await mediator.Send(command with { DealId = id, Viewer = DealViewer.From(http.User) }, cancellationToken)))
        .WithSummary("Edit a deal's fields at the version read")
        .RequireAuthorization(policy => policy.RequireRole(DealViewer.Changers))
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status403Forbidden)
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict);

        deals.MapPost("/{id:guid}/move", async Task<Ok<DealDetails>> (Guid id, MoveDeal command, HttpContext http, IMediator mediator, CancellationToken cancellationToken) =>
            TypedResults.Ok(await mediator.Send(command with { DealId = id, Viewer = DealViewer.From(http.User) }, cancellationToken)))
        .WithSummary("Move a deal to another stage")
        .WithDescription("{ toStage, version }. 409 with missing: [...] when the current stage's required fields are empty.")
        .RequireAuthorization(policy => policy.RequireRole(DealViewer.Changers))
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status403Forbidden)
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict);

        deals.MapPost("/{id:guid}/win", async Task<Ok<DealDetails>> (Guid id, WinDeal command, HttpContext http, IMediator mediator, CancellationToken cancellationToken) =>
            TypedResults.Ok(await mediator.Send(command with { DealId = id, Viewer = DealViewer.From(http.User) }, cancellationToken)))
        .WithSummary("Win a deal")
        .RequireAuthorization(policy => policy.RequireRole(DealViewer.Changers))
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status409Conflict);

        deals.MapPost("/{id:guid}/lose", async Task<Ok<DealDetails>> (Guid id, LoseDeal command, HttpContext http, IMediator mediator, CancellationToken cancellationToken) =>
            TypedResults.Ok(await mediator.Send(command with { DealId = id, Viewer = DealViewer.From(http.User) }, cancellationToken)))
        .WithSummary("Lose a deal for one of its pipeline's reasons")
        .RequireAuthorization(policy => policy.RequireRole(DealViewer.Changers))
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status409Conflict);

        deals.MapPost("/{id:guid}/pause", async Task<Ok<DealDetails>> (Guid id, PauseDeal command, HttpContext http, IMediator mediator, CancellationToken cancellationToken) =>
            TypedResults.Ok(await mediator.Send(command with { DealId = id, Viewer = DealViewer.From(http.User) }, cancellationToken)))
        .WithSummary("Pause a deal until a date, with a comment")
        .RequireAuthorization(policy => policy.RequireRole(DealViewer.Changers))
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status409Conflict);

        deals.MapGet("/", async Task<Ok<DealPage>> (
            Guid? pipelineId, string? stage, Guid? ownerId, Guid? clientId, DealStatus? status, string? search, string? sort, int? page, int? pageSize,
            HttpContext http, IMediator mediator, CancellationToken cancellationToken) =>
            TypedResults.Ok(await mediator.Send(new SearchDeals.SearchDeals(pipelineId, stage, ownerId, clientId, status, search, sort, page ?? 1, pageSize ?? 50,
                DealViewer.From(http.User)), cancellationToken)))
        .WithSummary("List deals")
        .WithDescription("search matches the title; sort is title, amount, expectedCloseOn, createdAt, updatedAt or stage, '-' for descending. Managers see their own deals.")
        .RequireAuthorization(policy => policy.RequireRole(DealViewer.Readers))
        .ProducesValidationProblem();

        deals.MapGet("/{id:guid}", async Task<Ok<DealDetails>> (Guid id, HttpContext http, IMediator mediator, CancellationToken cancellationToken) =>
            TypedResults.Ok(await mediator.Send(new GetDeal(id, DealViewer.From(http.User)), cancellationToken)))
        .WithSummary("A deal, with its stage history")
        .RequireAuthorization(policy => policy.RequireRole(DealViewer.Readers))
        .ProducesProblem(StatusCodes.Status403Forbidden)
        .ProducesProblem(StatusCodes.Status404NotFound);

        deals.MapAttachmentEndpoints();
        return app;
    }
}
