using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;
using MimeKit.Utils;

namespace OrleansCrm.Billing.Mail;

/// <summary>
/// Sends document e-mails through the company's SMTP server with MailKit. The message id is made here, before the
/// send, so the caller records the same id the recipient's server shows (a send is recorded by it).
/// </summary>
public sealed class DocumentMailer(IOptions<SmtpOptions> options, TimeProvider time)
{
    public async Task<SentMail> SendAsync(DocumentMail mail, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(mail);
        var smtp = options.Value;
        if (string.IsNullOrWhiteSpace(smtp.Host) || string.IsNullOrWhiteSpace(smtp.From))
            throw new InvalidOperationException($"Mail is not configured: {SmtpOptions.Section} needs Host and From.");
        if (mail.To.Count == 0)
            throw new ArgumentException("A document e-mail needs at least one recipient.", nameof(mail));

        var message = Compose(mail, smtp, time.GetUtcNow());
        using var client = new SmtpClient { Timeout = (int)smtp.Timeout.TotalMilliseconds };
        await client.ConnectAsync(smtp.Host, smtp.Port, Socket(smtp.Security), cancellationToken);
        if (!string.IsNullOrEmpty(smtp.User))
            await client.AuthenticateAsync(smtp.User, smtp.Password ?? "", cancellationToken);
        await client.SendAsync(message, cancellationToken);
        await client.DisconnectAsync(quit: true, cancellationToken);
        return new SentMail(message.MessageId!, message.Date, mail.To);
    }

    internal static MimeMessage Compose(DocumentMail mail, SmtpOptions smtp, DateTimeOffset now)
    {
        var from = MailboxAddress.Parse(smtp.From);
        if (!string.IsNullOrWhiteSpace(smtp.FromName))
            from.Name = smtp.FromName;
        var message = new MimeMessage
        {
            Subject = mail.Subject,
            Date = now,
            MessageId = MimeUtils.GenerateMessageId(from.Domain),
        };
        message.From.Add(from);
        foreach (var to in mail.To)
            message.To.Add(MailboxAddress.Parse(to));

        var body = new BodyBuilder { TextBody = mail.Body };
        foreach (var attachment in mail.Attachments)
            body.Attachments.Add(attachment.FileName, attachment.Content, ContentType.Parse(attachment.ContentType));
        message.Body = body.ToMessageBody();
        return message;
    }

    private static SecureSocketOptions Socket(SmtpSecurity security) => security switch
    {
        SmtpSecurity.None => SecureSocketOptions.None,
        SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
        SmtpSecurity.StartTlsWhenAvailable => SecureSocketOptions.StartTlsWhenAvailable,
        SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        _ => throw new ArgumentOutOfRangeException(nameof(security), security, "Unknown SMTP security mode."),
    };
}
