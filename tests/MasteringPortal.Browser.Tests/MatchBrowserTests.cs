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
        var (projectId, trackId) = await TrackWithReferenceAsync();

        var engineer = await portal.NewPageAsync();
        await portal.SignInAsync(engineer, DemoSeeder.EngineerEmail, DemoSeeder.Password);
        await engineer.GotoAsync($"/projects/{projectId}/tracks/{trackId}/workspace");
        await engineer.GetByTestId("workspace").WaitForAsync();
        await PortalBrowserFixture.WaitForCircuitAsync(engineer);

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
    async Task<(Guid ProjectId, Guid TrackId)> TrackWithReferenceAsync()
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
