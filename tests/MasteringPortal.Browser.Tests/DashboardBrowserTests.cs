using MasteringPortal.Web.Demo;
using Microsoft.Playwright;

namespace MasteringPortal.Browser.Tests;

/// <summary>Signing in on the real pages lands each role on its own dashboard, with the seeded projects it may see.</summary>
[Collection(PortalBrowserCollection.Name)]
public sealed class DashboardBrowserTests(PortalBrowserFixture portal) : AuditedBrowserTest(portal)
{
    // Seeded by DemoSeeder: Ava's and Ben's projects.
    static readonly string[] AvaTitles = ["Paper Lanterns", "Tidewater EP", "Glasshouse"];
    static readonly string[] BenTitles = ["Late Bus Home", "Blue Hour Sessions"];

    [Fact]
    public async Task Engineer_signs_in_and_sees_every_seeded_project_grouped_by_status()
    {
        var page = await portal.NewPageAsync();
        await portal.SignInAsync(page, DemoSeeder.EngineerEmail, DemoSeeder.Password);
        var dashboard = page.GetByTestId("engineer-dashboard");
        await dashboard.WaitForAsync();
        Assert.EndsWith("/engineer", page.Url);
        foreach (var title in AvaTitles.Concat(BenTitles))
            Assert.Equal(1, await dashboard.GetByTestId("project-title").GetByText(title, new() { Exact = true }).CountAsync());
        Assert.True(await page.GetByTestId("status-group").CountAsync() >= 4);
        Assert.Equal(1, await page.GetByTestId("overdue").CountAsync()); // "Late Bus Home" was due yesterday
        Assert.Contains("Waiting for you: revision 2 requested 3 days ago",
            await page.GetByTestId("waiting-on").AllInnerTextsAsync());
        await PortalBrowserFixture.ScreenshotAsync(page, "engineer-dashboard");

        // The engineer opens a project: tracks, brief, quote and timeline are there.
        await page.GetByTestId("project-title").GetByText("Tidewater EP").ClickAsync();
        await page.GetByTestId("project-page").WaitForAsync();
        await PortalBrowserFixture.WaitForCircuitAsync(page);
        Assert.Equal(3, await page.GetByTestId("track").CountAsync());
        Assert.True(await page.GetByTestId("timeline-entry").CountAsync() >= 4);
        Assert.Equal(3, await page.GetByTestId("mix-upload").CountAsync()); // the engineer may send a corrected mix for each track
        Assert.Equal(3, await page.GetByTestId("open-workspace").CountAsync());
        await PortalBrowserFixture.ScreenshotAsync(page, "engineer-project");
    }

