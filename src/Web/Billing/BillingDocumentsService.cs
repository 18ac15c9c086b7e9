using System.Globalization;
using Mediator;
using Microsoft.AspNetCore.Components.Authorization;
using OrleansCrm.Billing.Documents;
using OrleansCrm.Billing.MonthlyRun;

namespace OrleansCrm.Web.Billing;

/// <summary>What the billing tabs ask of the Billing module (its Mediator messages), as the signed-in user.</summary>
public sealed class BillingDocumentsService(ISender sender, AuthenticationStateProvider authentication)
{
    public Task<RunPreview> PreviewAsync(DateOnly period) => sender.Send(new PreviewRun(Month(period))).AsTask();

    public Task<RunResult> RunAsync(DateOnly period) => sender.Send(new RunMonth(Month(period))).AsTask();

    public async Task<DocumentPage> ListAsync(DocumentFilter filter, string? sort, int page, int pageSize) =>
        await sender.Send(new ListDocuments(await CallerAsync(), null, filter.Status, filter.Period is { } p ? Month(p) : null, filter.Kind,
            string.IsNullOrWhiteSpace(filter.Search) ? null : filter.Search.Trim(), sort, page, pageSize));

    public async Task<DocumentDetails> GetAsync(Guid id) => await sender.Send(new GetDocument(await CallerAsync(), id));

    public async Task<DocumentDetails> IssueAsync(DocumentDetails document) => await sender.Send(new IssueDocument(await CallerAsync(), document.Id, document.Version));

    public async Task<DocumentDetails> CancelAsync(DocumentDetails document, string reason) =>
        await sender.Send(new CancelDocument(await CallerAsync(), document.Id, reason, document.Version));

    public async Task<DocumentDetails> SendAsync(DocumentDetails document, string to) => await sender.Send(new SendDocument(await CallerAsync(), document.Id, to));

    /// <summary>A billing period as the API writes it: 2026-12.</summary>
    private static string Month(DateOnly period) => period.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    /// <summary>Money in the reader's culture, with two decimals (1 234,50 or 1,234.50).</summary>
    public static string Money(decimal amount) => amount.ToString("N2", CultureInfo.CurrentCulture);

    private async Task<MoneyCaller> CallerAsync() => MoneyCaller.From((await authentication.GetAuthenticationStateAsync()).User);
}

/// <summary>The documents tab's filters.</summary>
public sealed record DocumentFilter(string? Search, DocumentStatus? Status, DocumentKind? Kind, DateOnly? Period);
