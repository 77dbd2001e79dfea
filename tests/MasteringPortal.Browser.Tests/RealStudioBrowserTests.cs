using System.Text.RegularExpressions;
using MasteringPortal.Core.Data;
using MasteringPortal.Core.Domain;
using MasteringPortal.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace MasteringPortal.Browser.Tests;

/// <summary>A portal with the demo off whose emails go to the test SMTP server (smtp4dev, started by ./test.sh).</summary>
public sealed class MailingPortalFixture : PortalBrowserFixture
{
    public MailingPortalFixture() : base(seedDemo: false)
    {
        Inbox = SmtpInbox.FromEnvironment();
        if (Inbox is not null) foreach (var (key, value) in Inbox.PortalSettings()) Factory.Settings[key] = value;
    }

    public SmtpInbox? Inbox { get; }
}

/// <summary>
/// A studio's first week, as the people do it, with every email read from the SMTP server: set-up with the logged
/// code; the owner invites an engineer and a client by email; both sign up from the emailed links; the client uploads
/// and submits; the engineer renders and posts; the client's bell rings live and the emailed link opens the review
/// page, where they comment; then the client forgets their password and sets a new one from the emailed link.
/// </summary>
public sealed partial class RealStudioBrowserTests(MailingPortalFixture portal) : AuditedBrowserTest(portal), IClassFixture<MailingPortalFixture>
{
    [GeneratedRegex("set-up code ([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})")]
    private static partial Regex CodeInLog();

    const string OwnerEmail = "rosa@harbourlight.example";
    const string EngineerEmail = "theo@harbourlight.example";
    const string ClientEmail = "june@paperboats.example";

