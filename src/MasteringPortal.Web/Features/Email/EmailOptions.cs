namespace MasteringPortal.Web.Features.Email;

/// <summary>How the SMTP connection is secured: none (a local relay), STARTTLS after connecting (port 587), TLS from the start (465).</summary>
public enum SmtpTlsMode { None, StartTls, Tls }

/// <summary>
/// The <c>Email:*</c> keys. An empty <see cref="Host"/> means no SMTP server: emails are written to the log and kept in
/// the database, where the studio's engineers read them on the emails page, so a demo works without a mail server.
/// </summary>
public sealed class EmailOptions
{
    public string Host { get; set; } = "";
    public int Port { get; set; } = 587;
    public SmtpTlsMode TlsMode { get; set; } = SmtpTlsMode.StartTls;
    public string User { get; set; } = "";
    public string Password { get; set; } = "";
    public string FromAddress { get; set; } = "portal@localhost";
    public string FromName { get; set; } = "";

    /// <summary>Delivery attempts before an email that keeps failing for a temporary reason is given up.</summary>
    public int MaxAttempts { get; set; } = 8;

    public bool HasSmtp => !string.IsNullOrWhiteSpace(Host);

    /// <summary>The wait before attempt <paramref name="attempt"/> + 1: 30 s, 1, 2, 4, … minutes, at most 6 hours.</summary>
    public static TimeSpan BackOff(int attempt) =>
        TimeSpan.FromSeconds(Math.Min(30 * Math.Pow(2, Math.Max(0, attempt - 1)), TimeSpan.FromHours(6).TotalSeconds));
}
