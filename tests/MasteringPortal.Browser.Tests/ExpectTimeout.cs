using System.Runtime.CompilerServices;
using Microsoft.Playwright;

namespace MasteringPortal.Browser.Tests;

/// <summary>
/// Playwright's web-first assertions wait 5 s by default. In CI this project runs beside the Audio, Web and Core
/// projects on two cores, and a click whose answer comes back over the Blazor circuit (a comment sent, a status
/// changed) has taken longer than that there (a clean-clone run, 2026-12-06: the keyboard review test's comment took
/// over 5 s to appear). The tests check what the page shows, not how fast: every assertion without a timeout of its own
/// waits up to 20 s. A failing assertion still fails, only later.
/// </summary>
static class ExpectTimeout
{
    public const float DefaultMilliseconds = 20_000;

    [ModuleInitializer]
    internal static void Apply() => Assertions.SetDefaultExpectTimeout(DefaultMilliseconds);
}
