using MasteringPortal.Testing;
using Microsoft.Playwright;

namespace MasteringPortal.Browser.Tests;

/// <summary>
/// One running portal (seeded demo studio, own SQLite and storage) served by Kestrel on a loopback port,
/// and one headless Debian Chromium driven by Playwright. Shared by every browser test in the collection.
/// </summary>
public class PortalBrowserFixture : IAsyncLifetime
{
    /// <summary>The shared demo portal: its renders make the platform copies, which "as played on" plays (AsPlayedBrowserTests).</summary>
    public PortalBrowserFixture() : this(seedDemo: true) => Factory.Settings["Jobs:PlatformCopies"] = "true";

    /// <summary>A portal with the demo off starts with no studio: its set-up page and the code in its log.</summary>
    protected PortalBrowserFixture(bool seedDemo) => Factory = new(seedDemo);

    public PortalFactory Factory { get; }

    /// <summary>The loopback port to serve the portal on; 0 (the default) takes any free one.</summary>
    protected int Port { get; set; }

    public string BaseUrl { get; private set; } = "";

    public IPlaywright Playwright { get; private set; } = default!;

    public IBrowser Browser { get; private set; } = default!;

    public static string ChromiumPath => Environment.GetEnvironmentVariable("MP_CHROMIUM") ?? "/usr/bin/chromium";

    public async Task InitializeAsync()
    {
        BaseUrl = Factory.StartKestrel(Port);
        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await LaunchChromiumAsync(Playwright);
    }

