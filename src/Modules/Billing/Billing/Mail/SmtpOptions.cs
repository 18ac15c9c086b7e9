namespace OrleansCrm.Billing.Mail;

/// <summary>How the connection to the SMTP server is protected.</summary>
public enum SmtpSecurity
{
    /// <summary>Plain text (a relay on the same host or in a private network only).</summary>
    None,
    /// <summary>STARTTLS, required: the send fails if the server does not offer it (port 587).</summary>
    StartTls,
    /// <summary>STARTTLS when the server offers it, plain text otherwise.</summary>
    StartTlsWhenAvailable,
    /// <summary>TLS from the first byte (port 465).</summary>
    SslOnConnect,
}

/// <summary>The company's outgoing mail server (configuration section <see cref="Section"/>).</summary>
public sealed class SmtpOptions
{
    public const string Section = "Billing:Smtp";

    public string Host { get; set; } = "";
    public int Port { get; set; } = 587;
    public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTls;

    /// <summary>Empty: the server takes mail without authentication.</summary>
    public string? User { get; set; }

    public string? Password { get; set; }

    /// <summary>The sender's address, e.g. buh@company.ua; it also names the domain of the message ids.</summary>
    public string From { get; set; } = "";

    /// <summary>The sender's display name, e.g. the company's short name.</summary>
    public string? FromName { get; set; }

    /// <summary>How long connecting, authenticating and sending may take.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(60);
}
