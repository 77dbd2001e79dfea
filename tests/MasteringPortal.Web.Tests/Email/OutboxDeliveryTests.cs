using MasteringPortal.Core.Domain;
using MasteringPortal.Testing;
using MasteringPortal.Web.Features.Email;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MimeKit;

namespace MasteringPortal.Web.Tests.Email;

/// <summary>
/// The outbox against a real SMTP server (smtp4dev from ./test.sh): what arrives, and that an email goes out exactly
/// once when the host stops in the middle of sending it or dies leaving it taken.
/// </summary>
public sealed class OutboxDeliveryTests
{
    static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The email's row once its send is recorded: the SMTP server has the message as soon as the exchange ends, and the
    /// sender records the outcome just after, so a row read the moment the message arrives can still say Sending (a CI
    /// run failed on that). Waits, bounded, only while it says Sending.
    /// </summary>
    static async Task<OutboxEmail> SettledRowAsync(IServiceProvider services, Guid id)
    {
        using var patience = new CancellationTokenSource(Patience);
        var row = await EmailWorld.RowAsync(services, id);
        while (row.State == OutboxEmailState.Sending)
        {
            await Task.Delay(50, patience.Token);
            row = await EmailWorld.RowAsync(services, id);
        }
        return row;
    }

    [SkippableFact(Timeout = 300_000)]
    public async Task An_email_arrives_with_its_headers_both_parts_encoded_user_text_and_absolute_links()
    {
        var inbox = SmtpInbox.FromEnvironment();
        Skip.If(inbox is null, SmtpInbox.SkipReason);
        using var factory = EmailWorld.Portal(inbox);
        _ = factory.Server;
        var templates = factory.Services.GetRequiredService<EmailTemplates>();
        var content = templates.Invitation("Night & Day <Mastering>", "<script>alert('x')</script> & Co", "/account/signup?token=abc%2B1",
            new DateTimeOffset(2030, 1, 2, 3, 4, 0, TimeSpan.Zero));
        var row = await EmailWorld.QueueAsync(factory.Services, "artist@band.test", content);

        var message = await inbox!.WaitForAsync(row.MessageId, Patience);
        Assert.NotNull(message);
        Assert.Equal("artist@band.test", message.To.Mailboxes.Single().Address);
        Assert.Equal("studio@mastering.test", message.From.Mailboxes.Single().Address);
        Assert.Equal("Night & Day <Mastering> invites you to their mastering portal", message.Subject);
        Assert.Equal("auto-generated", message.Headers["Auto-Submitted"]);
        Assert.Empty(message.Attachments);

        var text = message.TextBody;
        var html = message.HtmlBody;
        Assert.NotNull(text);
        Assert.NotNull(html);
        Assert.Contains("<script>alert('x')</script> & Co", text);
        Assert.Contains($"{EmailWorld.BaseUrl}/account/signup?token=abc%2B1", text);
        Assert.Contains($"{EmailWorld.BaseUrl}/account/notifications", text);
        Assert.DoesNotContain("<script>", html);
        Assert.Contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; Co", html);
        Assert.Contains($"href=\"{EmailWorld.BaseUrl}/account/signup?token=abc%2B1\"", html);
        Assert.Contains("Night &amp; Day &lt;Mastering&gt;", html);

        var sent = await SettledRowAsync(factory.Services, row.Id);
        Assert.Equal(OutboxEmailState.Sent, sent.State);
        Assert.Single(await inbox.WithMessageIdAsync(row.MessageId));
    }

    [SkippableFact(Timeout = 300_000)]
    public async Task A_host_stopped_mid_delivery_leaves_the_email_for_the_next_start_which_sends_it_once()
    {
        var inbox = SmtpInbox.FromEnvironment();
        Skip.If(inbox is null, SmtpInbox.SkipReason);
        var (first, row) = await StalledInSendAsync(inbox!);
        try
        {
            await first.Services.GetRequiredService<IHost>().StopAsync();

            using var second = EmailWorld.Portal(inbox, first.DataDirectory);
            _ = second.Server;
            var message = await inbox!.WaitForAsync(row.MessageId, Patience);
            Assert.NotNull(message);
            // Whatever else runs now (the minutely sweep, another start), it stays one message.
            await using (var scope = second.Services.CreateAsyncScope())
                await scope.ServiceProvider.GetRequiredService<EmailSweep>().RunAsync(CancellationToken.None);
            Assert.Single(await inbox.WithMessageIdAsync(row.MessageId));
            var sent = await SettledRowAsync(second.Services, row.Id);
            Assert.Equal(OutboxEmailState.Sent, sent.State);
            Assert.Equal(2, sent.Attempts);
        }
        finally
        {
            first.Dispose();
        }
    }

    [SkippableFact(Timeout = 300_000)]
    public async Task An_email_left_taken_by_a_process_that_died_is_sent_once_after_the_send_timeout_and_not_before()
    {
        var inbox = SmtpInbox.FromEnvironment();
        Skip.If(inbox is null, SmtpInbox.SkipReason);
        var (first, row) = await StalledInSendAsync(inbox!);
        try
        {
            // Another process of a scaled install, starting or sweeping while the first is still in the send, leaves the
            // email alone: handing it back would send it twice (this is what failed a CI run, as a concurrency error).
            var meanwhile = ActivatorUtilities.CreateInstance<OutboxDelivery>(first.Services);
            Assert.Equal(0, await meanwhile.RecoverAsync(CancellationToken.None));
            Assert.Equal(OutboxEmailState.Sending, (await EmailWorld.RowAsync(first.Services, row.Id)).State);

            // A process killed now never records anything: the row stays Sending. A second host reading the database file
            // while the first is frozen in the send, once the send has outlasted any timeout, is that situation.
            var later = new LaterClock(OutboxDelivery.StrandedAfter + TimeSpan.FromMinutes(1));
            using var second = EmailWorld.Portal(inbox, first.DataDirectory, s => s.AddSingleton<TimeProvider>(later));
            _ = second.Server;
            var message = await inbox!.WaitForAsync(row.MessageId, Patience);
            Assert.NotNull(message);
            Assert.Single(await inbox.WithMessageIdAsync(row.MessageId));
            Assert.Equal(OutboxEmailState.Sent, (await SettledRowAsync(second.Services, row.Id)).State);
        }
        finally
        {
            first.Dispose();
        }
    }

    sealed class LaterClock(TimeSpan ahead) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + ahead;
    }

    /// <summary>A portal whose delivery job has taken an email (Sending) and waits inside the "server" for ever.</summary>
    static async Task<(PortalFactory First, OutboxEmail Row)> StalledInSendAsync(SmtpInbox inbox)
    {
        var stalling = new StallingTransport();
        var first = EmailWorld.Portal(inbox, services: s => s.AddSingleton<IEmailTransport>(stalling));
        _ = first.Server;
        var content = first.Services.GetRequiredService<EmailTemplates>()
            .Invitation("Studio", "Stalled Send", "/account/signup?token=stall", DateTimeOffset.UnixEpoch.AddYears(60));
        var row = await EmailWorld.QueueAsync(first.Services, "stalled@band.test", content);
        Assert.Equal(row.Id, await stalling.Entered.Task.WaitAsync(Patience));
        Assert.Equal(OutboxEmailState.Sending, (await EmailWorld.RowAsync(first.Services, row.Id)).State);
        return (first, row);
    }
}
