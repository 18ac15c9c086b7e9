using FluentValidation;
using Mediator;
using Microsoft.Extensions.Options;
using OrleansCrm.Billing.Texts;
using OrleansCrm.BuildingBlocks.Calendar;
using OrleansCrm.BuildingBlocks.Money;
using OrleansCrm.BuildingBlocks.Texts;

namespace OrleansCrm.Billing.Documents;

/// <summary>One document as the API shows it: its columns, lines, totals per VAT rate and both parties' requisites.</summary>
public sealed record DocumentDetails(
    Guid Id, string? Number, DocumentKind Kind, DocumentStatus Status, Guid ClientId, string ClientName, Guid? ContractId, string? Period,
    DateOnly? IssuedOn, DateOnly? DueOn, decimal Net, decimal Vat, decimal Total, decimal Paid, string TotalInWords, int Version,
    string? CancelReason, DocumentBody Body)
{
    public static DocumentDetails From(StoredDocument d) => new(
        d.Id, d.Number, d.Kind, d.Status, d.ClientId, d.Body.Buyer.LegalName, d.ContractId, d.Period is { } p ? BillingPeriods.Key(p) : null,
        d.IssuedOn, d.DueOn, d.Net, d.Vat, d.Total, d.Paid, AmountInWords.Hryvnias(d.Total), d.Version, d.CancelReason, d.Body);
}

/// <summary><c>GET /api/invoices/{id}</c>.</summary>
public sealed record GetDocument(MoneyCaller Caller, Guid Id) : IQuery<DocumentDetails>;

public sealed class GetDocumentValidator : AbstractValidator<GetDocument>
{
    public GetDocumentValidator() => RuleFor(q => q.Id).NotEmpty();
}

public sealed class GetDocumentHandler(DocumentStore store, DocumentAccess access) : IQueryHandler<GetDocument, DocumentDetails>
{
    public async ValueTask<DocumentDetails> Handle(GetDocument query, CancellationToken cancellationToken) =>
        DocumentDetails.From(await DocumentLoad.VisibleAsync(store, access, query.Caller, query.Id, cancellationToken));
}

/// <summary><c>POST /api/invoices/{id}/issue</c>: a draft gets its number (of its kind and this year) and today's date.</summary>
/// <param name="Version">The version the caller saw; a newer one makes it a 409. Null: whatever is current.</param>
public sealed record IssueDocument(MoneyCaller Caller, Guid Id, int? Version) : ICommand<DocumentDetails>;

public sealed class IssueDocumentValidator : AbstractValidator<IssueDocument>
{
    public IssueDocumentValidator()
    {
        RuleFor(c => c.Id).NotEmpty();
        RuleFor(c => c.Version).GreaterThan(0);
    }
}

public sealed class IssueDocumentHandler(DocumentStore store, DocumentAccess access, CompanyCalendar calendar)
    : ICommandHandler<IssueDocument, DocumentDetails>
{
    public async ValueTask<DocumentDetails> Handle(IssueDocument command, CancellationToken cancellationToken)
    {
        await DocumentLoad.VisibleAsync(store, access, command.Caller, command.Id, cancellationToken);
        return DocumentDetails.From(await store.IssueAsync(command.Id, command.Version, calendar.Today, cancellationToken));
    }
}

/// <summary>
/// <c>POST /api/invoices/{id}/cancel</c>: the document stays (its number is never reused or deleted), Cancelled with the
/// reason. A document with payments on it is not cancelled: its payments are moved first.
/// </summary>
public sealed record CancelDocument(MoneyCaller Caller, Guid Id, string Reason, int? Version) : ICommand<DocumentDetails>;

public sealed class CancelDocumentValidator : AbstractValidator<CancelDocument>
{
    public CancelDocumentValidator()
    {
        RuleFor(c => c.Id).NotEmpty();
        RuleFor(c => c.Reason).NotEmpty().MaximumLength(500);
        RuleFor(c => c.Version).GreaterThan(0);
    }
}

public sealed class CancelDocumentHandler(DocumentStore store, DocumentAccess access) : ICommandHandler<CancelDocument, DocumentDetails>
{
    public async ValueTask<DocumentDetails> Handle(CancelDocument command, CancellationToken cancellationToken)
    {
        await DocumentLoad.VisibleAsync(store, access, command.Caller, command.Id, cancellationToken);
        return DocumentDetails.From(await store.CancelAsync(command.Id, command.Reason.Trim(), command.Version, cancellationToken));
    }
}

/// <summary>Reading a document the caller may see: 404 when there is none, 403 when it is another manager's client's.</summary>
internal static class DocumentLoad
{
    public static async Task<StoredDocument> VisibleAsync(DocumentStore store, DocumentAccess access, MoneyCaller caller, Guid id, CancellationToken cancellationToken)
    {
        var document = await store.GetAsync(id, cancellationToken) ?? throw DocumentStore.NotFound(id);
        await access.CheckAsync(caller, document.ClientId);
        return document;
    }
}
