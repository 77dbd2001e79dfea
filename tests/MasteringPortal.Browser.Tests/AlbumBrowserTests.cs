using System.Globalization;
using MasteringPortal.Audio.Release;
using MasteringPortal.Core.Data;
using MasteringPortal.Core.Domain;
using MasteringPortal.Testing;
using MasteringPortal.Web.Demo;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace MasteringPortal.Browser.Tests;

/// <summary>
/// The album view (issue 20 §1, first part): on an EP of three finished tracks the engineer reorders with the keyboard and by
/// dragging, sets a 3 s gap and a segue, assembles the album laid out for CD, and reads the table of contents: the gap and
/// the segue are where the CD's index points say, checked against the stored report. The client sees the running order and
/// enters her release details, without the engineer's controls or the assembly.
/// </summary>
[Collection(PortalBrowserCollection.Name)]
public sealed class AlbumBrowserTests(PortalBrowserFixture portal) : AuditedBrowserTest(portal)
{
    [Fact]
    public async Task The_engineer_reorders_sets_a_gap_and_a_segue_and_assembles_the_EP_for_CD()
    {
        var (projectId, tracks) = await TestSongs.NewAlbumWithMastersAsync(portal.Factory.Services, "Night Drive EP",
            [("Ignition", 6), ("Overpass", 5), ("Exit Ramp", 5.5)]);

        var engineer = await portal.NewPageAsync();
        await portal.SignInAsync(engineer, DemoSeeder.EngineerEmail, DemoSeeder.Password);
        await engineer.GotoAsync($"/projects/{projectId}");
        await engineer.GetByTestId("album-link").ClickAsync();
        await engineer.GetByTestId("album-page").WaitForAsync();
        await PortalBrowserFixture.WaitForCircuitAsync(engineer);
        var titles = engineer.GetByTestId("album-track").Locator("h3");
        // The first look waits longer: the three masters' analyses share the machine with the page's first load.
        await Assertions.Expect(titles).ToHaveTextAsync(["Ignition", "Overpass", "Exit Ramp"], new() { Timeout = 30_000 });

        // The keyboard: "Exit Ramp" one place up.
        await engineer.GetByRole(AriaRole.Button, new() { Name = "Move Exit Ramp up" }).FocusAsync();
        await engineer.Keyboard.PressAsync("Enter");
        await Assertions.Expect(titles).ToHaveTextAsync(["Ignition", "Exit Ramp", "Overpass"]);
        // Dragging: "Ignition" dropped on "Overpass" goes to its place.
        await engineer.GetByTestId("album-track").Nth(0).DragToAsync(engineer.GetByTestId("album-track").Nth(2));
        await Assertions.Expect(titles).ToHaveTextAsync(["Exit Ramp", "Overpass", "Ignition"]);

        // A 3 s gap before "Overpass", a segue into "Ignition".
        await SetPauseAsync(engineer, 1, "3");
        await SetPauseAsync(engineer, 2, "0");

        var forCd = engineer.GetByRole(AriaRole.Checkbox, new() { Name = "Lay out for CD" });
        await Assertions.Expect(forCd).ToBeCheckedAsync(); // on already: the brief targets CD
        await engineer.GetByTestId("album-assemble").ClickAsync();
        var result = engineer.GetByTestId("album-result");
        await PortalBrowserFixture.WaitOrExplainAsync(engineer, result, 90_000);
        await Assertions.Expect(engineer.GetByTestId("album-redbook-ok")).ToBeVisibleAsync();
        await Assertions.Expect(engineer.GetByTestId("album-player")).ToBeVisibleAsync();

        AlbumReport report;
        await using (var scope = portal.Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            var assembly = await db.AlbumAssemblies.AsNoTracking().SingleAsync(a => a.ProjectId == projectId);
            report = AlbumReport.FromJson(assembly.ReportJson)!;
        }
        Assert.Equal([tracks[2], tracks[1], tracks[0]], report.Tracks.Select(t => t.TrackId));
        var cd = report.Cd!;
        // The gap: 3 s between the end of track 1's audio and track 2's index 01 (to a CD frame); the segue: index 00 = index 01.
        Assert.InRange(report.Tracks[1].StartSeconds - report.Tracks[0].EndSeconds, 3 - 1 / 75.0, 3 + 1 / 75.0);
        Assert.Equal(cd.Tracks[2].Index0Frame, cd.Tracks[2].Index1Frame);
        Assert.Equal(report.Tracks[1].EndSeconds, report.Tracks[2].StartSeconds, 6);
        var toc = engineer.GetByTestId("album-toc").Locator("tbody tr");
        await Assertions.Expect(toc).ToHaveCountAsync(4);
        for (var i = 0; i < 3; i++)
        {
            await Assertions.Expect(toc.Nth(i).Locator("td").Nth(0)).ToHaveTextAsync(CdTime.Msf(cd.Tracks[i].Index0Frame));
            await Assertions.Expect(toc.Nth(i).Locator("td").Nth(1)).ToHaveTextAsync(CdTime.Msf(cd.Tracks[i].Index1Frame));
        }
        await Assertions.Expect(toc.Nth(3)).ToContainTextAsync(CdTime.Msf(cd.LengthFrames));
        await PortalBrowserFixture.ScreenshotAsync(engineer, "album-view-assembled");

        // The client: the running order and her release details; no engineer controls, no assembly.
        var ava = await portal.NewPageAsync(phone: true);
        await portal.SignInAsync(ava, DemoSeeder.ClientEmail, DemoSeeder.Password);
        await ava.GotoAsync($"/projects/{projectId}/album");
        await ava.GetByTestId("album-page").WaitForAsync();
        await PortalBrowserFixture.WaitForCircuitAsync(ava);
        await Assertions.Expect(ava.GetByTestId("album-track").Locator("h3")).ToHaveTextAsync(["Exit Ramp", "Overpass", "Ignition"]);
        await Assertions.Expect(ava.GetByTestId("album-up")).ToHaveCountAsync(0);
        await Assertions.Expect(ava.GetByTestId("album-assembly")).ToHaveCountAsync(0);
        await ava.GetByTestId("credits-row").Nth(0).GetByTestId("credits-isrc").FillAsync("gb-abc-26-00007");
        await ava.GetByTestId("credits-row").Nth(0).GetByTestId("credits-save").ClickAsync();
        await Assertions.Expect(ava.GetByText("Credits saved.")).ToBeVisibleAsync();
        await PortalBrowserFixture.ScreenshotAsync(ava, "album-view-client-phone");
        await using (var scope = portal.Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            Assert.Equal("GBABC2600007", (await db.Tracks.AsNoTracking().SingleAsync(t => t.Id == tracks[2])).Isrc);
        }
    }

