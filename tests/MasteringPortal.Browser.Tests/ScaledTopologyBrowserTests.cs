using System.Collections.Concurrent;
using System.Net;
using System.Text.RegularExpressions;
using MasteringPortal.Core.Data;
using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Jobs;
using MasteringPortal.Testing;
using MasteringPortal.Web.Demo;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace MasteringPortal.Browser.Tests;

/// <summary>
/// The scaled topology as scripts/run-scaled.sh starts it (nginx, Redis, two web processes, two workers: real processes
/// on loopback ports, on the test's PostgreSQL server), used through the proxy by two browsers pinned by their affinity
/// cookies to different web processes. The client's review page is open on one; the engineer renders on the other, the
/// render runs on a worker that is killed with SIGKILL in the middle, the other worker renders it once, and the posted
/// revision appears on the client's page without a reload. Redis is killed and started again: live updates resume.
/// The client's web process is killed: her page comes back from the other one and carries on.
/// </summary>
public sealed class ScaledTopologyBrowserTests : IAsyncLifetime
{
    IPlaywright playwright = default!;
    IBrowser browser = default!;
    readonly AccessibilityAudit audit = new();

    public async Task InitializeAsync()
    {
        playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        browser = await PortalBrowserFixture.LaunchChromiumAsync(playwright);
    }

    public async Task DisposeAsync()
    {
        try
        {
            await audit.AssertNoViolationsAsync();
        }
        finally
        {
            AccessibilityAudit.Record(audit);
            await browser.CloseAsync();
        }
        playwright.Dispose();
    }

    static string Dll => Path.Combine(PortalFactory.RepositoryRoot, "src/MasteringPortal.Web/bin/Debug/net10.0/MasteringPortal.Web.dll");

    /// <summary>
    /// A page's first live connection goes through the proxy to a web process that may not have served a hub before;
    /// on a loaded 2-core machine (four portal processes, nginx, Redis, PostgreSQL, Chromium) it has taken over the
    /// assertion's default 5 s. What is tested is that it connects, not how fast.
    /// </summary>
    static readonly LocatorAssertionsToHaveAttributeOptions LiveWithin = new() { Timeout = 30_000 };

    [SkippableFact(Timeout = 900_000)]
    public async Task Two_browsers_on_two_web_processes_carry_on_through_a_killed_worker_a_Redis_restart_and_a_killed_web_process()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var steps = new List<string>();
        void Step(string what)
        {
            steps.Add($"{clock.Elapsed.TotalSeconds,7:F1} s  {what}");
            File.WriteAllLines(Path.Combine(PortalBrowserFixture.OutputDirectory, "scaled-topology-steps.log"), steps);
        }
        await using var topology = await ScaledTopology.StartAsync(Dll);
        Step("topology ready");
        var options = PortalDatabase.Options(DatabaseProvider.Postgres, topology.ConnectionString);
        PortalDbContext Db() => new(options);

        // Through the proxy: ready, and a browser gets the cookie that keeps it on one web process.
        using (var http = new HttpClient { BaseAddress = new Uri(topology.ProxyUrl) })
        {
            var ready = await http.GetAsync("/health/ready");
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
            Assert.Contains(ready.Headers.GetValues("Set-Cookie"), c => c.StartsWith("mp_affinity="));
            Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/metrics")).StatusCode); // not through the proxy
        }
        // The demo's analyses were queued by the first web process, which has no workers: the workers did them.
        await topology.UntilAsync(async () =>
        {
            await using var db = Db();
            var analyses = await db.PortalJobs.Where(j => j.Kind == PortalJobKind.Analysis).ToListAsync();
            return analyses.Count > 0 && analyses.All(j => j.State == PortalJobState.Succeeded) ? analyses : null;
        }, "the demo's analyses to finish on the workers");
        Step("demo analyses done");
        await using (var db = Db())
            Assert.All(await db.PortalJobs.Where(j => j.Kind == PortalJobKind.Analysis).ToListAsync(), j => Assert.StartsWith("worker-", j.Worker));

