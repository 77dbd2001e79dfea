using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.RegularExpressions;
using MasteringPortal.Testing;
using Microsoft.Playwright;

namespace MasteringPortal.Browser.Tests;

/// <summary>
/// An axe-core audit (WCAG 2.0 and 2.1, levels A and AA) of every page a test visits. Watching a browser context, it
/// audits each distinct page (its path with ids blanked) once: when the main frame navigates, by a full load or by
/// Blazor's own navigation (which changes the address without a load event), it waits until the page is interactive
/// and its markup has settled, then runs axe-core in the page. <see cref="FinishAsync"/> waits for the audits still
/// running, audits the pages still open that no audit has covered yet, and returns what failed.
/// </summary>
public sealed partial class AccessibilityAudit
{
    /// <summary>The rule sets the audit runs: WCAG 2.0 and 2.1, levels A and AA.</summary>
    public static readonly string[] Tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

    static readonly Lazy<string> AxeSource = new(() =>
    {
        var path = Path.Combine(PortalFactory.RepositoryRoot, "node_modules", "axe-core", "axe.min.js");
        return File.Exists(path)
            ? File.ReadAllText(path)
            : throw new FileNotFoundException($"{path} is missing: run `npm ci` at the repository root (test.sh does).", path);
    });

    /// <summary>
    /// Every page audited in this test run, as its key and a fingerprint of its markup's structure (see
    /// <see cref="AuditScript"/>): a page a later test shows with the same structure (the sign-in page, an empty list) is
    /// counted as audited without running axe-core on it again. Text and ids do not enter the fingerprint; the elements,
    /// their classes, roles, labels and inline colours do, so any change axe-core could judge differently is audited.
    /// </summary>
    static readonly ConcurrentDictionary<string, byte> Fingerprints = new();
    static long axeMilliseconds, axeRuns, reused, reopened, coveredEarlier;

    /// <summary>The pages (keys) audited by any test of this run.</summary>
    static readonly ConcurrentDictionary<string, byte> AuditedKeys = new();

    readonly ConcurrentDictionary<string, byte> audited = new();
    readonly ConcurrentDictionary<string, byte> inFlight = new();
    readonly ConcurrentDictionary<string, (IPage Page, string Url)> visits = new();
    readonly ConcurrentQueue<string> violations = new();
    readonly ConcurrentQueue<string> failures = new();
    readonly List<Task> running = [];
    readonly List<IPage> pages = [];
    readonly object gate = new();

    /// <summary>The pages audited so far, as their keys (path with ids blanked).</summary>
    public IReadOnlyCollection<string> AuditedPages => audited.Keys.ToArray();

    /// <summary>Audits the pages of <paramref name="context"/>: the ones it has and every one it opens later.</summary>
    public void Watch(IBrowserContext context)
    {
        context.Page += (_, page) => Watch(page);
        foreach (var page in context.Pages) Watch(page);
    }

    void Watch(IPage page)
    {
        lock (gate)
        {
            if (pages.Contains(page)) return;
            pages.Add(page);
        }
        page.FrameNavigated += (_, frame) =>
        {
            if (frame == page.MainFrame) Schedule(page, frame.Url);
        };
    }

    /// <summary>The page's key: its path with every id (a GUID or a number) replaced, without the query.</summary>
    public static string KeyOf(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")) return "";
        return IdSegment().Replace(uri.AbsolutePath, "/{id}");
    }

    void Schedule(IPage page, string url)
    {
        var key = KeyOf(url);
        if (key == "") return;
        visits[key] = (page, url);
        if (audited.ContainsKey(key) || !inFlight.TryAdd(key, 0)) return;
        var audit = Task.Run(async () =>
        {
            try
            {
                await AuditAsync(page, key);
            }
            finally
            {
                inFlight.TryRemove(key, out _);
            }
        });
        lock (gate) running.Add(audit);
    }

