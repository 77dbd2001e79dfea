using System.Security.Cryptography;
using MasteringPortal.Audio.Analysis;
using MasteringPortal.Audio.IO;
using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Jobs;
using MasteringPortal.Core.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace MasteringPortal.Core.Tests.Jobs;

public sealed class SqliteUploadedMasterJobTests(SqliteTestDatabase db) : UploadedMasterJobTests<SqliteTestDatabase>(db);

/// <summary>
/// A master made on the engineer's own chain gets what a render gets: its analysis with the master's checks, the
/// client's preview, and the brief's other files derived from it without processing; the upload itself stays as it
/// arrived, and a 16-bit CD master is never dithered a second time.
/// </summary>
public abstract class UploadedMasterJobTests<TDatabase>(TDatabase database) : DatabaseTests<TDatabase>(database), IDisposable
    where TDatabase : TestDatabase
{
    readonly JobHarness harness = new(database);

    public void Dispose() => harness.Dispose();

    async Task<(Guid ProjectId, Guid TrackId, string EngineerId)> SeedAsync(DeliveryFormats formats, TargetPlatforms platforms)
    {
        await using var db = Db();
        var seed = await StudioSeed.CreateAsync(db);
        var track = await db.Tracks.SingleAsync(t => t.ProjectId == seed.ProjectA.Id);
        db.Briefs.Add(new Brief { TrackId = track.Id, DeliveryFormats = formats, TargetPlatforms = platforms });
        await db.SaveChangesAsync();
        return (seed.ProjectA.Id, track.Id, seed.Engineer.UserId);
    }

    static string Sha256Of(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

    [SkippableFact]
    public async Task A_hot_master_is_checked_against_the_ceiling_previewed_and_its_other_files_derived_while_it_stays_as_uploaded()
    {
        var (projectId, trackId, engineer) = await SeedAsync(DeliveryFormats.Wav24 | DeliveryFormats.Wav16 | DeliveryFormats.Mp3, TargetPlatforms.Spotify);
        var path = JobSignals.Master(harness.WavPath("hot master.wav"), 6, peakDbfs: -0.2, rateHz: 48000);
        var (revision, uploaded) = await harness.AddUploadedMasterAsync(trackId, path, engineer);

        var jobId = await harness.Jobs().QueueRenderAsync(revision.Id);
        await harness.DrainAsync();

        await using var check = Db();
        Assert.Equal(PortalJobState.Succeeded, (await check.PortalJobs.SingleAsync(j => j.Id == jobId)).State);
        var done = await check.Revisions.SingleAsync(r => r.Id == revision.Id);
        Assert.Equal((RevisionStatus.Ready, RevisionOrigin.UploadedMaster), (done.Status, done.Origin));
        // The master's figures are the engineer's until the revision is posted.
        Assert.All(await check.ProjectEvents.Where(e => e.ProjectId == projectId && e.ActorId == null).ToListAsync(),
            e => Assert.Equal(EventAudience.Studio, e.Audience));

        // The upload is the master, byte for byte.
        var kept = await check.FileAssets.SingleAsync(f => f.Id == uploaded.Id);
        Assert.Equal(Sha256Of(path), kept.Sha256);
        Assert.Equal(kept.Sha256, Sha256Of(harness.Store.LocalPath(kept.StorageKey)));

        // Its checks: the true peak is over the studio's -1 dBTP ceiling, measured by the same meter as everything else.
        var analysis = IntakeAnalysis.FromJson((await check.Analyses.SingleAsync(a => a.FileAssetId == uploaded.Id)).ResultJson)!;
        Assert.True(analysis.TruePeakDbtp > -1.0, $"{analysis.TruePeakDbtp:0.00} dBTP");
        Assert.Equal(CheckStatus.Problem, analysis.Checks.Single(c => c.Id == "true-peak").Status);
        Assert.Equal(CheckStatus.Pass, analysis.Checks.Single(c => c.Id == "resolution").Status);

        // Derived: a 16-bit 44.1 kHz file and an MP3, measured; the report names the upload as the master.
        var files = await check.FileAssets.Where(f => f.RevisionId == revision.Id).ToListAsync();
        var wav16 = Assert.Single(files, f => f.Kind == FileAssetKind.Master && f.BitDepth == 16);
        Assert.Equal(44100, wav16.SampleRateHz);
        Assert.Single(files, f => f.Kind == FileAssetKind.Master && f.Format == "mp3");
        Assert.Single(files, f => f.Kind == FileAssetKind.Preview);
        var report = RenderReport.FromJson(done.RenderReportJson)!;
        Assert.Equal(["mp3", "wav16", "wav24"], report.Files.Select(f => f.Kind).Order());
        Assert.Equal(uploaded.Id, report.Files.Single(f => f.Kind == "wav24").FileAssetId);
        Assert.Equal(wav16.Id, report.Files.Single(f => f.Kind == "wav16").FileAssetId);
        Assert.Equal(0, report.LoudnessGainDb);

        // "Without processing": the 16-bit file is the master converted and dithered once, at the same loudness.
        var derived16 = report.Files.Single(f => f.Kind == "wav16");
        Assert.Equal(analysis.IntegratedLufs!.Value, derived16.IntegratedLufs!.Value, 0.1);
    }

    [SkippableFact]
    public async Task A_16_bit_cd_master_is_the_16_bit_file_itself_and_the_brief_asking_for_24_bit_is_pointed_out()
    {
        var (_, trackId, engineer) = await SeedAsync(DeliveryFormats.Wav24 | DeliveryFormats.Wav16, TargetPlatforms.Cd);
        var path = JobSignals.Master(harness.WavPath("cd master.wav"), 4, peakDbfs: -1.5, rateHz: 44100, bitDepth: 16);
        var (revision, uploaded) = await harness.AddUploadedMasterAsync(trackId, path, engineer);

        await harness.Jobs().QueueRenderAsync(revision.Id);
        await harness.DrainAsync();

        await using var check = Db();
        var done = await check.Revisions.SingleAsync(r => r.Id == revision.Id);
        Assert.Equal(RevisionStatus.Ready, done.Status);
        // No second 16-bit file: the upload serves as both the master and the CD file, so it is never dithered twice.
        var masters = await check.FileAssets.Where(f => f.RevisionId == revision.Id && f.Kind == FileAssetKind.Master).ToListAsync();
        Assert.Equal([uploaded.Id], masters.Select(m => m.Id));
        var report = RenderReport.FromJson(done.RenderReportJson)!;
        Assert.Equal(uploaded.Id, report.Files.Single(f => f.Kind == "wav16").FileAssetId);
        var analysis = IntakeAnalysis.FromJson((await check.Analyses.SingleAsync(a => a.FileAssetId == uploaded.Id)).ResultJson)!;
        Assert.Equal(CheckStatus.Problem, analysis.Checks.Single(c => c.Id == "resolution").Status);
        // A CD-only brief names no loudness target.
        Assert.Contains("no loudness target", analysis.Checks.Single(c => c.Id == "loudness").Message);
    }
}
