using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using OrleansCrm.Agreements.Access;
using OrleansCrm.Agreements.ChangeContract;
using OrleansCrm.Agreements.Contracts;
using OrleansCrm.Agreements.Documents;
using OrleansCrm.Agreements.Templates;
using OrleansCrm.Agreements.Texts;
using OrleansCrm.BuildingBlocks.Errors;

namespace OrleansCrm.Agreements;

/// <summary>
/// The contracts' HTTP API (<c>/api/contracts</c>, <c>/api/contract-templates</c>): camelCase JSON, enums as strings,
/// ProblemDetails. Director and SalesHead do everything; a Manager reads and prints their own clients' contracts; Admin
/// keeps the templates; anyone else gets 403.
/// </summary>
public static class AgreementsEndpoints
{
    public const string IdempotencyHeader = "Idempotency-Key";

    public static IEndpointRouteBuilder MapAgreementsEndpoints(this IEndpointRouteBuilder app)
    {
        var contracts = app.MapGroup("/api/contracts").WithTags("Contracts");

        contracts.MapPost("/", async Task<Created<ContractDetails>> (
            CreateContract.CreateContract command, [FromHeader(Name = IdempotencyHeader)] string? idempotencyKey, IMediator mediator, CancellationToken cancellationToken) =>
        {
            var contract = await mediator.Send(command with { IdempotencyKey = idempotencyKey }, cancellationToken);
            return TypedResults.Created($"/api/contracts/{contract.Id}", contract);
        })
        .WithSummary("Create a contract (a Draft with the next number)")
        .WithDescription("Send an Idempotency-Key header to make retries safe. Directors and SalesHeads.")
        .RequireAuthorization(policy => policy.RequireRole(ContractViewer.Editors))
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status403Forbidden);

        contracts.MapPost("/{id:guid}/activate", async Task<Ok<ContractDetails>> (Guid id, IMediator mediator, CancellationToken cancellationToken) =>
            TypedResults.Ok(await mediator.Send(new ActOnContract(id, ContractAction.Activate), cancellationToken)))
        .WithSummary("Activate a contract")
        .ChangesAContract(withBody: false);

        contracts.MapPost("/{id:guid}/terminate", async Task<Ok<ContractDetails>> (Guid id, TerminateContract command, IMediator mediator, CancellationToken cancellationToken) =>
            TypedResults.Ok(await mediator.Send(command with { ContractId = id }, cancellationToken)))
        .WithSummary("Terminate a contract")
        .WithDescription("reason is required; on is the last day of service (default today). A day after today keeps an active " +
            "contract Active until then (terminationScheduled); the daily job terminates it on that day.")
        .ChangesAContract();

        contracts.MapPost("/{id:guid}/terminate/withdraw", async Task<Ok<ContractDetails>> (Guid id, IMediator mediator, CancellationToken cancellationToken) =>
            TypedResults.Ok(await mediator.Send(new ActOnContract(id, ContractAction.WithdrawTermination), cancellationToken)))
        .WithSummary("Withdraw a scheduled termination")
        .WithDescription("The contract runs on to its end. 409 when no termination is scheduled; sent again after it succeeded, it changes nothing.")
        .ChangesAContract(withBody: false);

        contracts.MapGet("/{id:guid}/text", async Task<Ok<ContractTextDetails>> (Guid id, HttpContext http, IMediator mediator, CancellationToken cancellationToken) =>
            TypedResults.Ok(await mediator.Send(new GetContractText(id, ContractViewer.From(http.User)), cancellationToken)))
        .WithSummary("The text the contract prints: its own, or its template's")
        .RequireAuthorization(policy => policy.RequireRole(ContractViewer.Readers))
        .ProducesProblem(StatusCodes.Status403Forbidden)
        .ProducesProblem(StatusCodes.Status404NotFound);

        contracts.MapPut("/{id:guid}/text", async Task<Ok<ContractDetails>> (Guid id, SetContractText command, IMediator mediator, CancellationToken cancellationToken) =>
            TypedResults.Ok(await mediator.Send(command with { ContractId = id }, cancellationToken)))
        .WithSummary("Set the contract's own text, or return it to its template")
        .WithDescription("ownText in a template's form ('# ' the title, '## ' a section, every other line a clause with {placeholders}); null prints the template's text again.")
        .ChangesAContract();

        contracts.MapPost("/{id:guid}/suspend", async Task<Ok<ContractDetails>> (Guid id, SuspendContract command, IMediator mediator, CancellationToken cancellationToken) =>
            TypedResults.Ok(await mediator.Send(command with { ContractId = id }, cancellationToken)))
        .WithSummary("Suspend an active contract")
        .WithDescription("reason is required. A suspended contract is not billed, and its client's support follows as for a termination.")
        .ChangesAContract();

        contracts.MapPost("/{id:guid}/resume", async Task<Ok<ContractDetails>> (Guid id, IMediator mediator, CancellationToken cancellationToken) =>
            TypedResults.Ok(await mediator.Send(new ActOnContract(id, ContractAction.Resume), cancellationToken)))
        .WithSummary("Resume a suspended contract")
        .ChangesAContract(withBody: false);

        contracts.MapPost("/{id:guid}/amendments", async Task<Ok<ContractDetails>> (Guid id, AmendContract command, IMediator mediator, CancellationToken cancellationToken) =>
            TypedResults.Ok(await mediator.Send(command with { ContractId = id }, cancellationToken)))
        .WithSummary("Add a supplementary agreement")
        .WithDescription("New monthlyFee and includedHours from effectiveFrom (after the start, not after the end) on.")
        .ChangesAContract();

