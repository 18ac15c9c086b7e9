using OrleansCrm.BuildingBlocks.Printing;
using OrleansCrm.Billing.Printing;
using OrleansCrm.Billing.Printing.Pdf;

namespace OrleansCrm.Billing.Mail;

/// <summary>A file attached to a document e-mail.</summary>
public sealed record MailAttachment(string FileName, string ContentType, byte[] Content)
{
    public const string Pdf = "application/pdf";
    public const string Docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
}

/// <summary>One e-mail carrying documents: recipients, the Ukrainian subject and body, and the files.</summary>
public sealed record DocumentMail(IReadOnlyList<string> To, string Subject, string Body, IReadOnlyList<MailAttachment> Attachments)
{
    /// <summary>
    /// The e-mail for one printed document: "Рахунок на оплату № 15 від 05.12.2026" as the subject (with the supplier's
    /// name), a short letter naming the number and the sum, and the PDF attached under the document's title.
    /// </summary>
    public static DocumentMail For(PrintedDocument document, byte[] pdf, IReadOnlyList<string> to)
    {
        ArgumentNullException.ThrowIfNull(document);
        var title = PrintedDocumentPdf.Title(document);
        var what = document.Kind switch
        {
            PrintedDocumentKind.Invoice => "рахунок на оплату",
            PrintedDocumentKind.Act => "акт надання послуг",
            PrintedDocumentKind.Proposal => "комерційну пропозицію",
            _ => throw new ArgumentOutOfRangeException(nameof(document), document.Kind, "Unknown document kind."),
        };
        var number = string.IsNullOrWhiteSpace(document.Number) ? "" : $" № {document.Number}";
        var ask = document.Kind switch
        {
            PrintedDocumentKind.Invoice when document.DueDate is { } due => $"Просимо оплатити до {UaFormat.Date(due)}.\n\n",
            PrintedDocumentKind.Act => "Просимо підписати акт і повернути один примірник.\n\n",
            _ => "",
        };
        var body =
            "Добрий день!\n\n" +
            $"Надсилаємо {what}{number} від {UaFormat.Date(document.Date)} на суму {UaFormat.Money(document.Total)} грн. " +
            "Документ у вкладенні (PDF).\n\n" +
            ask +
            "З повагою,\n" +
            document.Supplier.LegalName;
        return new DocumentMail(
            to,
            $"{title} — {document.Supplier.LegalName}",
            body,
            [new MailAttachment(FileName(title) + ".pdf", MailAttachment.Pdf, pdf)]);
    }

    /// <summary>A title made safe as a file name on every system ("12/2026" → "12-2026").</summary>
    public static string FileName(string title)
    {
        var invalid = Path.GetInvalidFileNameChars().Concat(['/', '\\', ':', '*', '?', '"', '<', '>', '|']).ToHashSet();
        return new string(title.Select(c => invalid.Contains(c) ? '-' : c).ToArray()).Trim();
    }
}

/// <summary>What a send leaves to record: the message id the server got, when, and to whom.</summary>
public sealed record SentMail(string MessageId, DateTimeOffset SentAt, IReadOnlyList<string> To);