    /// <summary>
    /// Runs axe-core once the page is ready. A page that navigates away (or closes) before the audit ends is simply
    /// not counted as audited: its next visit, or <see cref="FinishAsync"/>, audits it.
    /// </summary>
    async Task AuditAsync(IPage page, string key)
    {
        JsonElement? result;
        try
        {
            if (!await page.EvaluateAsync<bool>("() => typeof window.axe === 'object'").ConfigureAwait(false))
                await page.EvaluateAsync(AxeSource.Value).ConfigureAwait(false);
            var known = Fingerprints.Keys.Where(k => k.StartsWith(key + "|", StringComparison.Ordinal)).Select(k => k[(key.Length + 1)..]).ToArray();
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            result = await page.EvaluateAsync<JsonElement?>(AuditScript, new { key, tags = Tags, known }).ConfigureAwait(false);
            if (result is { ValueKind: JsonValueKind.Object } ran && ran.TryGetProperty("violations", out _))
            {
                Interlocked.Add(ref axeMilliseconds, (long)System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                Interlocked.Increment(ref axeRuns);
            }
        }
        catch (PlaywrightException) { return; } // the page navigated or closed under the audit
        catch (TimeoutException) { return; }
        if (result is not { ValueKind: JsonValueKind.Object } found) return;
        if (found.TryGetProperty("error", out var error))
        {
            failures.Enqueue($"{key}: axe-core could not run: {error.GetString()}");
            return;
        }
        if (found.TryGetProperty("same", out _))
        {
            if (audited.TryAdd(key, 0)) Interlocked.Increment(ref reused);
            return;
        }
        if (!audited.TryAdd(key, 0)) return;
        AuditedKeys.TryAdd(key, 0);
        Fingerprints.TryAdd(key + "|" + found.GetProperty("fingerprint").GetString(), 0);
        foreach (var rule in found.GetProperty("violations").EnumerateArray())
        foreach (var node in rule.GetProperty("nodes").EnumerateArray())
            violations.Enqueue($"{key}  [{rule.GetProperty("id").GetString()}] {node.GetProperty("target").GetString()}" +
                               $"\n      {rule.GetProperty("help").GetString()}: {node.GetProperty("summary").GetString()}" +
                               $"\n      {node.GetProperty("html").GetString()}");
    }

    /// <summary>
    /// Waits for the audits under way and audits each open page that no audit has covered yet. A page the test left
    /// before its audit could finish (it clicked on at once) is opened again at its last address, in a new tab of the
    /// same browser context (the same signed-in person), and audited there, unless an earlier test of this run audited
    /// that page (opened again it would show its fresh state, not the test's, so nothing new). Returns the violations found (one entry per
    /// element: page, rule, selector, what is wrong, its markup) and the audits that could not run.
    /// </summary>
    public async Task<IReadOnlyList<string>> FinishAsync()
    {
        await WaitForRunningAsync().ConfigureAwait(false);
        await AuditOpenPagesAsync().ConfigureAwait(false);
        var revisits = new List<IPage>();
        foreach (var (key, (page, url)) in visits.ToArray())
        {
            if (audited.ContainsKey(key)) continue;
            // Opened again it would show its fresh state, not the one the test left: a page an earlier test of this run
            // audited is not loaded a second time for that.
            if (AuditedKeys.ContainsKey(key))
            {
                audited.TryAdd(key, 0);
                Interlocked.Increment(ref coveredEarlier);
                continue;
            }
            try
            {
                var again = await page.Context.NewPageAsync().ConfigureAwait(false);
                revisits.Add(again);
                Interlocked.Increment(ref reopened);
                await again.GotoAsync(url).ConfigureAwait(false);
            }
            catch (PlaywrightException) { } // the test closed that browser, or the address no longer answers
        }
        await WaitForRunningAsync().ConfigureAwait(false);
        foreach (var page in revisits)
        {
            try { await page.CloseAsync().ConfigureAwait(false); }
            catch (PlaywrightException) { }
        }
        return [.. violations, .. failures];
    }

    /// <summary>The pages visited that no audit covered: their contexts were closed before the test ended.</summary>
    public IReadOnlyCollection<string> UnauditedPages => visits.Keys.Where(k => !audited.ContainsKey(k)).ToArray();

    async Task WaitForRunningAsync()
    {
        while (true)
        {
            Task[] pending;
            lock (gate) pending = running.Where(t => !t.IsCompleted).ToArray();
            if (pending.Length == 0) return;
            await Task.WhenAll(pending).ConfigureAwait(false);
        }
    }

    async Task AuditOpenPagesAsync()
    {
        IPage[] open;
        lock (gate) open = pages.Where(p => !p.IsClosed).ToArray();
        foreach (var page in open)
        {
            var key = KeyOf(page.Url);
            if (key != "" && !audited.ContainsKey(key) && inFlight.TryAdd(key, 0))
            {
                try { await AuditAsync(page, key).ConfigureAwait(false); }
                finally { inFlight.TryRemove(key, out _); }
            }
        }
    }

    /// <summary>Fails with a readable list when any audited page broke a rule.</summary>
    public async Task AssertNoViolationsAsync()
    {
        var found = await FinishAsync().ConfigureAwait(false);
        if (found.Count == 0) return;
        throw new Xunit.Sdk.XunitException(
            $"The accessibility audit (axe-core, {string.Join(", ", Tags)}) found {found.Count} problem(s) on the pages " +
            $"this test visited (audited: {string.Join(", ", AuditedPages.Order())}" +
            (UnauditedPages.Count > 0 ? $"; not audited, their browser closed first: {string.Join(", ", UnauditedPages.Order())}" : "") +
            "):\n  " + string.Join("\n  ", found));
    }

    static readonly object RecordGate = new();

    /// <summary>
    /// Appends what one test's audit covered to $MP_TEST_OUTPUT/accessibility-audit.log (test-output/ by default), so
    /// a run shows which pages were audited and how often: one line per test.
    /// </summary>
    public static void Record(AccessibilityAudit audit)
    {
        var dir = Environment.GetEnvironmentVariable("MP_TEST_OUTPUT") ?? Path.Combine(PortalFactory.RepositoryRoot, "test-output");
        Directory.CreateDirectory(dir);
        var line = $"{DateTime.UtcNow:O} audited: {string.Join(" ", audit.AuditedPages.Order())}" +
                   (audit.UnauditedPages.Count > 0 ? $" | not audited: {string.Join(" ", audit.UnauditedPages.Order())}" : "") +
                   $" | problems: {audit.violations.Count + audit.failures.Count}" +
                   $" | run so far: axe-core ran {Interlocked.Read(ref axeRuns)} times in {Interlocked.Read(ref axeMilliseconds) / 1000.0:F1} s," +
                   $" {Interlocked.Read(ref reused)} pages had markup already audited," +
                   $" {Interlocked.Read(ref reopened)} pages left before their audit were opened again for it," +
                   $" {Interlocked.Read(ref coveredEarlier)} were not as an earlier test had audited them\n";
        lock (RecordGate) File.AppendAllText(Path.Combine(dir, "accessibility-audit.log"), line);
    }

    [GeneratedRegex("/([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|[0-9]+)(?=/|$)")]
    private static partial Regex IdSegment();

    /// <summary>
    /// In the page: waits until it is interactive (the layout's circuit marker, or no interactive component on a plain
    /// server-rendered page) and its markup has been still for a moment, then runs axe-core with animations and
    /// transitions off. Returns null when the page moved on to another address meanwhile, and { same } without running
    /// axe-core when the markup's fingerprint is one of <c>known</c> (already audited in this run). The fingerprint
    /// covers each element's tag, classes, role, type, test id, which labelling attributes it has, whether it holds
    /// text, and its inline colours and opacity; siblings with the same fingerprint count once, so a list of two projects
    /// and one of seven are alike. Audits on one page run one after another (axe runs one at a time).
    /// </summary>
    const string AuditScript = """
        async ({ key, tags, known }) => {
          const keyOf = () => location.pathname.replace(/\/([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|[0-9]+)(?=\/|$)/g, '/{id}');
          const sleep = ms => new Promise(r => setTimeout(r, ms));
          const interactiveMarkers = () => {
            const walker = document.createTreeWalker(document, NodeFilter.SHOW_COMMENT);
            for (let n = walker.nextNode(); n; n = walker.nextNode())
              if (n.data.includes('"type":"server"')) return true;
            return false;
          };
          const ready = () => document.readyState !== 'loading'
            && (document.getElementById('circuit-ready') !== null || !interactiveMarkers());
          const still = (quietMs, capMs) => new Promise(resolve => {
            let timer;
            const done = () => { observer.disconnect(); clearTimeout(cap); resolve(); };
            const observer = new MutationObserver(() => { clearTimeout(timer); timer = setTimeout(done, quietMs); });
            observer.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
            timer = setTimeout(done, quietMs);
            const cap = setTimeout(done, capMs);
          });
          // While axe looks, animations and transitions are off, so each element shows its resting look: a snackbar
          // half faded in or out has colours that are neither its own nor the page's.
          const calm = () => {
            const style = document.createElement('style');
            style.textContent = '*, *::before, *::after { animation: none !important; transition: none !important; }';
            document.head.appendChild(style);
            return style;
          };
          const fingerprint = () => {
            const hash = text => {
              let h1 = 0xdeadbeef, h2 = 0x41c6ce57;
              for (let i = 0; i < text.length; i++) {
                const c = text.charCodeAt(i);
                h1 = Math.imul(h1 ^ c, 2654435761);
                h2 = Math.imul(h2 ^ c, 1597334677);
              }
              return (h2 >>> 0).toString(16) + (h1 >>> 0).toString(16);
            };
            const labels = ['aria-label', 'aria-labelledby', 'aria-describedby', 'title', 'alt', 'for', 'tabindex', 'disabled', 'aria-hidden'];
            const of = el => {
              const own = el.tagName + ' ' + (el.getAttribute('class') || '') + ' ' + (el.getAttribute('role') || '') + ' '
                + (el.getAttribute('type') || '') + ' ' + (el.getAttribute('data-testid') || '') + ' '
                + labels.filter(a => el.hasAttribute(a)).join(',') + ' '
                + [...el.childNodes].some(n => n.nodeType === 3 && n.data.trim() !== '') + ' '
                + el.style.color + ' ' + el.style.backgroundColor + ' ' + el.style.opacity;
              // Siblings alike (a list's rows, a table's cells) count once: two projects or seven make the same page.
              const children = [...new Set([...el.children].map(of))];
              return hash(own + '[' + children.join(',') + ']');
            };
            return of(document.body);
          };
          const run = async () => {
            for (let waited = 0; !ready(); waited += 100) {
              if (waited > 20000 || keyOf() !== key) return null;
              await sleep(100);
            }
            await still(300, 3000);
            if (keyOf() !== key) return null;
            const print = fingerprint();
            if (known.includes(print)) return { same: print };
            const resting = calm();
            try {
              const result = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] })
                .finally(() => resting.remove());
              if (keyOf() !== key) return null;
              return { fingerprint: print, violations: result.violations.map(v => ({
                id: v.id, help: v.help,
                nodes: v.nodes.map(n => ({ target: n.target.join(' '), html: (n.html || '').slice(0, 160),
                                           summary: (n.failureSummary || '').replace(/\s+/g, ' ').trim() })) })) };
            } catch (e) {
              return { error: String(e && e.message || e) };
            }
          };
          const chained = (window.__portalAudit || Promise.resolve()).then(run, run);
          window.__portalAudit = chained.catch(() => null);
          return await chained;
        }
        """;
}