        Revision posted;
        int mastersOfOneRender;
        await using (var db = Db())
        {
            posted = await db.Revisions.Include(r => r.Track)
                .Where(r => r.Track!.Project!.Title == "Tidewater EP" && r.PostedAt != null && r.Origin == RevisionOrigin.Rendered)
                .OrderBy(r => r.Track!.Position).ThenByDescending(r => r.Number).FirstAsync();
            mastersOfOneRender = await db.FileAssets.CountAsync(f => f.RevisionId == posted.Id && f.Kind == FileAssetKind.Master);
        }
        var (projectId, trackId) = (posted.Track!.ProjectId, posted.TrackId);
        var reviewUrl = $"/projects/{projectId}/tracks/{trackId}/review";

        // --- The client opens the review on one web process. ---------------------------------------------------
        var (ava, avaServedBy) = await OpenAsync(topology, DemoSeeder.ClientEmail, pinnedTo: null);
        await ava.GotoAsync(reviewUrl);
        await ava.GetByTestId("review-page").WaitForAsync();
        await PortalBrowserFixture.WaitForCircuitAsync(ava);
        await Assertions.Expect(ava.GetByTestId("review-live")).ToHaveAttributeAsync("data-state", "live", LiveWithin);
        var avaProcess = avaServedBy.Last();
        Step("client review live");
        var otherProcess = avaProcess == "web-1" ? "web-2" : "web-1";

        // --- The engineer, on the other web process, renders; the worker rendering it is killed midway. ----------
        var (engineer, engineerServedBy) = await OpenAsync(topology, DemoSeeder.EngineerEmail, pinnedTo: otherProcess);
        await engineer.GotoAsync($"/projects/{projectId}/tracks/{trackId}/workspace");
        await engineer.GetByTestId("workspace").WaitForAsync();
        await PortalBrowserFixture.WaitForCircuitAsync(engineer);
        Assert.Equal(otherProcess, engineerServedBy.Last());
        await engineer.GetByTestId("render-revision").ClickAsync();
        var number = posted.Number + 1;
        var running = await topology.UntilAsync(async () =>
        {
            await using var db = Db();
            return await db.PortalJobs.AsNoTracking().Where(j => j.Kind == PortalJobKind.Render && j.State == PortalJobState.Running
                && j.ProgressPercent > 0 && db.Revisions.Any(r => r.Id == j.TargetId && r.Number == number && r.TrackId == trackId)).FirstOrDefaultAsync();
        }, "the render to be running on a worker", pollMilliseconds: 50);
        var victim = running.Worker!;
        topology.Kill(victim);
        Step("render running, worker killed");

        var card = engineer.Locator($"[data-testid=revision-card][data-revision=\"{number}\"]");
        await Assertions.Expect(card).ToHaveAttributeAsync("data-status", "Ready", new() { Timeout = 180_000 });
        await using (var db = Db())
        {
            var job = await db.PortalJobs.AsNoTracking().SingleAsync(j => j.Id == running.Id);
            Assert.Equal(PortalJobState.Succeeded, job.State);
            Assert.NotEqual(victim, job.Worker);
            Assert.True(job.Attempt >= 2);
            var files = await db.FileAssets.Where(f => f.RevisionId == job.TargetId).ToListAsync();
            // The same settings and brief as the revision rendered before: as many masters as it has, no more.
            Assert.Equal(mastersOfOneRender, files.Count(f => f.Kind == FileAssetKind.Master));
            Assert.Single(files, f => f.Kind == FileAssetKind.Preview);
        }
        Assert.False(Directory.Exists(Path.Combine(topology.DataDirectory, "files", "jobs", running.Id.ToString("N"))));
        Step("render ready on the other worker");

