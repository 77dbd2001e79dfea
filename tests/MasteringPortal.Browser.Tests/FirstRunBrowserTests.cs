using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace MasteringPortal.Browser.Tests;

/// <summary>A portal started with the demo off, as a real studio installs it.</summary>
public sealed class FreshPortalFixture() : PortalBrowserFixture(seedDemo: false);

/// <summary>
/// From an empty database: the set-up page opened with the code from the server's log, the owner's studio, an engineer
/// invited from the team page who signs up from the link and sees the studio.
/// </summary>
public sealed partial class FirstRunBrowserTests(FreshPortalFixture portal) : AuditedBrowserTest(portal), IClassFixture<FreshPortalFixture>
{
    [GeneratedRegex("set-up code ([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})")]
    private static partial Regex CodeInLog();

    [Fact]
    public async Task Set_up_with_the_logged_code_then_the_owner_invites_an_engineer_who_signs_up()
    {
        var code = portal.Factory.Logs.Lines.Select(l => CodeInLog().Match(l)).Last(m => m.Success).Groups[1].Value;

        var owner = await portal.NewPageAsync(phone: true);
        await owner.GotoAsync("/");
        Assert.EndsWith("/setup", new Uri(owner.Url).AbsolutePath);
        await owner.FillAsync("#code", code);
        await owner.FillAsync("#studio", "Quiet Pier Mastering");
        await owner.FillAsync("#currency", "EUR");
        await owner.FillAsync("#name", "Hanna Sorel");
        await owner.FillAsync("#email", "hanna@quietpier.example");
        await owner.FillAsync("#password", "salt wind over the pier");
        await owner.FillAsync("#confirm", "salt wind over the pier");
        await PortalBrowserFixture.ScreenshotAsync(owner, "phone-setup");
        await owner.ClickAsync("button[type=submit]");
        await PortalBrowserFixture.WaitForCircuitAsync(owner);
        Assert.EndsWith("/studio", new Uri(owner.Url).AbsolutePath);

        // Signed out and in again with the new account, as the owner will tomorrow.
        await owner.Context.ClearCookiesAsync();
        await portal.SignInAsync(owner, "hanna@quietpier.example", "salt wind over the pier");
        await owner.GotoAsync("/studio/team");
        await PortalBrowserFixture.WaitForCircuitAsync(owner);
        await owner.GetByTestId("team-email").FillAsync("eli@quietpier.example");
        await owner.GetByTestId("team-invite").ClickAsync();
        await PortalBrowserFixture.WaitOrExplainAsync(owner, owner.GetByTestId("team-invitation-url"));
        var url = await owner.GetByTestId("team-invitation-url").InputValueAsync();
        Assert.Contains("/account/signup?token=", url);
        await PortalBrowserFixture.ScreenshotAsync(owner, "phone-team-invitation");

        var engineer = await portal.NewPageAsync();
        await engineer.GotoAsync(url);
        Assert.Contains("as an engineer", await engineer.InnerTextAsync("body"));
        await engineer.FillAsync("#name", "Eli Brandt");
        await engineer.FillAsync("#password", "lighthouse at low tide");
        await engineer.FillAsync("#confirm", "lighthouse at low tide");
        await engineer.ClickAsync("button[type=submit]");
        await PortalBrowserFixture.WaitForCircuitAsync(engineer);
        Assert.EndsWith("/engineer", new Uri(engineer.Url).AbsolutePath);
        await PortalBrowserFixture.WaitOrExplainAsync(engineer, engineer.GetByTestId("signed-in-as"));
        Assert.DoesNotContain("Demo studio", await engineer.InnerTextAsync("body"));

        // The owner's team page lists the new engineer.
        await owner.ReloadAsync();
        await PortalBrowserFixture.WaitForCircuitAsync(owner);
        await PortalBrowserFixture.WaitOrExplainAsync(owner, owner.GetByTestId("team-member").Filter(new() { HasText = "Eli Brandt" }));
    }
}
