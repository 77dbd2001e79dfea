// The time from a render finishing on the server to the new revision's waveform drawn in a
// connected browser. The real portal (Release build, Kestrel on a loopback port, its own data folder) and
// Debian's Chromium through Playwright: the engineer's review page is open while the workspace, in a second
// tab, renders revision after revision of a 3-minute mix. The page records, for each pushed source, the
// server's finishing time (sent with the push) and the moment after the frame that drew it; both clocks are
// this machine's. Prints each run and the median and worst.
//
// usage: dotnet ReviewLatencyBench.dll [RUNS=10] [SECONDS=180]
using System.Globalization;
using System.Text.Json;
using MasteringPortal.Testing;
using MasteringPortal.Web.Demo;
using Microsoft.Playwright;

namespace MasteringPortal.Bench.Review;

// Not a top-level program: the portal's own Program class is what PortalFactory (WebApplicationFactory<Program>) starts.
public static class ReviewLatency
{
    public static async Task Main(string[] args)
    {
        var runs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10;
        var seconds = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 180;

        await using var portal = new PortalFactory(seedDemo: true) { UseSeedTemplate = false };
        var baseUrl = portal.StartKestrel();
        var (projectId, trackId) = await TestSongs.NewProjectWithMixAsync(portal.Services, "Latency", seconds);

        using var playwright = await Playwright.CreateAsync();
        var launch = new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("MP_CHROMIUM") ?? "/usr/bin/chromium",
            Headless = true,
            // Two tabs of one headless browser: without these, the review tab counts as a background tab and Chromium
            // throttles its frames and timers, which no person looking at the review page would see.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run",
                    "--disable-renderer-backgrounding", "--disable-background-timer-throttling", "--disable-backgrounding-occluded-windows"],
        };
        // The review page and the workspace in browsers of their own, as on two people's computers: tabs of one site
        // in one browser share a renderer process, so the workspace's own redraw would delay the review page's.
        await using var browser = await playwright.Chromium.LaunchAsync(launch);
        await using var engineerBrowser = await playwright.Chromium.LaunchAsync(launch);
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseUrl, ViewportSize = new() { Width = 1366, Height = 900 } });
        context.SetDefaultTimeout(180_000);
        var review = await context.NewPageAsync();
        await SignInAsync(review);
        review.Console += (_, m) => { if (m.Text.Contains("review:") || m.Text.Contains("Connection")) Console.WriteLine($"  page: {m.Text}"); };
        await review.GotoAsync($"/projects/{projectId}/tracks/{trackId}/review");
        await review.Locator("[data-testid=review-live][data-state=live]").WaitForAsync();
        await review.Locator("[data-testid=review-source][data-kind=mix] canvas[data-drawn=peaks]").WaitForAsync();

        var engineerContext = await engineerBrowser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseUrl, ViewportSize = new() { Width = 1366, Height = 900 } });
        engineerContext.SetDefaultTimeout(180_000);
        var workspace = await engineerContext.NewPageAsync();
        await SignInAsync(workspace);
        await workspace.GotoAsync($"/projects/{projectId}/tracks/{trackId}/workspace");
        await workspace.Locator("#circuit-ready").WaitForAsync(new() { State = WaitForSelectorState.Attached });

        var latencies = new List<double>();
        var missed = 0;
        for (var n = 1; n <= runs; n++)
        {
            await workspace.GetByTestId("render-revision").ClickAsync();
            var row = review.Locator($"[data-testid=review-source][data-kind=revision][data-revision=\"{n}\"]");
            await row.Locator("canvas[data-drawn=peaks]").WaitForAsync();
            var key = await row.GetAttributeAsync("data-key");
            // The push that carried the waveform records its timing one frame after drawing; a page that was
            // reconnecting at that moment drew the revision from its catch-up read instead, and is counted apart.
            var ready = default(JsonElement);
            for (var attempt = 0; attempt < 50 && ready.ValueKind != JsonValueKind.Object; attempt++)
            {
                var timings = JsonSerializer.Deserialize<JsonElement[]>(await review.EvaluateAsync<string>("() => JSON.stringify(globalThis.__reviewTimings)"))!;
                ready = timings.FirstOrDefault(t => t.GetProperty("key").GetString() == key && t.GetProperty("state").GetString() == "ready");
                if (ready.ValueKind != JsonValueKind.Object) await Task.Delay(100);
            }
            if (ready.ValueKind != JsonValueKind.Object)
            {
                missed++;
                Console.WriteLine($"revision {n}: drawn from the page's catch-up read (no live push reached it)");
            }
            else
            {
                var ms = ready.GetProperty("drawnAt").GetDouble() - ready.GetProperty("finishedAt").GetDouble();
                latencies.Add(ms);
                Console.WriteLine($"revision {n}: render finished → waveform drawn {ms:0} ms");
            }
            await workspace.Locator($"[data-testid=revision-card][data-revision=\"{n}\"][data-status=Ready]").WaitForAsync();
        }
        if (latencies.Count == 0) throw new InvalidOperationException("No run was measured: no live push reached the page.");
        latencies.Sort();
        Console.WriteLine($"RESULT runs={runs} measured={latencies.Count} missed={missed} mix={seconds:0}s median={latencies[latencies.Count / 2]:0}ms worst={latencies[^1]:0}ms best={latencies[0]:0}ms");
    }

    static async Task SignInAsync(IPage page)
    {
        await page.GotoAsync("/account/login");
        await page.FillAsync("#email", DemoSeeder.EngineerEmail);
        await page.FillAsync("#password", DemoSeeder.Password);
        await page.ClickAsync("button[type=submit]");
        await page.Locator("#circuit-ready").WaitForAsync(new() { State = WaitForSelectorState.Attached });
    }
}