    /// <summary>
    /// A person whose system asks for less motion gets spinners and loading bars that stand still (app.css); everyone
    /// else gets MudBlazor's moving ones. Checked on the markup MudBlazor draws for an indeterminate MudProgressCircular
    /// and MudProgressLinear, placed in a real page with the portal's stylesheets, both ways.
    /// </summary>
    [Fact]
    public async Task Spinners_and_loading_bars_stand_still_for_a_person_who_asked_for_less_motion()
    {
        const string script = """
            async () => {
              const host = document.createElement('div');
              host.style.width = '300px';
              host.innerHTML =
                '<div class="mud-progress-circular mud-default-text mud-progress-medium mud-progress-indeterminate" role="progressbar">' +
                '<svg class="mud-progress-circular-svg" viewBox="22 22 44 44"><circle class="mud-progress-circular-circle mud-progress-indeterminate" cx="44" cy="44" r="20" fill="none" stroke-width="3.6"></circle></svg></div>' +
                '<div class="mud-progress-linear mud-progress-linear-color-primary mud-progress-indeterminate horizontal" role="progressbar" style="height:4px">' +
                '<div class="mud-progress-linear-bars"><div class="mud-progress-linear-bar"></div><div class="mud-progress-linear-bar last"></div></div></div>';
              document.body.appendChild(host);
              await new Promise(r => setTimeout(r, 200));
              const moving = document.getAnimations().filter(a => host.contains(a.effect.target) && a.playState === 'running').length;
              const track = host.querySelector('.mud-progress-linear').getBoundingClientRect().width;
              const bar = host.querySelector('.mud-progress-linear-bar').getBoundingClientRect().width;
              const dash = getComputedStyle(host.querySelector('circle')).strokeDasharray;
              host.remove();
              return { moving, track, bar, dash };
            }
            """;
        foreach (var reduced in new[] { true, false })
        {
            var page = await portal.NewPageAsync(reducedMotion: reduced);
            await page.GotoAsync("/account/login");
            var found = await page.EvaluateAsync<System.Text.Json.JsonElement>(script);
            var moving = found.GetProperty("moving").GetInt32();
            if (reduced)
            {
                Assert.True(moving == 0, $"with less motion asked for, {moving} animations still run on a spinner and a loading bar");
                // Still, but still showing something: the spinner's arc, and the bar across its whole track.
                Assert.Equal("80px, 200px", found.GetProperty("dash").GetString());
                Assert.Equal(found.GetProperty("track").GetDouble(), found.GetProperty("bar").GetDouble(), 1);
            }
            else
                Assert.True(moving >= 3, $"without a motion preference MudBlazor's spinner and bar should move: {moving} animations run");
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task A_link_followed_before_the_page_is_live_loads_the_next_page_in_full()
    {
        // Before its circuit is connected, a page is only its prerendered HTML. A link followed then used to be fetched and
        // patched into the page (enhanced navigation) while the old page's circuit was still starting; that circuit could
        // then draw the old page over the new one (the new address, the old page: seen on a loaded machine). Now such a
        // link loads the next page as a new document, which no old circuit can draw over; once the circuit is up, links
        // stay inside it as before. The circuit's start is held here (its negotiation waits) so the link is surely early.
        var page = await portal.NewPageAsync();
        await portal.SignInAsync(page, DemoSeeder.EngineerEmail, DemoSeeder.Password);
        var circuitMayStart = new TaskCompletionSource();
        await page.RouteAsync("**/_blazor/negotiate**", async route =>
        {
            await circuitMayStart.Task;
            await route.ContinueAsync();
        });
        await page.GotoAsync("/engineer");
        await page.GetByTestId("engineer-dashboard").WaitForAsync();
        Assert.Equal(0, await page.Locator("#circuit-ready").CountAsync());
        await page.EvaluateAsync("() => { window.sameDocument = true; }");

        await page.GetByTestId("project-card").GetByTestId("project-title").GetByText("Tidewater EP").ClickAsync();
        await PortalBrowserFixture.WaitOrExplainAsync(page, page.GetByTestId("project-page"), log: portal.Factory.Logs);
        Assert.False(await page.EvaluateAsync<bool>("() => window.sameDocument === true"), "the early link was patched into the old document");

        // The new page's own circuit starts and keeps the page it was started for.
        circuitMayStart.SetResult();
        await PortalBrowserFixture.WaitForCircuitAsync(page);
        await Assertions.Expect(page.GetByTestId("project-page")).ToBeVisibleAsync();
        Assert.Contains("/projects/", page.Url);

        // Live, a link is followed inside the circuit: the same document.
        await page.EvaluateAsync("() => { window.sameDocument = true; }");
        await page.GetByRole(AriaRole.Link, new() { Name = "Dashboard", Exact = true }).ClickAsync();
        await page.GetByTestId("engineer-dashboard").WaitForAsync();
        Assert.True(await page.EvaluateAsync<bool>("() => window.sameDocument === true"), "a live link reloaded the page");
    }

    [Fact]
    public async Task Client_signs_in_and_sees_only_their_own_projects_and_what_is_asked_of_them()
    {
        var page = await portal.NewPageAsync();
        await portal.SignInAsync(page, DemoSeeder.ClientEmail, DemoSeeder.Password);
        var dashboard = page.GetByTestId("client-dashboard");
        await dashboard.WaitForAsync();
        Assert.EndsWith("/client", page.Url);
        var content = await dashboard.InnerTextAsync();
        Assert.All(AvaTitles, t => Assert.Contains(t, content));
        Assert.All(BenTitles, t => Assert.DoesNotContain(t, content));
        var asked = await page.GetByTestId("asked-item").AllInnerTextsAsync();
        Assert.Contains(asked, a => a.StartsWith("Review revision 1") && a.Contains("Tidewater EP"));
        Assert.Contains(asked, a => a.StartsWith("Pay") && a.Contains("Glasshouse"));
        await PortalBrowserFixture.ScreenshotAsync(page, "client-dashboard");
    }

    [Fact]
    public async Task Client_fills_the_brief_on_a_phone_sized_screen_and_saves_it()
    {
        var page = await portal.NewPageAsync(phone: true);
        await portal.SignInAsync(page, DemoSeeder.ClientEmail, DemoSeeder.Password);
        await page.GetByTestId("client-dashboard").WaitForAsync();
        await PortalBrowserFixture.ScreenshotAsync(page, "phone-client-dashboard");

        await page.GetByTestId("project-title").GetByText("Paper Lanterns").ClickAsync();
        await page.GetByTestId("project-page").WaitForAsync();
        await PortalBrowserFixture.WaitForCircuitAsync(page);
        await page.GetByTestId("genre").FillAsync("Indie folk, acoustic");
        await page.GetByTestId("genre").BlurAsync();
        await page.GetByTestId("save-brief").ClickAsync();
        await page.GetByText("Brief saved.").WaitForAsync();

        // Nothing is wider than the phone: no sideways scrolling.
        var scrollWidth = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.True(scrollWidth <= 390, $"The project page is {scrollWidth} px wide on a 390 px phone.");
        await PortalBrowserFixture.ScreenshotAsync(page, "phone-project");

        await page.ReloadAsync();
        await PortalBrowserFixture.WaitForCircuitAsync(page);
        Assert.Equal("Indie folk, acoustic", await page.GetByTestId("genre").InputValueAsync());
    }
}
