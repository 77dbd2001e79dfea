using System.Text.Json;
using MasteringPortal.Audio.Render;
using MasteringPortal.Cli;
using MasteringPortal.Core.Data;
using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Jobs;
using MasteringPortal.Core.Storage;
using MasteringPortal.Testing;
using MasteringPortal.Web.Demo;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace MasteringPortal.Browser.Tests;

/// <summary>
/// Per-aspect match amounts set in the workspace change the rendered master as the CLI's options do: the engineer takes
/// the tone at 40 % and the loudness in full, leaves width and dynamics out, watches the match run as a job, and renders.
/// The revision's chain is, to the byte, the one `mastering render --reference … --match tone,loudness --amount-tone 40`
/// saves from the same mix, reference and starting chain, its master is as loud as the CLI's, and the match's report
/// is kept with the revision and shown on its card. The full-amount match gives another chain.
/// </summary>
[Collection(PortalBrowserCollection.Name)]
public sealed class MatchBrowserTests(PortalBrowserFixture portal) : AuditedBrowserTest(portal)
{
    [Fact]
    public async Task Tone_at_40_percent_and_loudness_in_full_render_the_master_the_cli_renders_with_those_amounts()
    {
        var (projectId, trackId) = await TrackWithReferenceAsync(portal);
        var engineer = await EngineerWorkspaceAsync(projectId, trackId);

        var panel = engineer.GetByTestId("reference-match");
        await panel.Locator("input[data-testid=match-width]").UncheckAsync();
        Assert.False(await panel.Locator("input[data-testid=match-dynamics]").IsCheckedAsync());
        // The tone's amount from 100 % to 40 % with the keyboard, 5 % a step, as a person would move the slider.
        var tone = panel.Locator("[data-testid=match-tone-amount] input[type=range], input[type=range][data-testid=match-tone-amount]").First;
        await tone.FocusAsync();
        for (var i = 0; i < 12; i++) await tone.PressAsync("ArrowLeft");
        await Assertions.Expect(panel).ToContainTextAsync("40 %");

        await panel.GetByTestId("match-run").ClickAsync();
        // It runs as a job; when it is done the workspace writes it into the chain.
        var result = panel.GetByTestId("match-result");
        await Assertions.Expect(result).ToHaveAttributeAsync("data-applied", "true", new() { Timeout = 120_000 });
        await Assertions.Expect(result.GetByTestId("match-report")).ToContainTextAsync("tone 40 %");
        await PortalBrowserFixture.ScreenshotAsync(engineer, "workspace-match-applied");

        await engineer.GetByTestId("render-revision").ClickAsync();
        var card = engineer.Locator("[data-testid=revision-card][data-revision=\"1\"]");
        await Assertions.Expect(card).ToHaveAttributeAsync("data-status", "Ready", new() { Timeout = 120_000 });
        await card.GetByTestId("revision-match").ClickAsync();
        await Assertions.Expect(card.GetByTestId("revision-match-report")).ToContainTextAsync("tone 40 %, loudness 100 %, width 0 %, dynamics 0 %");
        await PortalBrowserFixture.ScreenshotAsync(engineer, "workspace-revision-with-match-report");

        // On a phone the panel's choices, the clipper's tick box the last of them, stay on screen: the label wraps
        // within the 390 px width and the page does not scroll sideways.
        var phone = await portal.NewPageAsync(phone: true);
        await portal.SignInAsync(phone, DemoSeeder.EngineerEmail, DemoSeeder.Password);
        await phone.GotoAsync($"/projects/{projectId}/tracks/{trackId}/workspace");
        await phone.GetByTestId("workspace").WaitForAsync();
        await PortalBrowserFixture.WaitForCircuitAsync(phone);
        var clipperLabel = phone.GetByTestId("reference-match").GetByText("Turn the clipper on if the limiter alone cannot reach the loudness");
        await clipperLabel.ScrollIntoViewIfNeededAsync();
        await Assertions.Expect(clipperLabel).ToBeVisibleAsync();
        var box = await clipperLabel.BoundingBoxAsync();
        Assert.NotNull(box);
        Assert.True(box.X >= 0 && box.X + box.Width <= 390, $"The clipper's label spans {box.X:0}-{box.X + box.Width:0} px on a 390 px phone.");
        var pageWidth = await phone.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.True(pageWidth <= 390, $"The workspace is {pageWidth} px wide on a 390 px phone.");
        await PortalBrowserFixture.ScreenshotAsync(phone, "workspace-match-panel-phone");

        // --- The same match from the command line ---------------------------------------------------------------------
        Revision revision;
        MatchRun run;
        FileAsset mix, reference;
        await using (var scope = portal.Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            revision = await db.Revisions.AsNoTracking().SingleAsync(r => r.TrackId == trackId && r.Number == 1);
            run = await db.MatchRuns.AsNoTracking().SingleAsync(r => r.TrackId == trackId);
            mix = await db.FileAssets.AsNoTracking().SingleAsync(f => f.Id == run.MixFileId);
            reference = await db.FileAssets.AsNoTracking().SingleAsync(f => f.TrackId == trackId && f.Kind == FileAssetKind.Reference);
            Assert.Equal(PortalJobState.Succeeded, (await db.PortalJobs.AsNoTracking().SingleAsync(j => j.TargetId == run.Id)).State);
        }
        var kept = RevisionMatch.FromJson(revision.MatchJson)!;
        Assert.Equal((run.Id, "Tone, Loudness", 40.0), (kept.RunId, kept.Aspects, kept.ToneAmountPercent));
        Assert.Equal(run.ReportJson, kept.ReportJson);

        var folder = Directory.CreateTempSubdirectory("mp-browser-match-").FullName;
        try
        {
            var store = portal.Factory.Services.GetRequiredService<IFileStore>();
            var mixPath = await store.LocalPathAsync(mix.StorageKey, Path.Combine(folder, "mix.wav"));
            var referencePath = await store.LocalPathAsync(reference.StorageKey, Path.Combine(folder, "reference.wav"));
            var basePath = Path.Combine(folder, "base.json");
            await File.WriteAllTextAsync(basePath, run.BaseSettingsJson);

            var (cliSettings, cliLufs) = Cli(folder, "forty", mixPath, referencePath, basePath, "--match", "tone,loudness", "--amount-tone", "40");
            Assert.Equal(cliSettings.ToJson(), RenderSettings.FromJson(revision.SettingsJson).ToJson());
            var portalReport = RenderReport.FromJson(revision.RenderReportJson)!;
            Assert.Equal(cliLufs, portalReport.IntegratedLufs!.Value, 0.05);

            // The amounts are what made it: the full tone match writes another EQ.
            var (fullSettings, _) = Cli(folder, "full", mixPath, referencePath, basePath, "--match", "tone,loudness");
            Assert.NotEqual(fullSettings.Eq, cliSettings.Eq);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>
    /// The match panel with the keyboard alone: Tab reaches every choice in reading order with the focus visible at each
    /// stop, a slider moves with the arrow keys, Space ticks and unticks (a slider whose aspect is off is skipped), a limit
    /// is typed, and Enter on the button runs the match. What the engineer set is what the job was asked for.
    /// </summary>
    [Fact]
    public async Task The_match_panel_works_from_the_keyboard_alone()
    {
        var (projectId, trackId) = await TrackWithReferenceAsync(portal);
        var engineer = await EngineerWorkspaceAsync(projectId, trackId);
        var panel = engineer.GetByTestId("reference-match");
        var use = panel.Locator("input[data-testid=match-use]");
        await Assertions.Expect(use).ToHaveCountAsync(1);

        // The keyboard user arrives at the panel (the chain's sections before it are Tab stops of their own).
        await panel.EvaluateAsync("e => { e.tabIndex = -1; e.focus(); }");
        await KeyboardFocus.TabToAsync(engineer, use, maxPresses: 1);
        await KeyboardFocus.TabToAsync(engineer, panel.Locator("input[type=range]").First, maxPresses: 1);
        await KeyboardFocus.TabToAsync(engineer, panel.Locator("input[data-testid=match-tone]"), maxPresses: 1);
        var toneAmount = panel.Locator("input[type=range][data-testid=match-tone-amount]");
        await KeyboardFocus.TabToAsync(engineer, toneAmount, maxPresses: 1);
        for (var i = 0; i < 4; i++) await engineer.Keyboard.PressAsync("ArrowLeft");
        await Assertions.Expect(panel).ToContainTextAsync("80 %");
        await KeyboardFocus.TabToAsync(engineer, panel.Locator("input[data-testid=match-loudness]"), maxPresses: 1);
        await KeyboardFocus.TabToAsync(engineer, panel.Locator("input[type=range][data-testid=match-loudness-amount]"), maxPresses: 1);
        var width = panel.Locator("input[data-testid=match-width]");
        await KeyboardFocus.TabToAsync(engineer, width, maxPresses: 1);
        await engineer.Keyboard.PressAsync(" ");
        await Assertions.Expect(width).Not.ToBeCheckedAsync();
        await Assertions.Expect(panel.Locator("input[type=range][data-testid=match-width-amount]")).ToBeDisabledAsync();
        // Width's slider is off now, and so is Dynamics' (off by default): Tab passes over both.
        await KeyboardFocus.TabToAsync(engineer, panel.Locator("input[data-testid=match-dynamics]"), maxPresses: 1);
        await KeyboardFocus.TabToAsync(engineer, panel.Locator("input[data-testid=match-max-boost]"), maxPresses: 1);
        var cut = panel.Locator("input[data-testid=match-max-cut]");
        await KeyboardFocus.TabToAsync(engineer, cut, maxPresses: 1);
        await Assertions.Expect(cut).ToHaveValueAsync("18");
        await engineer.Keyboard.PressAsync("Control+A");
        await engineer.Keyboard.TypeAsync("12");
        var clipper = panel.Locator("input[data-testid=match-may-add-clipper]");
        await KeyboardFocus.TabToAsync(engineer, clipper, maxPresses: 1);
        await engineer.Keyboard.PressAsync(" ");
        await Assertions.Expect(clipper).Not.ToBeCheckedAsync();
        await PortalBrowserFixture.ScreenshotAsync(engineer, "workspace-match-keyboard-focus");
        await KeyboardFocus.TabToAsync(engineer, panel.GetByTestId("match-run"), maxPresses: 1);
        await engineer.Keyboard.PressAsync("Enter");

        var result = panel.GetByTestId("match-result");
        await Assertions.Expect(result).ToHaveAttributeAsync("data-applied", "true", new() { Timeout = 120_000 });
        await Assertions.Expect(result.GetByTestId("match-report")).ToContainTextAsync("tone 80 %");
        await using var scope = portal.Factory.Services.CreateAsyncScope();
        var run = await scope.ServiceProvider.GetRequiredService<PortalDbContext>().MatchRuns.AsNoTracking().SingleAsync(r => r.TrackId == trackId);
        var asked = RevisionMatch.FromJson(run.RequestJson)!;
        Assert.Equal(("Tone, Loudness", 80.0, 100.0, 12.0, 12.0, false),
            (asked.Aspects, asked.ToneAmountPercent, asked.LoudnessAmountPercent, asked.MaxBoostDb, asked.MaxCutDb, asked.MayAddClipper));
    }

    /// <summary>The engineer signed in on the track's workspace, its circuit live.</summary>
    async Task<IPage> EngineerWorkspaceAsync(Guid projectId, Guid trackId)
    {
        var engineer = await portal.NewPageAsync();
        await portal.SignInAsync(engineer, DemoSeeder.EngineerEmail, DemoSeeder.Password);
        await engineer.GotoAsync($"/projects/{projectId}/tracks/{trackId}/workspace");
        await engineer.GetByTestId("workspace").WaitForAsync();
        await PortalBrowserFixture.WaitForCircuitAsync(engineer);
        return engineer;
    }

    /// <summary>`mastering render` with a reference: the settings it saved and the master's integrated loudness.</summary>
    static (RenderSettings Settings, double IntegratedLufs) Cli(string folder, string name, string mix, string reference, string baseSettings,
        params string[] matching)
    {
        var saved = Path.Combine(folder, $"{name}.json");
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        string[] args = ["render", mix, "-o", Path.Combine(folder, $"{name}.wav"), "--settings", baseSettings, "--reference", reference,
            .. matching, "--save-settings", saved, "--json"];
        var code = CliApp.Run(args, stdout, stderr);
        Assert.True(code == 0, $"mastering {string.Join(' ', args)} exited {code}: {stderr}");
        using var json = JsonDocument.Parse(stdout.ToString().Trim().Split('\n')[^1]);
        return (RenderSettings.FromJson(File.ReadAllText(saved)), json.RootElement.GetProperty("integratedLufs").GetDouble());
    }

    /// <summary>
    /// An in-progress single of Ava's with a 12-second mix and, as its brief's reference, a brighter, louder song, both
    /// analysed as their uploads would be.
    /// </summary>
    internal static async Task<(Guid ProjectId, Guid TrackId)> TrackWithReferenceAsync(PortalBrowserFixture portal)
    {
        var (projectId, trackId) = await TestSongs.NewProjectWithMixAsync(portal.Factory.Services, "Copper Wire", seconds: 12, seed: 57);
        await using var scope = portal.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var store = scope.ServiceProvider.GetRequiredService<IFileStore>();
        using var wav = new MemoryStream(TestSongs.Song(seed: 58, peakDbfs: -0.5, seconds: 12));
        var stored = await store.PutAsync(wav);
        var reference = new FileAsset
        {
            ProjectId = projectId, TrackId = trackId, Kind = FileAssetKind.Reference, OriginalName = "their_favourite.wav", Format = "wav",
            SampleRateHz = DemoMixSynth.SampleRateHz, Channels = 2, BitDepth = 24, DurationSeconds = 12,
            SizeBytes = stored.SizeBytes, Sha256 = stored.Sha256, StorageKey = stored.Key,
        };
        db.FileAssets.Add(reference);
        var brief = await db.Briefs.Include(b => b.References).SingleAsync(b => b.TrackId == trackId);
        brief.References.Add(new ReferenceTrack { Title = "Their favourite", FileAssetId = reference.Id, WhatToTake = "the top end" });
        await db.SaveChangesAsync();
        await scope.ServiceProvider.GetRequiredService<IPortalJobs>().QueueAnalysisAsync(reference.Id);
        return (projectId, trackId);
    }
}
