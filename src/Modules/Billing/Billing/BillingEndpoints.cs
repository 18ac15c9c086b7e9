using System.Security.Claims;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using OrleansCrm.Billing.Documents;
using OrleansCrm.Billing.MonthlyRun;
using OrleansCrm.Billing.Packages;
using OrleansCrm.Billing.Schedules;
using OrleansCrm.Billing.Unbilled;
using OrleansCrm.Billing.Payments;
using OrleansCrm.Billing.Reports;

namespace OrleansCrm.Billing;

/// <summary>
/// Billing's HTTP API (documents, the monthly run, payments, the wall's figures): camelCase JSON, ProblemDetails. Each
/// endpoint is one Mediator message. Director and SalesHead: everything; Manager: documents and packages of their own
/// clients (checked by the handlers); every other role: 403.
/// </summary>
public static class BillingEndpoints
{
    public static IEndpointRouteBuilder MapBillingEndpoints(this IEndpointRouteBuilder app)
    {
        var runs = app.MapGroup("/api/billing/runs").WithTags("Billing")
            .RequireAuthorization(policy => policy.RequireRole(MoneyCaller.BillingRoles));
        runs.MapGet("/preview", async Task<Ok<RunPreview>> (string? period, IMediator mediator, CancellationToken cancellationToken) =>
            TypedResults.Ok(await mediator.Send(new PreviewRun(period ?? ""), cancellationToken)))
            .WithSummary("What the monthly run for a period (2026-12) would create and skip")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden);
        runs.MapPost("/", async Task<Ok<RunResult>> (RunMonth command, IMediator mediator, CancellationToken cancellationToken) =>
            TypedResults.Ok(await mediator.Send(command, cancellationToken)))
            .WithSummary("Run the month: an invoice and an act per billable contract, issued; safe to repeat")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden);

        var schedules = app.MapGroup("/api/billing/schedules").WithTags("Billing")
            .RequireAuthorization(policy => policy.RequireRole(MoneyCaller.BillingRoles));
        schedules.MapPost("/", async Task<Ok<ScheduleResult>> (
            CreateSchedule command, [FromHeader(Name = UnbilledEndpoints.IdempotencyHeader)] string? idempotencyKey, ClaimsPrincipal user, IMediator mediator,
            CancellationToken cancellationToken) =>
            TypedResults.Ok(await mediator.Send(command with { Caller = MoneyCaller.From(user), IdempotencyKey = idempotencyKey }, cancellationToken)))
            .WithSummary("Split an amount into N dated payments, each with its invoice and a follow-up task for the client's manager")
            .WithDescription("Send an Idempotency-Key header to make retries safe: the same key answers the same schedule and sets the tasks a failed try did not; the same key with another body is a 409.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict);

        var invoices = app.MapGroup("/api/invoices").WithTags("Billing")
            .RequireAuthorization(policy => policy.RequireRole(MoneyCaller.DocumentRoles));
        invoices.MapGet("/", async Task<Ok<DocumentPage>> (
            Guid? clientId, DocumentStatus? status, string? period, DocumentKind? kind, string? search, string? sort, int? page, int? pageSize,
            ClaimsPrincipal user, IMediator mediator, CancellationToken cancellationToken) =>
            TypedResults.Ok(await mediator.Send(new ListDocuments(MoneyCaller.From(user), clientId, status, period, kind, search, sort, page ?? 1, pageSize ?? 20), cancellationToken)))
            .WithSummary("Invoices, acts and proposals")
            .WithDescription("period is 2026-12; search matches the number and the client's name; sort is number, issuedOn, dueOn, total, status or client, '-' for descending.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden);
        invoices.MapPost("/", async Task<Ok<InvoicingResult>> (CreateInvoices command, ClaimsPrincipal user, IMediator mediator, CancellationToken cancellationToken) =>
            TypedResults.Ok(await mediator.Send(command with { Caller = MoneyCaller.From(user) }, cancellationToken)))
            .WithSummary("A manual invoice ({clientId, lines, issue}) or mass invoicing ({clientIds, lines})")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict);
        invoices.MapGet("/{id:guid}", async Task<Ok<DocumentDetails>> (Guid id, ClaimsPrincipal user, IMediator mediator, CancellationToken cancellationToken) =>
            TypedResults.Ok(await mediator.Send(new GetDocument(MoneyCaller.From(user), id), cancellationToken)))
            .WithSummary("One document").ProducesProblem(StatusCodes.Status404NotFound);
        invoices.MapGet("/{id:guid}/pdf", async Task<FileContentHttpResult> (Guid id, ClaimsPrincipal user, IMediator mediator, CancellationToken cancellationToken) =>
        {
            var file = await mediator.Send(new RenderDocumentPdf(MoneyCaller.From(user), id), cancellationToken);
            return TypedResults.File(file.Content, file.ContentType, file.FileName);
        }).WithSummary("The document's PDF").ProducesProblem(StatusCodes.Status404NotFound);
        invoices.MapPost("/{id:guid}/issue", async Task<Ok<DocumentDetails>> (Guid id, VersionBody? body, ClaimsPrincipal user, IMediator mediator, CancellationToken cancellationToken) =>
            TypedResults.Ok(await mediator.Send(new IssueDocument(MoneyCaller.From(user), id, body?.Version), cancellationToken)))
            .WithSummary("Issue a draft: its number and today's date").ProducesProblem(StatusCodes.Status409Conflict);
        invoices.MapPost("/{id:guid}/cancel", async Task<Ok<DocumentDetails>> (Guid id, CancelBody body, ClaimsPrincipal user, IMediator mediator, CancellationToken cancellationToken) =>
            TypedResults.Ok(await mediator.Send(new CancelDocument(MoneyCaller.From(user), id, body.Reason ?? "", body.Version), cancellationToken)))
            .WithSummary("Cancel a document, with the reason (it is never deleted)").ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
        invoices.MapPost("/{id:guid}/send", async Task<Ok<DocumentDetails>> (Guid id, SendBody body, ClaimsPrincipal user, IMediator mediator, CancellationToken cancellationToken) =>
            TypedResults.Ok(await mediator.Send(new SendDocument(MoneyCaller.From(user), id, body.To ?? ""), cancellationToken)))
            .WithSummary("E-mail the document's PDF").ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);

        app.MapPost("/api/clients/{id:guid}/package", async Task<FileContentHttpResult> (Guid id, ClaimsPrincipal user, IMediator mediator, CancellationToken cancellationToken) =>
        {
            var file = await mediator.Send(new BuildClientPackage(MoneyCaller.From(user), id), cancellationToken);
            return TypedResults.File(file.Content, file.ContentType, file.FileName);
        })
        .WithTags("Billing")
        .WithSummary("The client's document package: a ZIP of the invoice and proposal PDFs and the contract (DOCX and PDF)")
        .RequireAuthorization(policy => policy.RequireRole(MoneyCaller.DocumentRoles))
        .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        app.MapUnbilledEndpoints();
        app.MapPaymentEndpoints();
        app.MapBillingReports();
        return app;
    }

    public sealed record VersionBody(int? Version);

    public sealed record CancelBody(string? Reason, int? Version);

    public sealed record SendBody(string? To);
}
