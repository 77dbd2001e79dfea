using System.Globalization;
using MasteringPortal.Audio.Analysis;
using MasteringPortal.Core.Data;
using MasteringPortal.Testing;
using MasteringPortal.Web.Demo;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace MasteringPortal.Browser.Tests;

/// <summary>
/// Mono and phase over time (issue 19 §4): a mix whose right channel is inverted from 3 to 5 s (a bad edit). On the
/// review page the strip under the waveforms shows the three bands, the passages that lose more than the chosen
/// threshold in mono are the ones the stored analysis gives for that threshold (found by the page's script, checked
/// against the server's own <see cref="MonoTimeline.Passages"/>), the flip is listed as cancelling out, and choosing a
/// passage with the keyboard, or clicking the strip, plays from there.
/// </summary>
[Collection(PortalBrowserCollection.Name)]
public sealed class MonoPhaseBrowserTests(PortalBrowserFixture portal) : AuditedBrowserTest(portal)
{
    const string Review = "document.querySelector('[data-testid=review-player]').__review";
    const double Seconds = 8;

    [Fact]
    public async Task A_polarity_flip_in_the_mix_is_marked_listed_and_played_from_a_keypress()
    {
        var wav = TestSongs.Song(seed: 71, peakDbfs: -2, Seconds, edit: samples =>
        {
            for (var frame = 3 * DemoMixSynth.SampleRateHz; frame < 5 * DemoMixSynth.SampleRateHz; frame++) samples[2 * frame + 1] *= -1;
        });
        var (projectId, trackId) = await TestSongs.NewProjectWithMixAsync(portal.Factory.Services, "Folded Map", Seconds, mixWav: wav);

        var ava = await portal.NewPageAsync();
        await portal.SignInAsync(ava, DemoSeeder.ClientEmail, DemoSeeder.Password);
        await ava.GotoAsync($"/projects/{projectId}/tracks/{trackId}/review");
        await ava.GetByTestId("review-page").WaitForAsync();
        await PortalBrowserFixture.WaitForCircuitAsync(ava);
        var mixRow = ava.Locator("[data-testid=review-source][data-kind=mix]");
        await Assertions.Expect(mixRow.GetByTestId("review-waveform")).ToHaveAttributeAsync("data-drawn", "peaks", new() { Timeout = 60_000 });

        MonoTimeline timeline;
        double duration;
        await using (var scope = portal.Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            var json = await db.Analyses.Where(a => a.FileAsset!.TrackId == trackId).Select(a => a.ResultJson).SingleAsync();
            var analysis = IntakeAnalysis.FromJson(json)!;
            (timeline, duration) = (analysis.MonoTimeline!, analysis.DurationSeconds);
        }

        var phase = ava.GetByTestId("review-phase");
        await Assertions.Expect(phase).ToBeVisibleAsync();
        await Assertions.Expect(phase.GetByTestId("phase-source")).ToHaveTextAsync("Mix");
        await Assertions.Expect(phase.GetByTestId("phase-strip")).ToHaveAttributeAsync("data-points", timeline.LossLu.Length.ToString(CultureInfo.InvariantCulture));

        // For every threshold offered, the passages marked are the ones the analysis gives.
        var threshold = phase.GetByLabel("Mark passages that lose more than");
        await Assertions.Expect(threshold).ToHaveValueAsync("3");
        foreach (var lu in new[] { "1", "2", "4.5", "6", "3" })
        {
            await threshold.SelectOptionAsync(lu);
            var expected = string.Join(' ', timeline.Passages(double.Parse(lu, CultureInfo.InvariantCulture), duration)
                .Select(p => $"{p.StartSeconds.ToString("0.00", CultureInfo.InvariantCulture)}-{p.EndSeconds.ToString("0.00", CultureInfo.InvariantCulture)}"));
            await Assertions.Expect(phase).ToHaveAttributeAsync("data-passages", expected);
        }

        // At 3 LU the flip is a passage within a frame of 3-5 s (the song's own wide moments may add others), listed
        // with its worst loss in words; the page lists every passage the analysis gives.
        var passages = timeline.Passages(3, duration);
        var flip = Assert.Single(passages, p => p.StartSeconds < 4 && p.EndSeconds > 4);
        Assert.InRange(flip.StartSeconds, 3 - timeline.FrameSeconds, 3 + timeline.FrameSeconds);
        Assert.InRange(flip.EndSeconds, 5 - timeline.FrameSeconds, 5 + timeline.FrameSeconds);
        Assert.True(flip.WorstLossLu > 10, $"the flip loses {flip.WorstLossLu} LU in mono");
        await Assertions.Expect(phase.GetByTestId("phase-passage")).ToHaveCountAsync(passages.Count);
        var passage = phase.GetByTestId("phase-passage").Nth(passages.ToList().IndexOf(flip));
        await Assertions.Expect(passage).ToContainTextAsync(
            $"{Clock(flip.StartSeconds)}–{Clock(flip.EndSeconds)}: loses up to {flip.WorstLossLu.ToString("0.0", CultureInfo.InvariantCulture)} LU in mono");

        // The keyboard: the passage's button, Enter, and the mix plays from its start.
        await passage.FocusAsync();
        await ava.Keyboard.PressAsync("Enter");
        await ava.WaitForFunctionAsync($"() => Math.abs({Review}.player.position - {flip.StartSeconds.ToString(CultureInfo.InvariantCulture)}) < 0.25");
        await PortalBrowserFixture.ScreenshotAsync(ava, "review-mono-and-phase");

        // A click on the strip three quarters of the way along plays from there.
        var strip = phase.GetByTestId("phase-strip");
        var box = (await strip.BoundingBoxAsync())!;
        await ava.Mouse.ClickAsync(box.X + box.Width * 0.75f, box.Y + box.Height / 2);
        await ava.WaitForFunctionAsync($"() => Math.abs({Review}.player.position - {(duration * 0.75).ToString(CultureInfo.InvariantCulture)}) < 0.25");
    }

    static string Clock(double seconds) => $"{(int)(seconds / 60)}:{(int)(seconds % 60):00}";
}
