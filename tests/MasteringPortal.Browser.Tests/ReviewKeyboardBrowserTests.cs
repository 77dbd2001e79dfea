using System.Text.RegularExpressions;
using MasteringPortal.Testing;
using MasteringPortal.Web.Demo;
using Microsoft.Playwright;

namespace MasteringPortal.Browser.Tests;

/// <summary>
/// The review page with the keyboard alone: the client reaches the player, comments on the revision at the playhead
/// and asks for changes using only Tab, Enter, Space and typing. No mouse click on the page.
/// </summary>
[Collection(PortalBrowserCollection.Name)]
public sealed class ReviewKeyboardBrowserTests(PortalBrowserFixture portal) : AuditedBrowserTest(portal)
{
    [Fact]
    public async Task The_client_plays_comments_at_the_playhead_and_asks_for_changes_with_the_keyboard_only()
    {
        var (projectId, trackId) = await TestSongs.NewProjectWithMixAsync(portal.Factory.Services, "Keyboard Song");
        var engineer = await portal.NewPageAsync();
        await portal.SignInAsync(engineer, DemoSeeder.EngineerEmail, DemoSeeder.Password);
        await ReviewBrowserTests.RenderAndPostAsync(engineer, projectId, trackId, 1, "First pass for the keyboard.");

        var client = await portal.NewPageAsync();
        await portal.SignInAsync(client, DemoSeeder.ClientEmail, DemoSeeder.Password);
        await client.GotoAsync($"/projects/{projectId}/tracks/{trackId}/review");
        await PortalBrowserFixture.WaitForCircuitAsync(client);
        var first = client.Locator("[data-testid=review-source][data-kind=revision][data-revision=\"1\"]");
        await Assertions.Expect(first.GetByTestId("review-waveform")).ToHaveAttributeAsync("data-drawn", "peaks", new() { Timeout = 60_000 });
        await Assertions.Expect(first).ToHaveAttributeAsync("aria-current", "true");

        // The player: Tab to the play button, Enter plays, Space pauses a moment later.
        var play = client.GetByTestId("review-play");
        await KeyboardFocus.TabToAsync(client, play);
        await client.Keyboard.PressAsync("Enter");
        await Assertions.Expect(play).ToHaveAttributeAsync("aria-label", "Pause");
        await Assertions.Expect(client.GetByTestId("review-time")).Not.ToHaveTextAsync(new Regex(@"^0:00\b"));
        await client.Keyboard.PressAsync(" ");
        await Assertions.Expect(play).ToHaveAttributeAsync("aria-label", "Play");
        var playhead = await client.GetByTestId("review-time").InnerTextAsync();

        // The comment composer: "Comment at this moment" opens it on revision 1 at the playhead, with the focus in it.
        var commentHere = client.GetByTestId("review-comment-here");
        await KeyboardFocus.TabToAsync(client, commentHere);
        await client.Keyboard.PressAsync("Enter");
        await Assertions.Expect(client.GetByTestId("comment-target")).ToContainTextAsync($"On Revision 1 at {playhead.Split(' ')[0]}");
        await Assertions.Expect(client.GetByTestId("comment-text")).ToBeFocusedAsync();
        await client.Keyboard.TypeAsync("The snare is too loud right here.");
        await KeyboardFocus.TabToAsync(client, client.GetByTestId("comment-send"));
        await client.Keyboard.PressAsync("Enter");
        await Assertions.Expect(client.GetByTestId("comment-thread")).ToHaveCountAsync(1);
        Assert.Contains($"Revision 1 · {playhead.Split(' ')[0]}", await client.GetByTestId("comment-time").InnerTextAsync());
        // The focus goes back to the button that opened the composer, so the next Tab carries on from the player.
        await Assertions.Expect(commentHere).ToBeFocusedAsync();

        // On through the numbers table (a scrollable region the keyboard can reach) to the decision panel.
        await KeyboardFocus.TabToAsync(client, client.GetByTestId("review-numbers-host").Locator("[role=region]"));
        await KeyboardFocus.TabToAsync(client, client.GetByTestId("change-notes"));
        await client.Keyboard.TypeAsync("Please bring the vocal forward in the chorus.");
        await KeyboardFocus.TabToAsync(client, client.GetByTestId("request-changes"));
        await client.Keyboard.PressAsync(" ");
        await Assertions.Expect(client.GetByTestId("project-status")).ToHaveTextAsync("Changes requested");
        await PortalBrowserFixture.ScreenshotAsync(client, "review-keyboard-changes-requested");

        // At a 1280-pixel desktop width the numbers table shows every column beside the comments: nothing cut off.
        await client.SetViewportSizeAsync(1280, 900);
        var table = client.GetByTestId("review-numbers-host").Locator("[role=region]");
        await Assertions.Expect(client.GetByTestId("review-numbers-row")).ToHaveCountAsync(2);
        var widths = await table.EvaluateAsync<int[]>("e => [e.scrollWidth, e.clientWidth]");
        var (scroll, shown) = (widths[0], widths[1]);
        Assert.True(scroll <= shown, $"The numbers table is {scroll} px wide in a {shown} px box at 1280 px: its last columns are cut off.");
        await PortalBrowserFixture.ScreenshotAsync(client, "review-keyboard-1280");
    }
}