    [SkippableFact(Timeout = 600_000)]
    public async Task Set_up_invite_by_email_upload_post_hear_the_bell_follow_the_email_comment_and_reset_a_password()
    {
        Skip.If(portal.Inbox is null, SmtpInbox.SkipReason);

        // --- Set-up, and the owner invites an engineer and a client by email. -------------------------------------
        var code = portal.Factory.Logs.Lines.Select(l => CodeInLog().Match(l)).Last(m => m.Success).Groups[1].Value;
        var owner = await portal.NewPageAsync();
        await owner.GotoAsync("/setup");
        await owner.FillAsync("#code", code);
        await owner.FillAsync("#studio", "Harbour Light Mastering");
        await owner.FillAsync("#currency", "EUR");
        await owner.FillAsync("#name", "Rosa Lind");
        await owner.FillAsync("#email", OwnerEmail);
        await owner.FillAsync("#password", "boats asleep in the harbour");
        await owner.FillAsync("#confirm", "boats asleep in the harbour");
        await owner.ClickAsync("button[type=submit]");
        await PortalBrowserFixture.WaitForCircuitAsync(owner);

        await owner.GotoAsync("/studio/team");
        await PortalBrowserFixture.WaitForCircuitAsync(owner);
        await owner.GetByTestId("team-email").FillAsync(EngineerEmail);
        await owner.GetByTestId("team-invite").ClickAsync();
        await Assertions.Expect(owner.GetByTestId("team-invitation-emailed")).ToHaveAttributeAsync("data-emailed", "yes");

        await owner.GotoAsync("/clients");
        await PortalBrowserFixture.WaitForCircuitAsync(owner);
        await owner.GetByTestId("client-name").FillAsync("Paper Boats");
        await owner.GetByTestId("client-email").FillAsync(ClientEmail);
        await owner.GetByTestId("create-invite").ClickAsync();
        await Assertions.Expect(owner.GetByTestId("invitation-emailed")).ToHaveAttributeAsync("data-emailed", "yes");

        var engineer = await portal.NewPageAsync();
        await SignUpAsync(engineer, await EmailedLinkAsync(EngineerEmail, "/account/signup?token="), "Theo Marsh", "a lamp on the pier at night");
        Assert.EndsWith("/engineer", new Uri(engineer.Url).AbsolutePath);
        var client = await portal.NewPageAsync(phone: true);
        await SignUpAsync(client, await EmailedLinkAsync(ClientEmail, "/account/signup?token="), "June Alder", "folded paper on the water");
        Assert.EndsWith("/client", new Uri(client.Url).AbsolutePath);

        // --- The client uploads a mix and submits. ----------------------------------------------------------------
        var (projectId, trackId) = await NewDraftForTheClientAsync();
        var folder = Directory.CreateTempSubdirectory("mp-browser-").FullName;
        var mixPath = Path.Combine(folder, "low_tide_mix.wav");
        File.WriteAllBytes(mixPath, TestSongs.Song(seed: 31, peakDbfs: -6.0));
        await client.GotoAsync($"/projects/{projectId}");
        await client.GetByTestId("project-page").WaitForAsync();
        await PortalBrowserFixture.WaitForCircuitAsync(client);
        await client.GetByTestId("mix-upload").GetByTestId("upload-input").SetInputFilesAsync(mixPath);
        await PortalBrowserFixture.WaitOrExplainAsync(client, client.GetByTestId("current-mix").GetByText("low_tide_mix.wav"), 60_000);
        await client.GetByTestId("check-headroom").WaitForAsync(new() { Timeout = 60_000 });
        await client.GetByTestId("platform-Spotify").CheckAsync();
        await Assertions.Expect(client.GetByTestId("action-Submit")).ToBeEnabledAsync();
        await client.GetByTestId("action-Submit").ClickAsync();
        await Assertions.Expect(client.GetByTestId("project-status")).ToHaveTextAsync("Submitted");
        var unreadBefore = int.Parse(await client.GetByTestId("bell").GetAttributeAsync("data-unread") ?? "0");

        // --- The engineer renders and posts; the client's bell rings without a reload. -----------------------------
        var posted = DateTimeOffset.UtcNow;
        await engineer.GotoAsync($"/projects/{projectId}/tracks/{trackId}/workspace");
        await engineer.GetByTestId("workspace").WaitForAsync();
        await PortalBrowserFixture.WaitForCircuitAsync(engineer);
        await engineer.GetByTestId("render-revision").ClickAsync();
        var card = engineer.Locator("[data-testid=revision-card][data-revision=\"1\"]");
        await Assertions.Expect(card).ToHaveAttributeAsync("data-status", "Ready", new() { Timeout = 120_000 });
        await card.GetByTestId("post-note").FillAsync("First pass, warm and wide.");
        await card.GetByTestId("post-revision").ClickAsync();
        await card.GetByTestId("revision-posted").WaitForAsync();

        await Assertions.Expect(client.GetByTestId("bell")).ToHaveAttributeAsync("data-unread", (unreadBefore + 1).ToString(), new() { Timeout = 30_000 });
        await PortalBrowserFixture.ScreenshotAsync(client, "phone-bell-after-post");

        // --- The emailed link opens the review page at that revision; the client comments. -----------------------
        var review = await EmailedLinkAsync(ClientEmail, $"/projects/{projectId}/tracks/{trackId}/review", posted);
        Assert.Contains("revision=", review);
        await client.GotoAsync(review);
        await client.GetByTestId("review-page").WaitForAsync();
        await PortalBrowserFixture.WaitForCircuitAsync(client);
        // The link chose revision 1; a tap on its waveform picks the moment to comment on.
        var first = client.Locator("[data-testid=review-source][data-kind=revision][data-revision=\"1\"]");
        await Assertions.Expect(first).ToHaveAttributeAsync("aria-current", "true");
        var wave = first.GetByTestId("review-waveform");
        await Assertions.Expect(wave).ToHaveAttributeAsync("data-drawn", "peaks", new() { Timeout = 60_000 });
        // On a phone the waveforms sit below "Listen on" and "As played on": scroll to it, as she would, before tapping.
        await wave.ScrollIntoViewIfNeededAsync();
        var box = (await wave.BoundingBoxAsync())!;
        await client.Mouse.ClickAsync(box.X + box.Width * 0.3f, box.Y + box.Height / 2);
        await Assertions.Expect(client.GetByTestId("comment-target")).ToContainTextAsync("Revision 1");
        await client.GetByTestId("comment-text").FillAsync("Lovely. Could the vocal sit a touch more forward?");
        await client.GetByTestId("comment-send").ClickAsync();
        await Assertions.Expect(client.GetByTestId("comment-thread")).ToHaveCountAsync(1);
        await PortalBrowserFixture.ScreenshotAsync(client, "phone-review-from-email");
        await using (var db = await Db())
            Assert.True(await db.Notifications.AnyAsync(n => n.Kind == NotificationKind.Comment && db.Users.Any(u => u.Id == n.UserId && u.Email == EngineerEmail)),
                "the engineer is told of the comment (its email follows after the comment burst: NotificationPlannerTests)");

        // --- The client forgets their password and sets a new one from the emailed link. --------------------------
        var asked = DateTimeOffset.UtcNow;
        await client.Context.ClearCookiesAsync();
        await client.GotoAsync("/account/login");
        await client.GetByTestId("forgot-link").ClickAsync();
        // The sign-in page has an #email field too: wait until the link has really led to the other page.
        await client.WaitForURLAsync("**/account/forgot");
        await client.GetByRole(AriaRole.Button, new() { Name = "Send me a link" }).WaitForAsync();
        await client.FillAsync("#email", ClientEmail);
        await PortalBrowserFixture.ScreenshotAsync(client, "phone-forgot-password");
        await client.GetByRole(AriaRole.Button, new() { Name = "Send me a link" }).ClickAsync();
        await client.GetByTestId("reset-sent").WaitForAsync();
        await client.GotoAsync(await EmailedLinkAsync(ClientEmail, "/account/reset?token=", asked));
        await client.FillAsync("#new", "a new tide every morning");
        await client.FillAsync("#confirm", "a new tide every morning");
        await PortalBrowserFixture.ScreenshotAsync(client, "phone-reset-password");
        await client.GetByRole(AriaRole.Button, new() { Name = "Set the new password" }).ClickAsync();
        await client.GetByTestId("reset-done").WaitForAsync();
        await portal.SignInAsync(client, ClientEmail, "a new tide every morning");
        Assert.EndsWith("/client", new Uri(client.Url).AbsolutePath);

        Directory.Delete(folder, recursive: true);
    }

