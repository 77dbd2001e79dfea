using System.Text.RegularExpressions;
using MasteringPortal.Core.Data;
using MasteringPortal.Core.Domain;
using MasteringPortal.Testing;
using MasteringPortal.Web.Demo;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace MasteringPortal.Browser.Tests;

/// <summary>
/// The review page end to end, through the real pages: with the client's review page open, the engineer renders and
/// posts revision 1 and the client's page shows it without a reload; the client comments at a moment and asks
/// for changes; the engineer posts revision 2; the client approves it. And a second client is refused.
/// </summary>
[Collection(PortalBrowserCollection.Name)]
public sealed class ReviewBrowserTests(PortalBrowserFixture portal) : AuditedBrowserTest(portal)
{
    [Fact]
    public async Task The_client_hears_each_revision_live_comments_asks_for_changes_and_approves_revision_2()
    {
        var (projectId, trackId) = await NewProjectWithMixAsync();
        var reviewUrl = $"/projects/{projectId}/tracks/{trackId}/review";
        // The brief she submitted marks a problem on the mix.
        await using (var scope = portal.Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            var brief = await db.Briefs.Include(b => b.ProblemNotes).SingleAsync(b => b.TrackId == trackId);
            brief.ProblemNotes.Add(new ProblemNote { StartSeconds = 2, EndSeconds = 3.5, Text = "the hi-hat gets harsh" });
            await db.SaveChangesAsync();
        }

        // --- The client opens the review: the mix is there, measured, drawn from its peaks; the page is live. --
        var client = await portal.NewPageAsync();
        var console = new List<string>();
        client.Console += (_, m) => { lock (console) console.Add(m.Text); };
        await portal.SignInAsync(client, DemoSeeder.ClientEmail, DemoSeeder.Password);
        // The submitted brief reads as text on the project page: no checkbox that looks editable and is not.
        await client.GotoAsync($"/projects/{projectId}");
        await PortalBrowserFixture.WaitForCircuitAsync(client);
        await Assertions.Expect(client.GetByTestId("brief-formats")).ToBeVisibleAsync();
        await Assertions.Expect(client.Locator("[data-testid=brief-editor] input[type=checkbox]")).ToHaveCountAsync(0);
        // Its answers read as labelled text, not in outlined boxes that look editable: none is an outlined field, none can be typed in.
        await Assertions.Expect(client.Locator("[data-testid=brief-editor] .mud-input-outlined")).ToHaveCountAsync(0);
        Assert.True(await client.GetByTestId("notes").IsEditableAsync() is false);
        await client.GotoAsync(reviewUrl);
        await client.GetByTestId("review-page").WaitForAsync();
        await PortalBrowserFixture.WaitForCircuitAsync(client);
        await Assertions.Expect(client.GetByTestId("review-live")).ToHaveAttributeAsync("data-state", "live");
        var mix = Source(client, "mix");
        await Assertions.Expect(mix.GetByTestId("review-waveform")).ToHaveAttributeAsync("data-drawn", "peaks", new() { Timeout = 60_000 });
        Assert.Equal(1, await client.GetByTestId("review-source").CountAsync());
        // Her problem note is drawn on the mix and said in words under it.
        await Assertions.Expect(mix.GetByTestId("review-waveform")).ToHaveAttributeAsync("data-problems", "1");
        await Assertions.Expect(mix.GetByTestId("review-provenance")).ToHaveTextAsync("Marked in the brief: 0:02–0:03 the hi-hat gets harsh");

        // --- A comment on the MIX at a moment (30 % in, 3 s of 10), edited, then deleted. ------------------------
        var mixWave = mix.GetByTestId("review-waveform");
        await CommentAtAsync(client, mixWave, 0.3f, @"On the mix at 0:0[23]", "In the mix already the snare is too loud here.");
        await Assertions.Expect(mixWave).ToHaveAttributeAsync("data-markers", "1");
        Assert.Matches(@"Mix · 0:0[23]", await client.GetByTestId("comment-time").InnerTextAsync());
        var onMix = client.GetByTestId("comment-thread").GetByTestId("comment").First;
        await EditAsync(onMix, "In the mix already the snare is a little too loud here.");
        await onMix.GetByTestId("comment-delete").ClickAsync();
        await onMix.GetByTestId("comment-delete-confirm").ClickAsync();
        // Its words go and its marker leaves the mix; the thread stays listed.
        await Assertions.Expect(onMix).ToHaveAttributeAsync("data-deleted", "true");
        await Assertions.Expect(onMix.GetByTestId("comment-body")).ToHaveTextAsync("This comment was deleted.");
        await Assertions.Expect(mixWave).ToHaveAttributeAsync("data-markers", "0");

        // --- The engineer renders revision 1 and posts it. ---------------------------------------------------
        var engineer = await portal.NewPageAsync();
        await portal.SignInAsync(engineer, DemoSeeder.EngineerEmail, DemoSeeder.Password);
        await RenderAndPostAsync(engineer, projectId, trackId, 1, "First pass: -11 LUFS, the low end tightened.");

        // The client's page shows it without a reload: its waveform, its numbers, the engineer's note.
        var first = Revision(client, 1);
        await Assertions.Expect(first.GetByTestId("review-waveform")).ToHaveAttributeAsync("data-drawn", "peaks", new() { Timeout = 60_000 });
        Assert.Contains("the low end tightened", await first.GetByTestId("review-status").InnerTextAsync());
        Assert.Contains("LUFS", await first.GetByTestId("review-figures").InnerTextAsync());
        await Assertions.Expect(client.GetByTestId("review-numbers-row")).ToHaveCountAsync(2);
        await Assertions.Expect(client.GetByTestId("review-loudness")).ToHaveAttributeAsync("data-series", "2");
        await Assertions.Expect(client.GetByTestId("review-spectrum")).ToHaveAttributeAsync("data-series", "2");
        // The difference view compares revision 1 with the mix from their analyses, drawn and said in words.
        await Assertions.Expect(client.GetByTestId("review-difference")).ToBeVisibleAsync();
        await Assertions.Expect(client.GetByTestId("review-diff-words")).ToContainTextAsync(new Regex(@"Revision 1 is \d+\.\d LU (louder|quieter) than the mix overall"));
        await Assertions.Expect(client.GetByTestId("review-diff-curve")).Not.ToHaveAttributeAsync("data-points", "0");
        // Loudness-matched: the louder source is played turned down, the quieter one at 0 dB.
        var gains = await client.GetByTestId("review-gain").AllInnerTextsAsync();
        Assert.Contains(gains, g => g.StartsWith('−'));
        Assert.Contains("0.0 dB", gains);
        Assert.Contains("Spotify", await client.GetByTestId("review-platforms").InnerTextAsync());

        // Keyboard: 2 picks revision 1, Space plays, X goes back to the mix at the same moment.
        await client.Keyboard.PressAsync("2");
        await Assertions.Expect(first).ToHaveAttributeAsync("aria-current", "true");
        await client.Keyboard.PressAsync(" ");
        await Assertions.Expect(client.GetByTestId("review-play")).ToHaveAttributeAsync("aria-label", "Pause");
        await client.Keyboard.PressAsync("x");
        await Assertions.Expect(mix).ToHaveAttributeAsync("aria-current", "true");
        await client.Keyboard.PressAsync(" ");
        await Assertions.Expect(client.GetByTestId("review-play")).ToHaveAttributeAsync("aria-label", "Play");
        await PortalBrowserFixture.ScreenshotAsync(client, "review-revision-1-live");

        // --- A comment at a moment of revision 1: click its waveform 40 % in (4 s of 10). ---------------------
        var wave = first.GetByTestId("review-waveform");
        await CommentAtAsync(client, wave, 0.4f, @"Revision 1 at 0:0[34]", "The kick gets lost here when the bass comes in.");
        await Assertions.Expect(client.GetByTestId("comment-thread")).ToHaveCountAsync(2);   // with the deleted one on the mix
        await Assertions.Expect(wave).ToHaveAttributeAsync("data-markers", "1");
        Assert.Matches(@"Revision 1 · 0:0[34]", await client.GetByTestId("comment-time").First.InnerTextAsync());
        // She words it better: the comment is changed in place and marked as edited.
        var hers = client.GetByTestId("comment-thread").GetByTestId("comment").First;
        await EditAsync(hers, "The kick gets lost here as soon as the bass comes in.");

        // --- Zoom: back to the start, 2x by the button, 4x by the + key, then moved along until 0:03.5 or so. -------
        await client.GetByTestId("review-zoom-in").FocusAsync();
        await client.Keyboard.PressAsync("ArrowLeft");
        await client.GetByTestId("review-zoom-in").ClickAsync();
        await client.Keyboard.PressAsync("+");
        await Assertions.Expect(client.GetByTestId("review-player")).ToHaveAttributeAsync("data-zoom", "4");
        await Assertions.Expect(client.GetByTestId("review-zoom-range")).ToHaveTextAsync("Showing 0:00–0:02 (4×)");
        await client.GetByTestId("review-zoom-pan").FillAsync("467");
        await Assertions.Expect(wave).ToHaveAttributeAsync("data-view-from", new Regex(@"^3\.[45]"));
        // The marker's flag is drawn where the comment's time falls in the visible range (not where it was at 1x).
        double commentAt;
        await using (var scope = portal.Factory.Services.CreateAsyncScope())
            commentAt = await scope.ServiceProvider.GetRequiredService<PortalDbContext>().Comments
                .Where(c => c.Text.Contains("as soon as the bass")).Select(c => c.StartSeconds).SingleAsync();
        var from = double.Parse((await wave.GetAttributeAsync("data-view-from"))!, System.Globalization.CultureInfo.InvariantCulture);
        var to = double.Parse((await wave.GetAttributeAsync("data-view-to"))!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(to - from, 2.4, 2.6);   // a quarter of the 10 s track
        var flag = await wave.EvaluateAsync<int[]>(@"(canvas, [t, from, to]) => {
            const ratio = window.devicePixelRatio || 1;
            const x = Math.round((t - from) / (to - from) * canvas.width + 4 * ratio);
            return Array.from(canvas.getContext('2d').getImageData(x, Math.round(ratio), 1, 1).data);
        }", new[] { commentAt, from, to });
        Assert.True(flag[0] > 180 && flag[1] < 90 && flag[2] < 90, $"expected the red flag of the comment at {commentAt} s, found rgb({flag[0]}, {flag[1]}, {flag[2]})");
        await PortalBrowserFixture.ScreenshotAsync(client, "review-zoomed-4x");
        await client.GetByTestId("review-zoom-in").FocusAsync();   // keys typed into the slider are the slider's
        await client.Keyboard.PressAsync("-");
        await client.Keyboard.PressAsync("-");
        await Assertions.Expect(client.GetByTestId("review-zoom-range")).ToHaveTextAsync("Showing the whole track");

        // The engineer's review page gets the comment as a marker too (opened now: it loads what exists).
        var engineerReview = await portal.NewPageAsync();
        await portal.SignInAsync(engineerReview, DemoSeeder.EngineerEmail, DemoSeeder.Password);
        await engineerReview.GotoAsync(reviewUrl);
        await PortalBrowserFixture.WaitForCircuitAsync(engineerReview);
        await Assertions.Expect(Revision(engineerReview, 1).GetByTestId("review-waveform")).ToHaveAttributeAsync("data-markers", "1");
        await Assertions.Expect(engineerReview.GetByTestId("review-live")).ToHaveAttributeAsync("data-state", "live");

        // --- The client's live connection drops; the engineer answers meanwhile; the page catches up. ---------
        await client.EvaluateAsync("() => document.querySelector('[data-testid=review-player]').__review.connection.stop()");
        await Assertions.Expect(client.GetByTestId("review-live")).ToHaveAttributeAsync("data-state", "offline");
        var theirWave = Revision(engineerReview, 1).GetByTestId("review-waveform");
        var theirBox = (await theirWave.BoundingBoxAsync())!;
        await engineerReview.Mouse.MoveAsync(theirBox.X + theirBox.Width * 0.7f, theirBox.Y + theirBox.Height / 2);
        await engineerReview.Mouse.DownAsync();
        await engineerReview.Mouse.MoveAsync(theirBox.X + theirBox.Width * 0.9f, theirBox.Y + theirBox.Height / 2, new() { Steps = 5 });
        await engineerReview.Mouse.UpAsync();
        await Assertions.Expect(engineerReview.GetByTestId("comment-target")).ToContainTextAsync(new Regex(@"Revision 1 from 0:0[67]"));
        await engineerReview.GetByTestId("comment-text").FillAsync("The outro is a touch bright: I will tame it in revision 2.");
        await engineerReview.GetByTestId("comment-send").ClickAsync();
        await Assertions.Expect(Revision(engineerReview, 1).GetByTestId("review-waveform")).ToHaveAttributeAsync("data-markers", "2");
        // Reconnected (it retries every 5 s), the client's page reads what it missed: the engineer's range comment.
        try
        {
            await Assertions.Expect(client.GetByTestId("review-live")).ToHaveAttributeAsync("data-state", "live", new() { Timeout = 60_000 });
        }
        catch (PlaywrightException)
        {
            lock (console) throw new Xunit.Sdk.XunitException("The review page did not reconnect. Its console: " + string.Join(" | ", console));
        }
        await Assertions.Expect(wave).ToHaveAttributeAsync("data-markers", "2");
        await Assertions.Expect(client.GetByTestId("comment-thread")).ToHaveCountAsync(3);

        // --- Changes requested: a revision round is used and shown. -------------------------------------------
        await client.GetByTestId("change-notes").FillAsync("Please bring the kick forward around 0:04.");
        await client.GetByTestId("request-changes").ClickAsync();
        await Assertions.Expect(client.GetByTestId("project-status")).ToHaveTextAsync("Changes requested");
        await Assertions.Expect(client.GetByTestId("review-rounds")).ToHaveTextAsync("1 of 2 included revision rounds used");
        // The engineer's open review page hears of it over the hub.
        await Assertions.Expect(engineerReview.GetByTestId("project-status")).ToHaveTextAsync("Changes requested");
        await PortalBrowserFixture.ScreenshotAsync(client, "review-changes-requested");

        // --- Revision 2, rendered and posted; the engineer's review page watched it render. ---------------------
        await RenderAndPostAsync(engineer, projectId, trackId, 2, "Kick up 1.5 dB around 60 Hz.");
        var second = Revision(client, 2);
        await Assertions.Expect(second.GetByTestId("review-waveform")).ToHaveAttributeAsync("data-drawn", "peaks", new() { Timeout = 60_000 });
        await Assertions.Expect(Revision(engineerReview, 2).GetByTestId("review-waveform")).ToHaveAttributeAsync("data-drawn", "peaks");
        await Assertions.Expect(client.GetByTestId("project-status")).ToHaveTextAsync("In review");
        // Which mix it was made from, and what changed since revision 1 (here: nothing in the chain).
        await Assertions.Expect(second.GetByTestId("review-provenance")).ToContainTextAsync("Made from mix 1");
        await Assertions.Expect(second.GetByTestId("review-provenance")).ToContainTextAsync("revision 1");

        // --- The client approves revision 2: it is locked as the final master. ----------------------------------
        await Assertions.Expect(client.GetByTestId("approve")).ToHaveTextAsync("Approve Revision 2");
        await client.GetByTestId("approve").ClickAsync();
        await client.GetByTestId("approve-yes").ClickAsync();
        await Assertions.Expect(client.GetByTestId("review-approved")).ToContainTextAsync("Revision 2 is approved");
        await Assertions.Expect(client.GetByTestId("project-status")).ToHaveTextAsync("Approved");
        await Assertions.Expect(second.Locator(".rv-label")).ToContainTextAsync("approved");
        await Assertions.Expect(engineerReview.GetByTestId("project-status")).ToHaveTextAsync("Approved");
        await PortalBrowserFixture.ScreenshotAsync(client, "review-approved");

        // She deletes her first comment: its words go, its marker leaves the waveform, the thread stays listed.
        var first1 = client.GetByTestId("comment").Filter(new() { HasText = "as soon as the bass" });
        await first1.GetByTestId("comment-delete").ClickAsync();
        await first1.GetByTestId("comment-delete-confirm").ClickAsync();
        await Assertions.Expect(first1).ToHaveCountAsync(0);
        await Assertions.Expect(client.Locator("[data-testid=comment][data-deleted=true] [data-testid=comment-body]")).ToHaveCountAsync(2);
        await Assertions.Expect(wave).ToHaveAttributeAsync("data-markers", "1");
        await PortalBrowserFixture.ScreenshotAsync(engineerReview, "review-engineer");

        // The same page on a phone.
        var phone = await portal.NewPageAsync(phone: true);
        await portal.SignInAsync(phone, DemoSeeder.ClientEmail, DemoSeeder.Password);
        await phone.GotoAsync(reviewUrl);
        await PortalBrowserFixture.WaitForCircuitAsync(phone);
        await Assertions.Expect(Revision(phone, 2).GetByTestId("review-waveform")).ToHaveAttributeAsync("data-drawn", "peaks");
        await PortalBrowserFixture.ScreenshotAsync(phone, "review-phone");

    }

    [Fact]
    public async Task In_the_demo_the_client_opens_the_review_of_the_posted_revision_from_the_project_page_and_hears_a_preview()
    {
        var ava = await portal.NewPageAsync();
        await portal.SignInAsync(ava, DemoSeeder.ClientEmail, DemoSeeder.Password);
        Guid tidewater;
        await using (var scope = portal.Factory.Services.CreateAsyncScope())
            tidewater = await scope.ServiceProvider.GetRequiredService<PortalDbContext>().Projects
                .Where(p => p.Title == "Tidewater EP").Select(p => p.Id).SingleAsync();
        await ava.GotoAsync($"/projects/{tidewater}");
        await ava.GetByTestId("project-page").WaitForAsync();
        await PortalBrowserFixture.WaitForCircuitAsync(ava);
        // The first track's "Listen and review" (inside its panel on the project page).
        await ava.GotoAsync((await ava.GetByTestId("open-review").First.GetAttributeAsync("href"))!);
        await ava.GetByTestId("review-page").WaitForAsync();
        await PortalBrowserFixture.WaitForCircuitAsync(ava);
        var revision = Revision(ava, 1);
        await Assertions.Expect(revision.GetByTestId("review-waveform")).ToHaveAttributeAsync("data-drawn", "peaks", new() { Timeout = 60_000 });
        Assert.Contains("preview", await revision.GetByTestId("review-status").InnerTextAsync());
        // An EP: the other tracks are a tap away.
        var tracks = await ava.GetByTestId("review-tracks").InnerTextAsync();
        Assert.All(new[] { "Tidewater", "Salt in the Air", "Harbour Lights" }, title => Assert.Contains(title, tracks));
        // The preview really plays: the player reaches a time past the start.
        await revision.GetByTestId("review-pick").ClickAsync();
        await ava.GetByTestId("review-play").ClickAsync();
        await Assertions.Expect(ava.GetByTestId("review-time")).Not.ToHaveTextAsync(new Regex(@"^0:00 /"), new() { Timeout = 30_000 });
        await ava.GetByTestId("review-play").ClickAsync();
        await PortalBrowserFixture.ScreenshotAsync(ava, "review-demo-tidewater");
    }

    [Fact]
    public async Task A_link_to_a_comment_opens_the_review_at_that_comments_revision_and_moment()
    {
        // A comment on a posted revision of the demo's EP, as a notification links it.
        Guid projectId, trackId, revisionId, commentId;
        await using (var scope = portal.Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            var revision = await db.Revisions.Include(r => r.Track)
                .Where(r => r.Track!.Project!.Title == "Tidewater EP" && r.PostedAt != null)
                .OrderBy(r => r.Track!.Position).ThenBy(r => r.Number).FirstAsync();
            var avaId = await db.Users.Where(u => u.Email == DemoSeeder.ClientEmail).Select(u => u.Id).SingleAsync();
            var comment = new MasteringPortal.Core.Domain.Comment
            {
                RevisionId = revision.Id, AuthorId = avaId, StartSeconds = 7.5, Text = "The snare jumps out here.",
            };
            db.Comments.Add(comment);
            await db.SaveChangesAsync();
            (projectId, trackId, revisionId, commentId) = (revision.Track!.ProjectId, revision.TrackId, revision.Id, comment.Id);
        }

        var ava = await portal.NewPageAsync();
        await portal.SignInAsync(ava, DemoSeeder.ClientEmail, DemoSeeder.Password);
        await ava.GotoAsync($"/projects/{projectId}/tracks/{trackId}/review?revision={revisionId}&comment={commentId}");
        await ava.GetByTestId("review-page").WaitForAsync();
        await PortalBrowserFixture.WaitForCircuitAsync(ava);
        await Assertions.Expect(ava.GetByTestId("review-time")).ToHaveTextAsync(new Regex(@"^0:07 /"), new() { Timeout = 30_000 });
        const string review = "document.querySelector('[data-testid=review-player]').__review";
        var active = await ava.EvaluateAsync<string>($"() => {review}.state.activeKey");
        var pausedAt = await ava.EvaluateAsync<double>($"() => {review}.player.pausedAt");
        Assert.Equal($"rev:{revisionId}", active);
        Assert.Equal(7.5, pausedAt, 3);
    }

    [Fact]
    public async Task A_second_client_is_refused_the_first_clients_review_page_and_its_data()
    {
        var (projectId, trackId) = await NewProjectWithMixAsync();
        var ben = await portal.NewPageAsync();
        await portal.SignInAsync(ben, DemoSeeder.SecondClientEmail, DemoSeeder.Password);
        await ben.GotoAsync($"/projects/{projectId}/tracks/{trackId}/review");
        await ben.WaitForURLAsync("**/not-found");
        Assert.Equal(0, await ben.GetByTestId("review-page").CountAsync());
        var data = await ben.APIRequest.GetAsync($"/api/review/projects/{projectId}/tracks/{trackId}");
        Assert.Equal(404, data.Status);
        Assert.DoesNotContain("Pocket Song", await data.TextAsync());
    }

    /// <summary>Clicks a waveform at a fraction of its width, checks what the composer says it is about, and sends the comment.</summary>
    static async Task CommentAtAsync(IPage page, ILocator waveform, float fraction, string target, string text)
    {
        var box = (await waveform.BoundingBoxAsync())!;
        await page.Mouse.ClickAsync(box.X + box.Width * fraction, box.Y + box.Height / 2);
        await Assertions.Expect(page.GetByTestId("comment-target")).ToContainTextAsync(new Regex(target));
        await page.GetByTestId("comment-text").FillAsync(text);
        await page.GetByTestId("comment-send").ClickAsync();
    }

    /// <summary>Its author rewords a comment: it is changed in place and marked as edited.</summary>
    static async Task EditAsync(ILocator comment, string text)
    {
        await comment.GetByTestId("comment-edit").ClickAsync();
        await comment.GetByTestId("comment-edit-text").FillAsync(text);
        await comment.GetByTestId("comment-edit-save").ClickAsync();
        await Assertions.Expect(comment).ToHaveAttributeAsync("data-edited", "true");
        await Assertions.Expect(comment.GetByTestId("comment-body")).ToHaveTextAsync(text);
    }

    static ILocator Source(IPage page, string kind) => page.Locator($"[data-testid=review-source][data-kind={kind}]");

    static ILocator Revision(IPage page, int number) => page.Locator($"[data-testid=review-source][data-kind=revision][data-revision=\"{number}\"]");

    /// <summary>The engineer renders the next revision in the workspace and posts it to the client with a note.</summary>
    internal static async Task RenderAndPostAsync(IPage engineer, Guid projectId, Guid trackId, int number, string note)
    {
        await engineer.GotoAsync($"/projects/{projectId}/tracks/{trackId}/workspace");
        await engineer.GetByTestId("workspace").WaitForAsync();
        await PortalBrowserFixture.WaitForCircuitAsync(engineer);
        await engineer.GetByTestId("render-revision").ClickAsync();
        var card = engineer.Locator($"[data-testid=revision-card][data-revision=\"{number}\"]");
        await Assertions.Expect(card).ToHaveAttributeAsync("data-status", "Ready", new() { Timeout = 120_000 });
        await card.GetByTestId("post-note").FillAsync(note);
        await card.GetByTestId("post-revision").ClickAsync();
        await card.GetByTestId("revision-posted").WaitForAsync();
    }

    Task<(Guid ProjectId, Guid TrackId)> NewProjectWithMixAsync() => TestSongs.NewProjectWithMixAsync(portal.Factory.Services, "Pocket Song");
}
