using FluentValidation;
using Mediator;
using OrleansCrm.Billing.Mail;
using OrleansCrm.Billing.Printing.Pdf;
using OrleansCrm.Billing.Texts;
using OrleansCrm.BuildingBlocks.Errors;
using OrleansCrm.BuildingBlocks.Texts;

namespace OrleansCrm.Billing.Documents;

/// <summary>
/// <c>POST /api/invoices/{id}/send</c>: e-mails an issued document's PDF (with facsimile and stamp when configured) through
/// <see cref="DocumentMailer"/>, records the send (billing.document_sends, with the message id the recipient sees) and
/// marks it Sent. A draft or a cancelled document is not sent.
/// </summary>
public sealed record SendDocument(MoneyCaller Caller, Guid Id, string To) : ICommand<DocumentDetails>;

public sealed class SendDocumentValidator : AbstractValidator<SendDocument>
{
    public SendDocumentValidator()
    {
        RuleFor(c => c.Id).NotEmpty();
        RuleFor(c => c.To).NotEmpty().MaximumLength(320).EmailAddress();
    }
}

public sealed class SendDocumentHandler(DocumentStore store, DocumentAccess access, DocumentPrinting printing, DocumentMailer mailer, Microsoft.Extensions.Options.IOptions<SmtpOptions> smtp)
    : ICommandHandler<SendDocument, DocumentDetails>
{
    public async ValueTask<DocumentDetails> Handle(SendDocument command, CancellationToken cancellationToken)
    {
        var document = await DocumentLoad.VisibleAsync(store, access, command.Caller, command.Id, cancellationToken);
        if (document.Status is DocumentStatus.Draft or DocumentStatus.Cancelled)
        {
            throw new ConflictException(BillingTexts.Say("DocumentNotSendable", BillingTexts.Label(document.Status)), document.Version);
        }

        if (string.IsNullOrWhiteSpace(smtp.Value.Host) || string.IsNullOrWhiteSpace(smtp.Value.From))
        {
            throw new ConflictException(BillingTexts.Say("MailNotConfigured"));
        }

        var printed = printing.Printed(document, emailed: true);
        var to = command.To.Trim();
        var sent = await mailer.SendAsync(DocumentMail.For(printed, PrintedDocumentPdf.Render(printed), [to]), cancellationToken);
        return DocumentDetails.From(await store.RecordSendAsync(document.Id, document.Version, to, sent.MessageId, sent.SentAt, command.Caller.UserName, cancellationToken));
    }
}