    async Task SignUpAsync(IPage page, string link, string name, string password)
    {
        await page.GotoAsync(link);
        await page.FillAsync("#name", name);
        await page.FillAsync("#password", password);
        await page.FillAsync("#confirm", password);
        await page.ClickAsync("button[type=submit]");
        await PortalBrowserFixture.WaitForCircuitAsync(page);
    }

    async Task<PortalDbContext> Db() =>
        await portal.Factory.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();

    /// <summary>
    /// The link starting with <paramref name="path"/> in the newest email to <paramref name="to"/> (made after
    /// <paramref name="since"/>), as it arrived at the SMTP server; its path and query, to open on this portal.
    /// </summary>
    async Task<string> EmailedLinkAsync(string to, string path, DateTimeOffset? since = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            await using (var db = await Db())
            {
                var rows = await db.OutboxEmails.AsNoTracking().Where(e => e.ToAddress == to).ToListAsync();
                foreach (var row in rows.Where(r => since is null || r.CreatedAt >= since.Value.AddSeconds(-1)).OrderByDescending(r => r.CreatedAt))
                {
                    if (!row.TextBody.Contains(path)) continue;
                    var message = await portal.Inbox!.WaitForAsync(row.MessageId, TimeSpan.FromSeconds(60));
                    Assert.True(message is not null, $"the email to {to} ({row.Subject}) never reached the SMTP server");
                    var line = message!.TextBody.Split('\n').Select(l => l.Trim()).First(l => l.Contains(path));
                    var url = new Uri(line[line.IndexOf("http", StringComparison.Ordinal)..]);
                    return url.PathAndQuery;
                }
            }
            Assert.True(DateTime.UtcNow < deadline, $"no email to {to} with a link to {path}");
            await Task.Delay(500);
        }
    }

    async Task<(Guid ProjectId, Guid TrackId)> NewDraftForTheClientAsync()
    {
        await using var db = await Db();
        var user = await db.Users.SingleAsync(u => u.Email == ClientEmail);
        var client = await db.Clients.SingleAsync(c => c.Id == user.ClientId);
        var project = new Project { StudioId = client.StudioId, ClientId = client.Id, Title = "Low Tide (single)", Status = ProjectStatus.Draft };
        var track = new Track { ProjectId = project.Id, Title = "Low Tide", Position = 1, Brief = new Brief() };
        project.Tracks.Add(track);
        db.Projects.Add(project);
        await db.SaveChangesAsync();
        return (project.Id, track.Id);
    }
}
