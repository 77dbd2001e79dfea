using MasteringPortal.Audio.Album;
using MasteringPortal.Audio.IO;
using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Jobs;
using MasteringPortal.Core.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace MasteringPortal.Core.Tests.Jobs;

public sealed class SqliteAlbumJobTests(SqliteTestDatabase db) : AlbumJobTests<SqliteTestDatabase>(db);

/// <summary>
/// The album assembly as a job (issue 20): from three tracks' masters as the sequence froze them, the programme, its CD
/// version and its preview are stored and described, the report places every track and carries the CD's table of
/// contents; a master replaced after the assembly was asked for is refused in words, and nothing is left in the store.
/// </summary>
public abstract class AlbumJobTests<TDatabase>(TDatabase database) : DatabaseTests<TDatabase>(database), IDisposable
    where TDatabase : TestDatabase
{
    readonly JobHarness harness = new(database);

    public void Dispose() => harness.Dispose();

    /// <summary>A project of three tracks, each with an uploaded 48 kHz master of the given length; the assembly asked for with them.</summary>
    async Task<(Guid ProjectId, AlbumAssembly Assembly, List<FileAsset> Masters)> SeedAsync(params double[] seconds)
    {
        Guid projectId;
        string engineer;
        var trackIds = new List<Guid>();
        await using (var db = Db())
        {
            var seed = await StudioSeed.CreateAsync(db);
            projectId = seed.ProjectA.Id;
            engineer = seed.Engineer.UserId;
            var first = await db.Tracks.SingleAsync(t => t.ProjectId == projectId);
            first.Title = "Opening";
            trackIds.Add(first.Id);
            for (var i = 1; i < seconds.Length; i++)
            {
                var track = new Track { ProjectId = projectId, Title = $"Song {i + 1}", Position = i + 1 };
                db.Tracks.Add(track);
                trackIds.Add(track.Id);
            }
            await db.SaveChangesAsync();
        }
        var masters = new List<FileAsset>();
        var sequenceTracks = new List<AlbumSequenceTrack>();
        for (var i = 0; i < seconds.Length; i++)
        {
            var path = JobSignals.Master(harness.WavPath($"master-{i + 1}.wav"), seconds[i], peakDbfs: -1.5, rateHz: 48000);
            var (revision, master) = await harness.AddUploadedMasterAsync(trackIds[i], path, engineer);
            masters.Add(master);
            sequenceTracks.Add(new AlbumSequenceTrack(trackIds[i], i == 0 ? "Opening" : $"Song {i + 1}", revision.Id, revision.Number, master.Id, master.Sha256,
                PauseBeforeSeconds: i == 2 ? 0 : 2, CrossfadeSeconds: 0, FadeCurve.EqualPower, FadeInSeconds: 0, FadeOutSeconds: i == 0 ? 1 : 0,
                FadeCurve.Exponential, TrimStartSeconds: 0, TrimEndSeconds: 0, GainDb: i == 1 ? -2 : 0, Isrc: i == 0 ? "GBABC2400001" : null));
        }
        var assembly = new AlbumAssembly
        {
            ProjectId = projectId, Number = 1, RequestedById = engineer,
            SequenceJson = new AlbumSequence(sequenceTracks, ForCd: true, "The EP", "The Band", "0012345678905").ToJson(),
        };
        await using (var db = Db())
        {
            db.AlbumAssemblies.Add(assembly);
            await db.SaveChangesAsync();
        }
        return (projectId, assembly, masters);
    }

    [SkippableFact]
    public async Task The_programme_its_CD_version_and_preview_are_stored_and_the_report_places_every_track()
    {
        var (projectId, assembly, _) = await SeedAsync(6, 5, 4.5);

        var jobId = await harness.Jobs().QueueAlbumAsync(assembly.Id);
        await harness.DrainAsync();

        await using var check = Db();
        var job = await check.PortalJobs.SingleAsync(j => j.Id == jobId);
        Assert.True(job.State == PortalJobState.Succeeded, job.FailureReason);
        var done = await check.AlbumAssemblies.SingleAsync(a => a.Id == assembly.Id);
        var files = await check.FileAssets.Where(f => f.ProjectId == projectId && f.TrackId == null).ToListAsync();

        var programme = files.Single(f => f.Id == done.ProgrammeFileId);
        Assert.Equal((FileAssetKind.AlbumProgramme, "wav", 48000, 24), (programme.Kind, programme.Format, programme.SampleRateHz!.Value, programme.BitDepth!.Value));
        Assert.Equal("The EP – album 1.wav", programme.OriginalName);
        var cd = files.Single(f => f.Id == done.CdFileId);
        Assert.Equal((FileAssetKind.AlbumCd, 44100, 16), (cd.Kind, cd.SampleRateHz!.Value, cd.BitDepth!.Value));
        Assert.Equal("mp3", files.Single(f => f.Id == done.PreviewFileId).Format);
        Assert.Single(files, f => f.Kind == FileAssetKind.AlbumPreview);

        var report = AlbumReport.FromJson(done.ReportJson)!;
        Assert.Equal(3, report.Tracks.Count);
        Assert.Equal(2.0, report.Tracks[0].StartSeconds, 6);            // the 2 s pregap
        Assert.Equal(report.Tracks[1].EndSeconds, report.Tracks[2].StartSeconds, 6); // the segue
        Assert.Equal(-2, report.Tracks[1].GainDb);
        Assert.Empty(report.RedBookProblems);
        Assert.Equal("GBABC2400001", report.Cd!.Tracks[0].Isrc);
        Assert.Equal("0012345678905", report.Cd.UpcEan);
        Assert.Equal(report.Cd.LengthFrames / 75.0, cd.DurationSeconds!.Value, 2);
        Assert.Equal(report.LengthSeconds, programme.DurationSeconds!.Value, 3);
        // Album time maps back to the track and its moment: a second into song 2.
        var at = report.TrackAt(report.Tracks[1].StartSeconds + 1)!.Value;
        Assert.Equal((report.Tracks[1].TrackId, 1.0), (at.Track.TrackId, Math.Round(at.Seconds, 6)));

        // The stored programme is what the report says: its length in frames.
        using var source = AudioFile.OpenRead(harness.Store.LocalPath(programme.StorageKey), harness.Tools);
        Assert.Equal((long)Math.Round(report.LengthSeconds * 48000), source.LengthFrames);
    }

    [SkippableFact]
    public async Task A_master_replaced_after_the_assembly_was_asked_for_is_refused_and_nothing_is_stored()
    {
        var (_, assembly, masters) = await SeedAsync(5, 5);
        await using (var db = Db())
        {
            var master = await db.FileAssets.SingleAsync(f => f.Id == masters[1].Id);
            master.Sha256 = new string('0', 64); // another file under the same row: what a replaced upload looks like to the job
            await db.SaveChangesAsync();
        }
        var before = harness.StoredKeys();

        var jobId = await harness.Jobs().QueueAlbumAsync(assembly.Id);
        await harness.DrainAsync();

        await using var check = Db();
        var job = await check.PortalJobs.SingleAsync(j => j.Id == jobId);
        Assert.Equal(PortalJobState.Failed, job.State);
        Assert.Contains("Track 2 (\"Song 2\"): the master of revision 1 is no longer the file", job.FailureReason);
        Assert.Null((await check.AlbumAssemblies.SingleAsync(a => a.Id == assembly.Id)).ProgrammeFileId);
        Assert.Equal(before, harness.StoredKeys());
    }
}