    [Fact]
    public async Task The_client_plays_the_posted_album_through_its_transitions_comments_at_album_time_and_approves_the_order()
    {
        // Two tracks with a 3 s gap, then a segue into the third; every master posted to Ava.
        var (projectId, tracks) = await TestSongs.NewAlbumWithMastersAsync(portal.Factory.Services, "Harbour Lights EP",
            [("Low Tide", 5), ("Flare", 5), ("Breakwater", 6)], posted: true);
        await using (var scope = portal.Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            await db.Tracks.Where(t => t.Id == tracks[1]).ExecuteUpdateAsync(s => s.SetProperty(t => t.PauseBeforeSeconds, 3.0));
            await db.Tracks.Where(t => t.Id == tracks[2]).ExecuteUpdateAsync(s => s.SetProperty(t => t.PauseBeforeSeconds, 0.0));
        }

        // The engineer assembles it and posts it with a note.
        var engineer = await portal.NewPageAsync();
        await portal.SignInAsync(engineer, DemoSeeder.EngineerEmail, DemoSeeder.Password);
        await engineer.GotoAsync($"/projects/{projectId}/album");
        await engineer.GetByTestId("album-page").WaitForAsync();
        await PortalBrowserFixture.WaitForCircuitAsync(engineer);
        await Assertions.Expect(engineer.GetByTestId("album-track")).ToHaveCountAsync(3, new() { Timeout = 30_000 });
        await engineer.GetByTestId("album-assemble").ClickAsync();
        await Task.Delay(700);
        await PortalBrowserFixture.ScreenshotAsync(engineer, "album-debug");
        await PortalBrowserFixture.WaitOrExplainAsync(engineer, engineer.GetByTestId("album-result"), 90_000);
        await engineer.GetByTestId("album-open-review").ClickAsync();
        await engineer.GetByTestId("album-review-page").WaitForAsync();
        await PortalBrowserFixture.WaitForCircuitAsync(engineer);
        await engineer.GetByLabel("Note for the client").FillAsync("Tight segue into Breakwater, as we discussed.");
        await engineer.GetByTestId("album-review-post").ClickAsync();
        await Assertions.Expect(engineer.GetByTestId("album-review-unposted")).ToHaveCountAsync(0);

        AlbumReport report;
        AlbumSequence sequence;
        await using (var scope = portal.Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            var assembly = await db.AlbumAssemblies.AsNoTracking().SingleAsync(a => a.ProjectId == projectId);
            (report, sequence) = (AlbumReport.FromJson(assembly.ReportJson)!, AlbumSequence.FromJson(assembly.SequenceJson)!);
        }

        // The client plays it across the gap and across the segue: the list follows the playhead.
        var ava = await portal.NewPageAsync();
        await portal.SignInAsync(ava, DemoSeeder.ClientEmail, DemoSeeder.Password);
        await ava.GotoAsync($"/projects/{projectId}/album");
        await ava.GetByTestId("album-review-link").ClickAsync();
        await ava.GetByTestId("album-review-page").WaitForAsync();
        await PortalBrowserFixture.WaitForCircuitAsync(ava);
        await Assertions.Expect(ava.GetByTestId("album-review-note")).ToContainTextAsync("Tight segue into Breakwater");
        var review = ava.GetByTestId("album-review");
        const string Player = "document.querySelector('[data-testid=album-review-player]')";
        await ava.GetByRole(AriaRole.Button, new() { Name = $"Play 1 Low Tide {Clock(report.Tracks[0].StartSeconds)}" }).ClickAsync();
        await Assertions.Expect(review).ToHaveAttributeAsync("data-current-track", "1");
        foreach (var next in new[] { 1, 2 })
        {
            // Half a second before the track before ends, then on: into the gap (which belongs to the track it leads to) or
            // straight into the next track at the segue.
            var from = report.Tracks[next].PauseStartSeconds - 0.5;
            await ava.EvaluateAsync($"{Player}.currentTime = {from.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
            await ava.EvaluateAsync($"{Player}.play()");
            await Assertions.Expect(review).ToHaveAttributeAsync("data-current-track", (next + 1).ToString(), new() { Timeout = 15_000 });
            var now = await ava.EvaluateAsync<double>($"{Player}.currentTime");
            Assert.True(now >= report.Tracks[next].PauseStartSeconds, $"track {next + 1} is marked at {now} s, before the track before it ended");
        }

        // A comment at the playhead lands on the track playing, at its moment.
        await ava.EvaluateAsync($"{Player}.pause()");
        var at = await ava.EvaluateAsync<double>($"{Player}.currentTime");
        await ava.GetByTestId("album-review-comment").FillAsync("Could the last chorus be a touch brighter?");
        await ava.GetByTestId("album-review-send").ClickAsync();
        await Assertions.Expect(ava.GetByTestId("album-review-comment-item")).ToContainTextAsync("Breakwater at");
        await using (var scope = portal.Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            var comment = await db.Comments.AsNoTracking().SingleAsync(c => c.Text == "Could the last chorus be a touch brighter?");
            Assert.Equal(sequence.Tracks[2].RevisionId, comment.RevisionId);
            Assert.InRange(comment.StartSeconds, at - report.Tracks[2].StartSeconds - 0.05, at - report.Tracks[2].StartSeconds + 0.05);
        }

        await ava.GetByTestId("album-review-approve").ClickAsync();
        await Assertions.Expect(ava.GetByTestId("album-review-approved")).ToBeVisibleAsync();
        await PortalBrowserFixture.ScreenshotAsync(ava, "album-review-client");
        await using (var scope = portal.Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            Assert.NotNull((await db.Projects.AsNoTracking().SingleAsync(p => p.Id == projectId)).SequenceApprovedAt);
        }
    }

    static string Clock(double seconds) => MasteringPortal.Web.Features.Projects.TimeCode.Format(seconds);

    static async Task SetPauseAsync(IPage page, int index, string seconds)
    {
        var track = page.GetByTestId("album-track").Nth(index);
        var pause = track.GetByTestId("album-pause"); // MudBlazor puts the attribute on the input itself
        await pause.FillAsync(seconds);
        await pause.PressAsync("Tab");
        await track.GetByTestId("album-save").ClickAsync();
        await Assertions.Expect(track.GetByTestId("album-save")).ToBeDisabledAsync();
        await Assertions.Expect(pause).ToHaveValueAsync(seconds);
    }
}
