using OrleansCrm.BuildingBlocks.Printing;
using OrleansCrm.Testing.Printing;
using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;
using OrleansCrm.Billing.Mail;
using OrleansCrm.Billing.Printing.Pdf;
using OrleansCrm.Billing.Tests.Printing;
using SmtpServer;
using SmtpServer.Authentication;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace OrleansCrm.Billing.Tests.Mail;

/// <summary>Sends through MailKit to a real SMTP server on loopback and reads what arrived.</summary>
public sealed class DocumentMailerTests : IAsyncLifetime
{
    private const string User = "buh@servis-plus.ua";
    private const string Password = "Пароль-123";

    private readonly Inbox _inbox = new();
    private readonly CancellationTokenSource _stop = new();
    private SmtpServer.SmtpServer _server = null!;
    private Task _running = Task.CompletedTask;
    private int _port;

    public Task InitializeAsync()
    {
        _port = FreePort();
        var options = new SmtpServerOptionsBuilder()
            .ServerName("localhost")
            .Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, _port))
                .AuthenticationRequired()
                .AllowUnsecureAuthentication())
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(_inbox);
        services.Add(new DelegatingUserAuthenticator((user, password) => user == User && password == Password));
        _server = new SmtpServer.SmtpServer(options, services);
        _running = _server.StartAsync(_stop.Token);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        _server.Shutdown();
        try
        {
            await _running;
        }
        catch (OperationCanceledException)
        {
        }
        _stop.Dispose();
    }

    [Fact]
    public async Task An_invoice_arrives_with_its_pdf_and_the_message_id_that_was_returned()
    {
        var invoice = Samples.Invoice();
        var pdf = PrintedDocumentPdf.Render(invoice);
        var mail = DocumentMail.For(invoice, pdf, ["accounting@dnipro-steel.ua"]);

        var sent = await Mailer(Password).SendAsync(mail);
        var received = await _inbox.NextAsync();

        Assert.Equal(sent.MessageId, received.MessageId);
        Assert.Equal("Рахунок на оплату № РФ-2026-0015 від 05.12.2026 — ТОВ «Сервіс Плюс»", received.Subject);
        Assert.Equal(User, received.From.Mailboxes.Single().Address);
        Assert.Equal("ТОВ «Сервіс Плюс»", received.From.Mailboxes.Single().Name);
        Assert.Equal("accounting@dnipro-steel.ua", received.To.Mailboxes.Single().Address);
        Assert.Contains("Надсилаємо рахунок на оплату № РФ-2026-0015 від 05.12.2026 на суму 20 550,00 грн.", received.TextBody);
        Assert.Contains("Просимо оплатити до 15.12.2026.", received.TextBody);

        var attachment = Assert.IsType<MimePart>(Assert.Single(received.Attachments));
        Assert.Equal("application/pdf", attachment.ContentType.MimeType);
        Assert.Equal("Рахунок на оплату № РФ-2026-0015 від 05.12.2026.pdf", attachment.FileName);
        using var content = new MemoryStream();
        await attachment.Content!.DecodeToAsync(content);
        Assert.Equal(pdf, content.ToArray());
        Assert.Contains("Рахунок на оплату № РФ-2026-0015 від 05.12.2026", PdfText.Body(content.ToArray()));
    }

    [Fact]
    public async Task A_wrong_password_is_refused_and_nothing_is_delivered()
    {
        var invoice = Samples.NonVatInvoice();
        var mail = DocumentMail.For(invoice, PrintedDocumentPdf.Render(invoice), ["client@example.ua"]);

        await Assert.ThrowsAsync<AuthenticationException>(() => Mailer("wrong").SendAsync(mail));

        Assert.True(_inbox.IsEmpty);
    }

    [Fact]
    public void An_act_asks_to_be_signed_and_a_proposal_is_named_in_the_accusative()
    {
        var act = DocumentMail.For(Samples.Invoice(Billing.Printing.PrintedDocumentKind.Act), [1], ["a@b.ua"]);
        var proposal = DocumentMail.For(Samples.Invoice(Billing.Printing.PrintedDocumentKind.Proposal), [1], ["a@b.ua"]);

        Assert.Contains("Надсилаємо акт надання послуг № РФ-2026-0015", act.Body);
        Assert.Contains("Просимо підписати акт", act.Body);
        Assert.Contains("Надсилаємо комерційну пропозицію № РФ-2026-0015", proposal.Body);
        Assert.Equal("Договір № 12-2026.pdf", DocumentMail.FileName("Договір № 12/2026") + ".pdf");
    }

    private DocumentMailer Mailer(string password) => new(
        Options.Create(new SmtpOptions
        {
            Host = "127.0.0.1",
            Port = _port,
            Security = SmtpSecurity.None,
            User = User,
            Password = password,
            From = User,
            FromName = "ТОВ «Сервіс Плюс»",
            Timeout = TimeSpan.FromSeconds(20),
        }),
        TimeProvider.System);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The server's message store: every message parsed with MimeKit as it arrives.</summary>
    private sealed class Inbox : IMessageStore
    {
        private readonly Channel<MimeMessage> _messages = Channel.CreateUnbounded<MimeMessage>();

        public bool IsEmpty => _messages.Reader.Count == 0;

        public async Task<SmtpResponse> SaveAsync(
            ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            using var stream = new MemoryStream(buffer.ToArray());
            await _messages.Writer.WriteAsync(await MimeMessage.LoadAsync(stream, cancellationToken), cancellationToken);
            return SmtpResponse.Ok;
        }

        public async Task<MimeMessage> NextAsync()
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            return await _messages.Reader.ReadAsync(timeout.Token);
        }
    }
}
