using System.Security.Claims;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using OrleansCrm.Billing.Payments.Demo;
using OrleansCrm.Billing.Payments.ImportStatement;
using OrleansCrm.Billing.Payments.ListPayments;
using OrleansCrm.Billing.Payments.MatchPayment;
using OrleansCrm.Billing.Payments.PaidNoticeFailures;
using OrleansCrm.Billing.Texts;
using OrleansCrm.BuildingBlocks.Http;
using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.BuildingBlocks.Security;
using OrleansCrm.BuildingBlocks.Texts;

namespace OrleansCrm.Billing.Payments;

/// <summary>
/// Payments over HTTP: import a statement, list payments with their suggestions, match by hand, clients' credits, and the
/// demo statement. Director and SalesHead only.
/// </summary>
public static class PaymentEndpoints
{
    public static IEndpointRouteBuilder MapPaymentEndpoints(this IEndpointRouteBuilder app)
    {
        var payments = app.MapGroup("/api/payments").WithTags("Payments")
            .RequireAuthorization(policy => policy.RequireRole(PaymentRoles.Cashiers));

        payments.MapPost("/import", async Task<Results<Ok<StatementImportResult>, ProblemHttpResult>> (
                HttpRequest request, ClaimsPrincipal user, IMediator mediator, CancellationToken cancellationToken) =>
            {
                var command = await ImportForm.ReadAsync(request, cancellationToken);
                var result = await mediator.Send(command with { Caller = Caller.From(user) }, cancellationToken);
                if (!result.Refused)
                {
                    return TypedResults.Ok(result);
                }

                return TypedResults.Problem(
                    statusCode: StatusCodes.Status400BadRequest,
                    title: ServerTexts.Render(BillingTexts.Say("StatementRefused")),
                    detail: ServerTexts.Render(BillingTexts.Say("StatementRefusedDetail", result.Errors.Count)),
                    extensions: new Dictionary<string, object?>
                    {
                        ["code"] = BillingTexts.Code("StatementRefused"),
                        ["imported"] = 0,
                        ["duplicates"] = 0,
                        ["matched"] = 0,
                        ["unmatched"] = 0,
                        ["errors"] = result.Errors,
                    });
            })
            .WithSummary("Import a bank statement")
            .WithDescription("multipart/form-data: file, format (1c or csv); for CSV optionally mapping (a name from configuration Billing:Payments:CsvMappings) and the mapping's fields (date, number, amount, payerName, payerTaxId, payerIban, purpose, direction, accountColumn, account, encoding, delimiter, decimalSeparator, hasHeader, dateFormats). A file with any bad row imports nothing: 400 with errors [{ line, message, code }]. Directors and SalesHeads.")
            // Bearer clients carry no antiforgery token; a cookie's cross-site form is refused before this (RefuseCrossSite).
            .DisableAntiforgery()
            // 16 MB (10,000 lines and more) instead of the API's 1 MB; a larger upload is a 413 naming the limit.
            .WithBodyLimit(ImportStatement.ImportStatement.MaxBytes + ImportForm.FormOverhead,
                BillingTexts.Say("StatementTooLarge", ImportStatement.ImportStatement.MaxBytes / 1024 / 1024))
            .Accepts<IFormFile>("multipart/form-data")
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict);

        payments.MapGet("/", async Task<Ok<PaymentPage>> (
                PaymentStatus? status, string? search, int? page, int? pageSize, ClaimsPrincipal user, IMediator mediator, CancellationToken cancellationToken) =>
            TypedResults.Ok(await mediator.Send(new ListPayments.ListPayments(status, search, page ?? 1, pageSize ?? 20) { Caller = Caller.From(user) }, cancellationToken)))
            .WithSummary("Payments, with suggestions for the unknown ones")
            .WithDescription("status Unmatched or Matched; search any part of the payer, purpose, document number or tax id; newest first; pages count from 1. Directors and SalesHeads.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden);

        payments.MapPost("/{id:guid}/match", async Task<Ok<PaymentItem>> (Guid id, MatchRequest body, ClaimsPrincipal user, IMediator mediator, CancellationToken cancellationToken) =>
            TypedResults.Ok(await mediator.Send(new MatchPayment.MatchPayment(id, body.InvoiceId, body.InvoiceIds) { Caller = Caller.From(user) }, cancellationToken)))
            .WithSummary("Match a payment by hand")
            .WithDescription("{ invoiceId } or { invoiceIds: [...] } (settled in that order; what is left is the client's credit). The same request again answers the same match; another match of a matched payment is 409. Directors and SalesHeads.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        payments.MapGet("/credits", async Task<Ok<IReadOnlyList<ClientCredit>>> (ClaimsPrincipal user, IMediator mediator, CancellationToken cancellationToken) =>
            TypedResults.Ok(await mediator.Send(new ListClientCredits { Caller = Caller.From(user) }, cancellationToken)))
            .WithSummary("Clients' credits from overpayments")
            .ProducesProblem(StatusCodes.Status403Forbidden);

        payments.MapGet("/demo-statement", async Task<Results<FileContentHttpResult, NotFound>> (
                ClaimsPrincipal user, IMediator mediator, IConfiguration configuration, DatabaseOptions database, CancellationToken cancellationToken) =>
            {
                if (!BillingDemo.IsOn(configuration, database))
                {
                    return TypedResults.NotFound();
                }

                var file = await mediator.Send(new GetDemoStatement { Caller = Caller.From(user) }, cancellationToken);
                return TypedResults.File(file.Content, "text/plain; charset=windows-1251", file.FileName);
            })
            .WithSummary("A demo bank statement (1C, Windows-1251) for the open invoices")
            .WithDescription("Demo mode only (Crm:Demo:Seed, on by default with SQLite): some payments settle by number or tax id, some are suggested (a typo, Latin letters, a partial payment), one is unknown.")
            .ProducesProblem(StatusCodes.Status403Forbidden);

        var notices = app.MapGroup("/api/billing/paid-notices").WithTags("Payments")
            .RequireAuthorization(policy => policy.RequireRole(PaymentRoles.Cashiers));

        notices.MapGet("/failed", async Task<Ok<FailedPaidNotices>> (ClaimsPrincipal user, IMediator mediator, CancellationToken cancellationToken) =>
            TypedResults.Ok(await mediator.Send(new GetFailedPaidNotices { Caller = Caller.From(user) }, cancellationToken)))
            .WithSummary("How many InvoicePaid notices failed every allowed attempt")
            .WithDescription("{ failed }: notices no longer retried after Billing:Payments:PaidNoticeMaxAttempts failed publishes. Directors and SalesHeads.")
            .ProducesProblem(StatusCodes.Status403Forbidden);

        notices.MapPost("/retry", async Task<Ok<RetriedPaidNotices>> (ClaimsPrincipal user, IMediator mediator, CancellationToken cancellationToken) =>
            TypedResults.Ok(await mediator.Send(new RetryFailedPaidNotices { Caller = Caller.From(user) }, cancellationToken)))
            .WithSummary("Put the failed InvoicePaid notices back in the queue")
            .WithDescription("{ retried }: their attempts start again and the job publishes them within a minute; audited. Directors and SalesHeads.")
            .ProducesProblem(StatusCodes.Status403Forbidden);

        return app;
    }

    public sealed record MatchRequest(Guid? InvoiceId, IReadOnlyList<Guid>? InvoiceIds);
}
