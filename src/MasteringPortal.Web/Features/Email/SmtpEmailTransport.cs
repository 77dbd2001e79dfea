using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MasteringPortal.Core.Domain;
using Microsoft.Extensions.Options;
using MimeKit;

namespace MasteringPortal.Web.Features.Email;

/// <summary>
/// MailKit over SMTP with the <c>Email:*</c> keys; without a host, the email goes to the log. The message carries the
/// row's own Message-Id, so a resend after a crash is recognisable as the same message by anyone who reads headers.
/// Nothing is ever attached: the links in the email lead to the portal, where access is checked.
/// </summary>
public sealed class SmtpEmailTransport(IOptions<EmailOptions> options, ILogger<SmtpEmailTransport> logger) : IEmailTransport
{
    public async Task<SendResult> SendAsync(OutboxEmail email, CancellationToken ct)
    {
        var o = options.Value;
        if (!o.HasSmtp)
        {
            logger.LogInformation("No SMTP server configured (Email:Host): email to {To}, \"{Subject}\", kept on the studio's emails page.\n{Text}",
                email.ToAddress, email.Subject, email.TextBody);
            return new SendResult(SendResultKind.Logged);
        }
        using var message = Build(email, o);
        using var client = new SmtpClient();
        try
        {
            var security = o.TlsMode switch
            {
                SmtpTlsMode.None => SecureSocketOptions.None,
                SmtpTlsMode.Tls => SecureSocketOptions.SslOnConnect,
                _ => SecureSocketOptions.StartTls,
            };
            await client.ConnectAsync(o.Host, o.Port, security, ct);
            if (!string.IsNullOrEmpty(o.User)) await client.AuthenticateAsync(o.User, o.Password, ct);
            await client.SendAsync(message, ct);
            await client.DisconnectAsync(quit: true, CancellationToken.None);
            return new SendResult(SendResultKind.Accepted);
        }
        catch (SmtpCommandException e) when ((int)e.StatusCode >= 500)
        {
            return new SendResult(SendResultKind.Refused, $"The mail server refused it: {(int)e.StatusCode} {e.Message}");
        }
        catch (Exception e) when (e is SmtpCommandException or SmtpProtocolException or ServiceNotConnectedException
                                      or AuthenticationException or IOException or System.Net.Sockets.SocketException)
        {
            return new SendResult(SendResultKind.TryAgain, $"The mail server could not be reached or was busy: {e.Message}");
        }
    }

    static MimeMessage Build(OutboxEmail email, EmailOptions o)
    {
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress(o.FromName, o.FromAddress));
        message.To.Add(new MailboxAddress(email.ToName, email.ToAddress));
        message.Subject = email.Subject;
        message.MessageId = email.MessageId;
        message.Date = email.CreatedAt;
        // Tells auto-responders not to answer a notification (RFC 3834).
        message.Headers.Add("Auto-Submitted", "auto-generated");
        message.Body = new BodyBuilder { TextBody = email.TextBody, HtmlBody = email.HtmlBody }.ToMessageBody();
        return message;
    }
}