    /// <summary>Debian's Chromium, headless, quiet, allowed to play audio without a gesture.</summary>
    public static Task<IBrowser> LaunchChromiumAsync(IPlaywright playwright) => playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
    {
        ExecutablePath = ChromiumPath,
        Headless = true,
        Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-quic", "--autoplay-policy=no-user-gesture-required"],
    });

    /// <summary>
    /// A fresh browser context (its own cookies), phone-sized when asked, audited for accessibility: every page it
    /// shows is checked by the running test's <see cref="AccessibilityAudit"/> (see <see cref="AuditedBrowserTest"/>).
    /// It asks for reduced motion unless told otherwise: spinners and indeterminate bars then stand still (app.css),
    /// which spares headless Chromium about a fifth of a core per spinner on screen while a test waits for a job.
    /// </summary>
    public async Task<IPage> NewPageAsync(bool phone = false, bool reducedMotion = true)
    {
        var audit = currentAudit ?? throw new InvalidOperationException(
            $"Browser tests derive from {nameof(AuditedBrowserTest)}: it audits every page the test visits for accessibility.");
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl,
            ViewportSize = phone ? new ViewportSize { Width = 390, Height = 844 } : new ViewportSize { Width = 1366, Height = 900 },
            ReducedMotion = reducedMotion ? ReducedMotion.Reduce : ReducedMotion.NoPreference,
        });
        context.SetDefaultTimeout(20_000);
        lock (contexts) contexts.Add(context);
        audit.Watch(context);
        var page = await context.NewPageAsync();
        // Anything the Content-Security-Policy blocks is reported on the console: a page that needs it is broken.
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
                CspViolations.Enqueue($"{page.Url}: {message.Text}");
        };
        return page;
    }

    AccessibilityAudit? currentAudit;
    readonly List<IBrowserContext> contexts = [];

    /// <summary>Starts the audit of one test: the pages opened from now on are audited by it.</summary>
    public void BeginAudit()
    {
        currentAudit = new AccessibilityAudit();
        lock (contexts) contexts.Clear();
    }

    /// <summary>
    /// Ends the running test's audit: waits for it, closes the test's browser contexts, and fails with the list of
    /// problems when any page it visited broke a rule.
    /// </summary>
    public async Task EndAuditAsync()
    {
        var audit = currentAudit;
        currentAudit = null;
        if (audit is null) return;
        try
        {
            await audit.AssertNoViolationsAsync();
        }
        finally
        {
            AccessibilityAudit.Record(audit);
            IBrowserContext[] opened;
            lock (contexts) { opened = contexts.ToArray(); contexts.Clear(); }
            foreach (var context in opened)
            {
                try { await context.CloseAsync(); }
                catch (PlaywrightException) { } // the test closed it already, or the browser went
            }
        }
    }

    /// <summary>What the Content-Security-Policy refused on any page of this fixture, with the page's address.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<string> CspViolations { get; } = new();

    /// <summary>Signs in through the real sign-in form and waits until the landing page is interactive.</summary>
    public async Task SignInAsync(IPage page, string email, string password)
    {
        await page.GotoAsync("/account/login");
        await page.FillAsync("#email", email);
        await page.FillAsync("#password", password);
        await page.ClickAsync("button[type=submit]");
        await WaitForCircuitAsync(page);
    }

    /// <summary>Blazor Server prerenders: clicks before the circuit is connected are lost, so wait for it.</summary>
    public static Task WaitForCircuitAsync(IPage page) =>
        page.Locator("#circuit-ready").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });

    /// <summary>
    /// Waits for <paramref name="locator"/>; when it does not appear, the failure says what the page showed instead
    /// (its visible text and whether the circuit was up), so a failure on a loaded CI machine can be read from the log.
    /// </summary>
    public static async Task WaitOrExplainAsync(IPage page, ILocator locator, float timeoutMs = 20_000, CapturedLogs? log = null)
    {
        try
        {
            await locator.WaitForAsync(new LocatorWaitForOptions { Timeout = timeoutMs });
        }
        catch (TimeoutException timeout)
        {
            var text = await page.InnerTextAsync("body", new PageInnerTextOptions { Timeout = 5_000 });
            var circuit = await page.Locator("#circuit-ready").CountAsync() > 0 ? "connected" : "not connected";
            var errorUi = await page.Locator("#blazor-error-ui").IsVisibleAsync() ? "; the error bar is showing" : "";
            // The portal's own account: the last lines it logged with an exception (a circuit that failed says why here).
            var failures = log?.Lines.Where(l => l.Contains("Exception", StringComparison.Ordinal)).TakeLast(3).ToList() ?? [];
            // What it looked like and what it held, kept beside the screenshots for whoever reads the failure.
            var name = "timeout-" + DateTime.UtcNow.ToString("HHmmss-fff", System.Globalization.CultureInfo.InvariantCulture);
            var shot = await ScreenshotAsync(page, name);
            await File.WriteAllTextAsync(Path.ChangeExtension(shot, ".html"), await page.ContentAsync());
            var logged = failures.Count == 0 ? "" : "\nThe portal logged:\n" + string.Join("\n---\n", failures.Select(l => l.Length > 4000 ? l[..4000] + "…" : l));
            throw new TimeoutException($"{timeout.Message}\nThe circuit was {circuit}{errorUi}. The page showed:\n" +
                                       (text.Length > 3000 ? text[..3000] + "…" : text) + logged + $"\n(Screenshot and HTML: {shot}, .html)", timeout);
        }
    }

    /// <summary>$MP_TEST_OUTPUT (test-output/ by default): screenshots, the accessibility audit, step timings.</summary>
    public static string OutputDirectory => Directory.CreateDirectory(Environment.GetEnvironmentVariable("MP_TEST_OUTPUT")
                                                                      ?? Path.Combine(PortalFactory.RepositoryRoot, "test-output")).FullName;

    /// <summary>Saves a full-page screenshot under $MP_TEST_OUTPUT/screenshots (test-output/ by default).</summary>
    public static async Task<string> ScreenshotAsync(IPage page, string name)
    {
        var dir = Path.Combine(OutputDirectory, "screenshots");
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        Playwright?.Dispose();
        await Factory.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class PortalBrowserCollection : ICollectionFixture<PortalBrowserFixture>
{
    public const string Name = "portal in a browser";
}