        // Posted on the engineer's process: the client's page on the other one shows it, drawn, without a reload.
        await card.GetByTestId("post-note").FillAsync("Rendered twice over, posted once.");
        await card.GetByTestId("post-revision").ClickAsync();
        await card.GetByTestId("revision-posted").WaitForAsync();
        var fresh = Revision(ava, number);
        await Assertions.Expect(fresh.GetByTestId("review-waveform")).ToHaveAttributeAsync("data-drawn", "peaks", new() { Timeout = 60_000 });
        Assert.Equal(avaProcess, avaServedBy.Last()); // the same page, never reloaded
        await PortalBrowserFixture.ScreenshotAsync(ava, "scaled-review-live-from-the-other-process");
        Step("posted revision live on the client page");

        // --- Redis is killed; the script starts it again; a comment on the client's process reaches the engineer's page. --
        var engineerReview = await engineer.Context.NewPageAsync();
        await engineerReview.GotoAsync(reviewUrl);
        await PortalBrowserFixture.WaitForCircuitAsync(engineerReview);
        await Assertions.Expect(engineerReview.GetByTestId("review-live")).ToHaveAttributeAsync("data-state", "live", LiveWithin);
        var redisBefore = topology.Pids["redis"];
        topology.Kill("redis");
        await topology.UntilAsync(async () =>
        {
            if (topology.Pids["redis"] == redisBefore) return null;
            foreach (var web in new[] { "web-1", "web-2" })
            {
                using var http = new HttpClient();
                var body = await (await http.GetAsync($"http://127.0.0.1:{topology.Ports[web]}/health/ready")).Content.ReadAsStringAsync();
                if (!body.Contains("Redis connected")) return null;
            }
            return "";
        }, "Redis to be started again and both web processes connected to it");
        Step("redis back");
        var wave = fresh.GetByTestId("review-waveform");
        var box = (await wave.BoundingBoxAsync())!;
        await ava.Mouse.ClickAsync(box.X + box.Width * 0.3f, box.Y + box.Height / 2);
        await ava.GetByTestId("comment-text").FillAsync("Heard across processes after Redis came back.");
        await ava.GetByTestId("comment-send").ClickAsync();
        await Assertions.Expect(Revision(engineerReview, number).GetByTestId("review-waveform"))
            .ToHaveAttributeAsync("data-markers", "1", new() { Timeout = 60_000 });
        Step("comment across processes");

        // --- The client's web process is killed while her review page is open and a mix is on its way from another of
        // her pages (same browser, same process): the review comes back from the other process, the upload completes. --
        Guid lanterns;
        await using (var db = Db())
            lanterns = await db.Projects.Where(p => p.Title == "Paper Lanterns").Select(p => p.Id).SingleAsync();
        var uploads = await ava.Context.NewPageAsync();
        await uploads.GotoAsync($"/projects/{lanterns}");
        await uploads.GetByTestId("project-page").WaitForAsync();
        await PortalBrowserFixture.WaitForCircuitAsync(uploads);
        Assert.Equal(avaProcess, avaServedBy.Last());
        // A slow line: each piece waits a second and a half before it leaves, so the mix is still travelling when the process dies.
        await uploads.RouteAsync("**/api/uploads/*/chunks/*", async route =>
        {
            await Task.Delay(1500);
            await route.ContinueAsync();
        });
        var folder = Directory.CreateTempSubdirectory("mp-scaled-upload-").FullName;
        var mixPath = Path.Combine(folder, "scaled_mix.wav");
        var mix = TestSongs.Song(seed: 5, peakDbfs: -3, seconds: 60);
        await File.WriteAllBytesAsync(mixPath, mix);
        // She has used the page (a click: browsers ask "Leave site?" only on pages a person has touched), and she stays
        // when her browser asks, as the page reloads itself to reach the other process.
        await uploads.GetByTestId("project-page").ClickAsync(new() { Position = new Position { X = 5, Y = 5 } });
        var asked = new ConcurrentQueue<string>();
        uploads.Dialog += async (_, dialog) =>
        {
            asked.Enqueue(dialog.Type);
            await dialog.DismissAsync();
        };
        await uploads.GetByTestId("mix-upload").First.GetByTestId("upload-input").SetInputFilesAsync(mixPath);
        await Assertions.Expect(uploads.GetByTestId("upload-status").First).ToHaveTextAsync(new Regex(@"^\d+ %"), new() { Timeout = 60_000 });
        Step("upload under way");

