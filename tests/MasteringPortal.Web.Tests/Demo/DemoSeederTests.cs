using System.Security.Cryptography;
using MasteringPortal.Audio.IO;
using MasteringPortal.Core.Data;
using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Storage;
using MasteringPortal.Web.Demo;
using MasteringPortal.Web.Tests.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MasteringPortal.Web.Tests.Demo;

/// <summary>The demo seed: one studio, projects in the promised states, real stored mixes, and a second run that changes nothing.</summary>
[Collection(PortalWebCollection.Name)]
public sealed class DemoSeederTests(PortalWebFixture portal)
{
    [Fact]
    public async Task Seeds_projects_in_the_promised_states_with_timelines()
    {
        await using var scope = portal.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        Assert.Equal(1, await db.Studios.CountAsync());
        var statuses = await db.Projects.Select(p => p.Status).ToListAsync();
        Assert.Contains(ProjectStatus.Draft, statuses);
        Assert.Contains(ProjectStatus.Submitted, statuses);
        Assert.Contains(ProjectStatus.InReview, statuses);
        Assert.Contains(ProjectStatus.Approved, statuses);
        Assert.True(await db.Revisions.AnyAsync(r => r.PostedAt != null && r.Track!.Project!.Status == ProjectStatus.InReview));
        var draft = await db.Projects.Include(p => p.Tracks).ThenInclude(t => t.Brief).SingleAsync(p => p.Status == ProjectStatus.Draft);
        Assert.All(draft.Tracks, t => Assert.NotEqual(TargetPlatforms.None, t.Brief!.TargetPlatforms));
        Assert.All(await db.Projects.Select(p => p.Events.Count).ToListAsync(), count => Assert.True(count >= 2));
    }

    [Fact]
    public async Task Every_track_has_a_stored_24_bit_stereo_mix_whose_bytes_match_its_hash()
    {
        await using var scope = portal.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var store = scope.ServiceProvider.GetService<IFileStore>()
                    ?? new LocalFileStore(portal.Factory.Settings.GetValueOrDefault("Storage:Root") ?? Path.Combine(portal.Factory.DataDirectory, "files"));
        var tracks = await db.Tracks.ToListAsync();
        Assert.NotEmpty(tracks);
        foreach (var track in tracks)
        {
            var mix = await db.FileAssets.SingleAsync(f => f.Id == track.CurrentMixId);
            Assert.Equal(FileAssetKind.Mix, mix.Kind);
            await using var stream = store.OpenRead(mix.StorageKey);
            Assert.Equal(mix.Sha256, Convert.ToHexStringLower(await SHA256.HashDataAsync(stream)));
            stream.Position = 0;
            var info = AudioFile.Probe(stream);
            Assert.Equal(24, info.Format.BitDepth);
            Assert.Equal(2, info.Format.Channels);
            Assert.Equal(mix.SampleRateHz, info.Format.SampleRateHz);
            Assert.Equal(mix.DurationSeconds!.Value, info.Duration!.Value.TotalSeconds, 6);
        }
    }

    [Fact]
    public async Task Posted_demo_revisions_are_real_renders_that_reach_their_loudness_under_the_ceiling()
    {
        await using var scope = portal.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var store = scope.ServiceProvider.GetRequiredService<IFileStore>();
        var revisions = await db.Revisions.Include(r => r.Files).Where(r => r.PostedAt != null).ToListAsync();
        Assert.Equal(3, revisions.Count);
        foreach (var revision in revisions)
        {
            var settings = MasteringPortal.Audio.Render.RenderSettings.FromJson(revision.SettingsJson);
            var report = MasteringPortal.Core.Jobs.RenderReport.FromJson(revision.RenderReportJson)!;
            // Every master the brief asks for, and the client's preview.
            var master = Assert.Single(revision.Files, f => f is { Kind: FileAssetKind.Master, Format: "wav", BitDepth: 24 });
            Assert.Equal(revision.Files.Where(f => f.Kind == FileAssetKind.Master).Select(f => f.Id).Order(), report.Files.Select(f => f.FileAssetId!.Value).Order());
            Assert.Single(revision.Files, f => f is { Kind: FileAssetKind.Preview, Format: "mp3" });
            // Measured again here from the stored bytes, by the meter the render engine is held to.
            await using var stream = store.OpenRead(master.StorageKey);
            using var source = AudioFile.OpenRead(stream, leaveOpen: true);
            var analysis = MasteringPortal.Audio.Analysis.IntakeAnalyzer.Analyze(source);
            Assert.Equal(settings.Loudness!.TargetLufs, analysis.IntegratedLufs!.Value, 0.3); // the renderer's promise: within 0.3 LU of the target
            Assert.True(analysis.TruePeakDbtp <= settings.Limiter.Settings.CeilingDbtp + 0.1, $"true peak {analysis.TruePeakDbtp} dBTP");
            Assert.Equal(report.IntegratedLufs!.Value, analysis.IntegratedLufs!.Value, 0.05);
        }
    }

    [Fact]
    public async Task A_second_run_adds_nothing()
    {
        async Task<(int, int, int, int)> Count()
        {
            await using var scope = portal.Factory.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            return (await db.Studios.CountAsync(), await db.Users.CountAsync(u => u.Email!.EndsWith("@demo.studio")),
                await db.FileAssets.CountAsync(), await db.ProjectEvents.CountAsync());
        }
        var before = await Count();
        await DemoSeeder.SeedAsync(portal.Factory.Services, CancellationToken.None);
        Assert.Equal(before, await Count());
    }

    [Fact]
    public void The_demo_mix_peaks_where_its_song_says_and_is_not_silent()
    {
        var song = DemoMixSynth.Songs[0];
        var samples = DemoMixSynth.Render(song, 2);
        var peak = samples.Max(Math.Abs);
        Assert.Equal(song.PeakDbfs, 20 * Math.Log10(peak), 3);
        var rms = Math.Sqrt(samples.Average(s => (double)s * s));
        Assert.True(20 * Math.Log10(rms) > -30, "The demo mix is close to silent.");
    }
}
