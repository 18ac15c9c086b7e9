using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace OrleansCrm.Billing.Reports;

/// <summary>The money reports' HTTP API: Directors and SalesHeads only (every other role gets 403).</summary>
internal static class ReportEndpoints
{
    public static IEndpointRouteBuilder MapBillingReports(this IEndpointRouteBuilder app)
    {
        var reports = app.MapGroup("/api/billing").WithTags("Billing reports")
            .RequireAuthorization(policy => policy.RequireRole(MoneyAccess.Roles))
            .ProducesProblem(StatusCodes.Status403Forbidden);

        reports.MapGet("/summary", async Task<Ok<MoneySummary>> (IMediator mediator, CancellationToken cancellationToken) =>
            TypedResults.Ok(await mediator.Send(new GetMoneySummary(), cancellationToken)))
        .WithSummary("The wall's money figures and the largest debtors")
        .WithDescription("Cash received today and since the 1st (the company's calendar day), invoiced this month and what is paid of it, open invoices due in the next 7 and 30 days (today included; overdue amounts apart), and the ten clients with the most past due, with aging.");

        reports.MapGet("/receivables", async Task<Ok<ReceivablesPage>> (
            DateOnly? asOf, string? search, string? sort, int? page, int? pageSize, IMediator mediator, CancellationToken cancellationToken) =>
            TypedResults.Ok(await mediator.Send(new GetReceivables(asOf, search, sort, page ?? 1, pageSize ?? 20), cancellationToken)))
        .WithSummary("Receivables by client with aging")
        .WithDescription("asOf (yyyy-MM-dd, today by default): invoices issued by then and what payments received by then left unpaid, by days past due: notDue, days0To30 (1–30), days31To60, days61To90, over90. search finds clients by name, tax id, phone or e-mail; sort is name, total, overdue, notDue, days0To30, days31To60, days61To90, over90 or daysOverdue, with a leading '-' for descending (default -total).")
        .ProducesValidationProblem();

        reports.MapGet("/expected", async Task<Ok<ExpectedReceipts>> (int? days, IMediator mediator, CancellationToken cancellationToken) =>
            TypedResults.Ok(await mediator.Send(new GetExpectedReceipts(days ?? 7), cancellationToken)))
        .WithSummary("Expected receipts by client")
        .WithDescription("Open invoices' amounts due from today through the next days - 1 days (days=7 or 30; 1 to 92), by client with each invoice; what is already overdue is given apart.")
        .ProducesValidationProblem();

        reports.MapGet("/monthly", async Task<Ok<MonthlyMoney>> (int? months, IMediator mediator, CancellationToken cancellationToken) =>
            TypedResults.Ok(await mediator.Send(new GetMonthlyMoney(months ?? 12), cancellationToken)))
        .WithSummary("Invoiced against paid, per month")
        .WithDescription("The last months (1 to 36, this one included): invoices issued, what has been paid of them so far, and the cash received in the month.")
        .ProducesValidationProblem();

        return app;
    }
}