        contracts.MapGet("/", async Task<Ok<ContractPage>> (
            Guid? clientId, ContractStatus? status, string? search, string? sort, int? page, int? pageSize, HttpContext http, IMediator mediator, CancellationToken cancellationToken) =>
            TypedResults.Ok(await mediator.Send(new SearchContracts.SearchContracts(clientId, status, search, sort, page ?? 1, pageSize ?? 20, ContractViewer.From(http.User)), cancellationToken)))
        .WithSummary("List contracts")
        .WithDescription("search matches the number or the client's name; sort is number, client, status, startsOn, endsOn or fee, '-' for descending. Managers see their own clients' contracts.")
        .RequireAuthorization(policy => policy.RequireRole(ContractViewer.Readers))
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status403Forbidden);

        contracts.MapGet("/{id:guid}", async Task<Ok<ContractDetails>> (Guid id, HttpContext http, IMediator mediator, CancellationToken cancellationToken) =>
            TypedResults.Ok(await mediator.Send(new GetContract.GetContract(id, ContractViewer.From(http.User)), cancellationToken)))
        .WithSummary("A contract, with its terms history and amendments")
        .RequireAuthorization(policy => policy.RequireRole(ContractViewer.Readers))
        .ProducesProblem(StatusCodes.Status403Forbidden)
        .ProducesProblem(StatusCodes.Status404NotFound);

        contracts.MapGet("/{id:guid}/document", async Task<FileContentHttpResult> (Guid id, string? format, HttpContext http, IMediator mediator, CancellationToken cancellationToken) =>
        {
            var kind = format?.ToLowerInvariant() switch
            {
                null or "" or "docx" => ContractDocumentFormat.Docx,
                "pdf" => ContractDocumentFormat.Pdf,
                _ => throw AgreementsTexts.Invalid("format", AgreementsTexts.Say("FormatInvalid")),
            };
            await mediator.Send(new GetContract.GetContract(id, ContractViewer.From(http.User)), cancellationToken); // 404, 403
            var file = await mediator.Send(new RenderContractDocument(id, kind), cancellationToken)
                ?? throw new NotFoundException(AgreementsTexts.Say("ContractNotFound", id.ToString()));
            return TypedResults.File(file.Content, file.ContentType, file.FileName);
        })
        .WithSummary("The contract's document: DOCX (editable) or PDF")
        .WithDescription("format=docx|pdf. 409 names the requisites the text needs and the contract lacks.")
        .RequireAuthorization(policy => policy.RequireRole(ContractViewer.Readers))
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status403Forbidden)
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict);

        var templates = app.MapGroup("/api/contract-templates").WithTags("Contracts")
            .RequireAuthorization(policy => policy.RequireRole(ContractViewer.TemplateKeepers));

        templates.MapGet("/", async Task<Ok<IReadOnlyList<TemplateDetails>>> (IMediator mediator, CancellationToken cancellationToken) =>
            TypedResults.Ok(await mediator.Send(new ListTemplates(), cancellationToken)))
        .WithSummary("The contract templates");

        templates.MapGet("/placeholders", async Task<Ok<IReadOnlyList<PlaceholderInfo>>> (IMediator mediator, CancellationToken cancellationToken) =>
            TypedResults.Ok(await mediator.Send(new ListPlaceholders(), cancellationToken)))
        .WithSummary("The placeholders a template's clauses may use");

        templates.MapGet("/{id:guid}", async Task<Ok<TemplateDetails>> (Guid id, IMediator mediator, CancellationToken cancellationToken) =>
            TypedResults.Ok(await mediator.Send(new GetTemplate(id), cancellationToken)))
        .WithSummary("A contract template")
        .ProducesProblem(StatusCodes.Status404NotFound);

        templates.MapPost("/", async Task<Created<TemplateDetails>> (SaveTemplate command, IMediator mediator, CancellationToken cancellationToken) =>
        {
            var template = await mediator.Send(command with { Id = null }, cancellationToken);
            return TypedResults.Created($"/api/contract-templates/{template.Id}", template);
        })
        .WithSummary("Add a contract template")
        .WithDescription("body: '# ' the title, '## ' a section, every other line a clause with {placeholders}.")
        .ProducesValidationProblem();

        templates.MapPut("/{id:guid}", async Task<Ok<TemplateDetails>> (Guid id, SaveTemplate command, IMediator mediator, CancellationToken cancellationToken) =>
            TypedResults.Ok(await mediator.Send(command with { Id = id }, cancellationToken)))
        .WithSummary("Replace a contract template's name, kind and text")
        .WithDescription("version is the version you edited; a newer one is 409.")
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict);

        return app;
    }

    /// <summary>
    /// What every change of an existing contract declares: Directors and SalesHeads only, 404 for an unknown id, 409 for a
    /// change its status does not allow or a newer version; one with a body also answers 400 with the fields' problems.
    /// </summary>
    private static RouteHandlerBuilder ChangesAContract(this RouteHandlerBuilder endpoint, bool withBody = true)
    {
        endpoint.RequireAuthorization(policy => policy.RequireRole(ContractViewer.Editors));
        if (withBody)
        {
            endpoint.ProducesValidationProblem();
        }

        return endpoint.ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
    }
}