        topology.Kill(avaProcess);
        await Assertions.Expect(ava.GetByTestId("review-page")).ToBeVisibleAsync(new() { Timeout = 120_000 });
        await topology.UntilAsync(() => Task.FromResult(avaServedBy.LastOrDefault() == otherProcess ? "" : null),
            "the client's page to be served by the other web process");
        Step("client page on the other process");
        await PortalBrowserFixture.WaitForCircuitAsync(ava);
        await Assertions.Expect(Revision(ava, number).GetByTestId("review-waveform")).ToHaveAttributeAsync("data-markers", "1", new() { Timeout = 60_000 });
        await Assertions.Expect(ava.GetByTestId("review-live")).ToHaveAttributeAsync("data-state", "live", new() { Timeout = 60_000 });
        await PortalBrowserFixture.ScreenshotAsync(ava, "scaled-review-after-its-process-died");
        Step("client review live again");

        // The upload carried on through the proxy to the other process; its page reloaded itself to show the new mix.
        var stored = await topology.UntilAsync(async () =>
        {
            await using var db = Db();
            return await db.FileAssets.SingleOrDefaultAsync(f => f.OriginalName == "scaled_mix.wav" && f.ProjectId == lanterns);
        }, "the mix uploaded while its web process died to be stored: the upload says " + await uploads.GetByTestId("upload-box").First.InnerTextAsync());
        Step("upload stored");
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(mix)), stored.Sha256.ToLowerInvariant());
        await PortalBrowserFixture.WaitOrExplainAsync(uploads, uploads.GetByTestId("current-mix").GetByText("scaled_mix.wav").First, 180_000);
        Assert.Contains("beforeunload", asked);
        Step("upload page shows the mix");
        await PortalBrowserFixture.ScreenshotAsync(uploads, "scaled-upload-completed-on-the-other-process");
        Directory.Delete(folder, recursive: true);
    }

    static ILocator Revision(IPage page, int number) => page.Locator($"[data-testid=review-source][data-kind=revision][data-revision=\"{number}\"]");

    /// <summary>
    /// A signed-in browser through the proxy, pinned to a web process when asked (an affinity cookie the proxy hashes to
    /// it), and the processes that served each of its page loads, in order.
    /// </summary>
    async Task<(IPage Page, ConcurrentQueue<string> ServedBy)> OpenAsync(ScaledTopology topology, string email, string? pinnedTo)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = topology.ProxyUrl, ViewportSize = new ViewportSize { Width = 1366, Height = 900 },
            ReducedMotion = ReducedMotion.Reduce, // still spinners: see PortalBrowserFixture.NewPageAsync
        });
        context.SetDefaultTimeout(30_000);
        audit.Watch(context);
        if (pinnedTo is not null)
            await context.AddCookiesAsync([new Microsoft.Playwright.Cookie { Name = "mp_affinity", Value = await topology.AffinityFor(pinnedTo), Url = topology.ProxyUrl }]);
        var page = await context.NewPageAsync();
        var servedBy = new ConcurrentQueue<string>();
        page.Response += (_, response) =>
        {
            if (response.Request.IsNavigationRequest && response.Headers.TryGetValue("x-served-by", out var by)) servedBy.Enqueue(by);
        };
        await page.GotoAsync("/account/login");
        await page.FillAsync("#email", email);
        await page.FillAsync("#password", DemoSeeder.Password);
        var console = new ConcurrentQueue<string>();
        page.Console += (_, message) => console.Enqueue(message.Text);
        await page.ClickAsync("button[type=submit]");
        try
        {
            await PortalBrowserFixture.WaitForCircuitAsync(page);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{email}'s page at {page.Url} never connected. Console: {string.Join(" | ", console)}\n"
                + await page.InnerTextAsync("body") + "\n" + topology.Log, e);
        }
        return (page, servedBy);
    }
}
