using FluentValidation;
using Mediator;
using Microsoft.Extensions.Options;
using OrleansCrm.Billing.Mail;
using OrleansCrm.Billing.Printing;
using OrleansCrm.Billing.Printing.Pdf;
using OrleansCrm.BuildingBlocks.Money;

namespace OrleansCrm.Billing.Documents;

/// <summary>
/// A stored document as printed: everything comes from its row and body (the requisites snapshot), so a reprint is the
/// same page. The facsimile and stamp (<see cref="BillingOptions.FacsimilePath"/>, <see cref="BillingOptions.StampPath"/>)
/// go on e-mailed copies only.
/// </summary>
public sealed class DocumentPrinting(IOptions<BillingOptions> options)
{
    public PrintedDocument Printed(StoredDocument document, bool emailed = false)
    {
        var body = document.Body;
        var billing = options.Value;
        return new PrintedDocument
        {
            Kind = document.Kind switch
            {
                DocumentKind.Act => PrintedDocumentKind.Act,
                DocumentKind.Proposal => PrintedDocumentKind.Proposal,
                _ => PrintedDocumentKind.Invoice,
            },
            Number = document.Number ?? "",
            Date = document.IssuedOn ?? DateOnly.FromDateTime(document.CreatedAt.UtcDateTime),
            DueDate = document.DueOn,
            Period = document.Period is { } p ? new PrintedPeriod(p, p.AddMonths(1).AddDays(-1)) : null,
            Basis = body.Basis?.Printed(),
            Supplier = body.Supplier,
            Buyer = body.Buyer,
            Lines = [.. body.Lines.Select((l, i) => new PrintedLine(i + 1, l.Service, l.Quantity, l.Unit, l.Price, l.VatRate, l.Amount))],
            VatTotals = [.. body.Rates.Select(r => new PrintedVatTotal(r.VatRate, r.Net, r.Vat))],
            Subtotal = document.Net,
            Vat = document.Vat,
            Total = document.Total,
            TotalInWords = AmountInWords.Hryvnias(document.Total),
            Note = body.Note,
            SignatureImage = emailed ? Image(billing.FacsimilePath) : null,
            StampImage = emailed ? Image(billing.StampPath) : null,
        };
    }

    public static string FileName(PrintedDocument document) => DocumentMail.FileName(PrintedDocumentPdf.Title(document)) + ".pdf";

    private static byte[]? Image(string? path) => string.IsNullOrWhiteSpace(path) || !File.Exists(path) ? null : File.ReadAllBytes(path);
}

/// <summary>A rendered file.</summary>
public sealed record DocumentFile(string FileName, string ContentType, byte[] Content);

/// <summary><c>GET /api/invoices/{id}/pdf</c>: the document as printed (without facsimile: that is for e-mailed copies).</summary>
public sealed record RenderDocumentPdf(MoneyCaller Caller, Guid Id) : IQuery<DocumentFile>;

public sealed class RenderDocumentPdfValidator : AbstractValidator<RenderDocumentPdf>
{
    public RenderDocumentPdfValidator() => RuleFor(q => q.Id).NotEmpty();
}

public sealed class RenderDocumentPdfHandler(DocumentStore store, DocumentAccess access, DocumentPrinting printing) : IQueryHandler<RenderDocumentPdf, DocumentFile>
{
    public async ValueTask<DocumentFile> Handle(RenderDocumentPdf query, CancellationToken cancellationToken)
    {
        var document = await DocumentLoad.VisibleAsync(store, access, query.Caller, query.Id, cancellationToken);
        var printed = printing.Printed(document);
        return new DocumentFile(DocumentPrinting.FileName(printed), MailAttachment.Pdf, PrintedDocumentPdf.Render(printed));
    }
}
