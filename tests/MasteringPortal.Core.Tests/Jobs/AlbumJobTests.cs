using MasteringPortal.Audio.Album;
using MasteringPortal.Audio.Metering;
using MasteringPortal.Audio.IO;
using MasteringPortal.Audio.Render;
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

    [SkippableFact]
    public async Task Vinyl_sides_are_cut_from_pre_masters_made_again_without_the_limiter_and_a_desk_master_goes_as_it_is()
    {
        // Two tracks rendered from their mixes through the limiter to -9 LUFS; the third a master from the engineer's desk.
        Guid projectId;
        string engineer;
        var trackIds = new List<Guid>();
        await using (var db = Db())
        {
            var seed = await StudioSeed.CreateAsync(db);
            (projectId, engineer) = (seed.ProjectA.Id, seed.Engineer.UserId);
            trackIds.Add((await db.Tracks.SingleAsync(t => t.ProjectId == projectId)).Id);
            for (var i = 2; i <= 3; i++)
            {
                var track = new Track { ProjectId = projectId, Title = $"Song {i}", Position = i };
                db.Tracks.Add(track);
                trackIds.Add(track.Id);
            }
            await db.SaveChangesAsync();
        }
        var loud = new RenderSettings { Loudness = new LoudnessTarget { CustomLufs = -9 } }.ToJson();
        var sequenceTracks = new List<AlbumSequenceTrack>();
        var masterPaths = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            Revision revision;
            FileAsset master;
            if (i < 2)
            {
                var mix = await harness.AddMixAsync(trackIds[i], JobSignals.Music(harness.WavPath($"mix-{i}.wav"), 5 + i));
                revision = await harness.AddRevisionAsync(trackIds[i], loud, mix.Id);
                await harness.Jobs().QueueRenderAsync(revision.Id);
                await harness.DrainAsync();
                await using var db = Db();
                master = await db.FileAssets.SingleAsync(f => f.RevisionId == revision.Id && f.Kind == FileAssetKind.Master && f.Format == "wav");
            }
            else
            {
                (revision, master) = await harness.AddUploadedMasterAsync(trackIds[i],
                    JobSignals.Master(harness.WavPath("desk.wav"), 4, peakDbfs: -0.5, rateHz: 44100), engineer);
            }
            masterPaths.Add(harness.Store.LocalPath(master.StorageKey));
            sequenceTracks.Add(new AlbumSequenceTrack(trackIds[i], $"Song {i + 1}", revision.Id, revision.Number, master.Id, master.Sha256,
                PauseBeforeSeconds: 2, CrossfadeSeconds: 0, FadeCurve.EqualPower, FadeInSeconds: 0, FadeOutSeconds: 0, FadeCurve.Exponential,
                TrimStartSeconds: 0, TrimEndSeconds: 0, GainDb: 0));
        }
        var assembly = new AlbumAssembly
        {
            ProjectId = projectId, Number = 1, RequestedById = engineer,
            SequenceJson = new AlbumSequence(sequenceTracks, ForCd: false, "The EP", "The Band", null,
                Vinyl: new AlbumVinylRequest(VinylFormat.Ep12At45, SideABreakAfter: 2, MonoBassBelowHz: 300)).ToJson(),
        };
        await using (var db = Db())
        {
            db.AlbumAssemblies.Add(assembly);
            await db.SaveChangesAsync();
        }

        var jobId = await harness.Jobs().QueueAlbumAsync(assembly.Id);
        await harness.DrainAsync();

        await using var check = Db();
        var job = await check.PortalJobs.SingleAsync(j => j.Id == jobId);
        Assert.True(job.State == PortalJobState.Succeeded, job.FailureReason);
        var vinyl = AlbumReport.FromJson((await check.AlbumAssemblies.SingleAsync(a => a.Id == assembly.Id)).ReportJson)!.Vinyl!;
        Assert.Null(vinyl.Failure);
        Assert.Equal(2, vinyl.PreMastered);
        Assert.Equal(new[] { "A: 1,2", "B: 3" }, vinyl.Sides.Select(s => $"{s.Label}: {string.Join(",", s.TrackNumbers)}"));
        Assert.Contains(vinyl.Notes, n => n.Contains("Track 3 (\"Song 3\"): revision 1 was uploaded from your desk", StringComparison.Ordinal));

        var sides = await check.FileAssets.Where(f => f.ProjectId == projectId && f.Kind == FileAssetKind.VinylSide).OrderBy(f => f.OriginalName).ToListAsync();
        Assert.Equal(vinyl.Sides.Select(s => s.FileId!.Value), sides.Select(f => f.Id));
        Assert.Equal("The EP – album 1 (vinyl side A).wav", sides[0].OriginalName);
        Assert.Equal((24, 44100), (sides[0].BitDepth!.Value, sides[0].SampleRateHz!.Value));

        // Side A: songs 1 and 2 with the 2 s pause between them, from pre-masters with no limiter: quieter than the
        // limited masters, peaks under -3 dBFS, no louder than -12 LUFS.
        var sideA = Read(harness.Store.LocalPath(sides[0].StorageKey));
        var masters = masterPaths.Take(2).Select(Read).ToList();
        Assert.Equal(masters[0].Frames + 2 * 44100 + masters[1].Frames, sideA.Frames);
        Assert.True(vinyl.Sides[0].SamplePeakDbfs <= -3.0 + 0.05, $"side A peaks at {vinyl.Sides[0].SamplePeakDbfs} dBFS");
        Assert.True(vinyl.Sides[0].IntegratedLufs <= -12 + 0.1, $"side A measures {vinyl.Sides[0].IntegratedLufs} LUFS");
        var masterLufs = Loudness(masters[0].Samples);
        Assert.True(masterLufs > -9.5, $"the limited master measures {masterLufs} LUFS");
        Assert.True(Loudness(sideA.Samples[..(masters[0].Frames * 2)]) < masterLufs - 2);

        // The bass in mono below 300 Hz: the mix's 110 Hz has a phase offset between the channels (side content); on the
        // side it is at least 20 dB further under the mid than on the master.
        Assert.True(SideToMidDb(masters[0].Samples, 110) - SideToMidDb(sideA.Samples[..(masters[0].Frames * 2)], 110) >= 20);

        // Side B: the desk master as it is (no pre-master to make), alone on its side.
        var sideB = Read(harness.Store.LocalPath(sides[1].StorageKey));
        Assert.Equal(Read(masterPaths[2]).Frames, sideB.Frames);
        Assert.Contains(vinyl.Sides[1].Notes, n => n.Contains("peaks at", StringComparison.Ordinal)); // -0.5 dBFS: over the -3 dBFS of a pre-master
    }

    (float[] Samples, int Frames) Read(string path)
    {
        using var file = AudioFile.OpenRead(path, harness.Tools);
        var frames = (int)file.LengthFrames!.Value;
        var samples = new float[frames * 2];
        var read = 0;
        while (read < samples.Length)
        {
            var n = file.Read(samples.AsSpan(read));
            if (n == 0) break;
            read += n * 2;
        }
        return (samples, frames);
    }

    static double Loudness(float[] interleaved)
    {
        var meter = new LoudnessMeter(44100, 2, new LoudnessMeterOptions(TruePeak: false, Series: false));
        meter.AddFrames(interleaved);
        return meter.IntegratedLufs ?? double.NegativeInfinity;
    }

    /// <summary>The side (L−R) over the mid (L+R) at one frequency, dB (a single-bin DFT over the whole signal).</summary>
    static double SideToMidDb(float[] interleaved, double hz)
    {
        double mr = 0, mi = 0, sr = 0, si = 0;
        for (var i = 0; i < interleaved.Length / 2; i++)
        {
            var (l, r) = (interleaved[2 * i], interleaved[2 * i + 1]);
            var phase = 2 * Math.PI * hz * i / 44100;
            var (c, s) = (Math.Cos(phase), Math.Sin(phase));
            mr += (l + r) * c; mi += (l + r) * s;
            sr += (l - r) * c; si += (l - r) * s;
        }
        return 10 * Math.Log10((sr * sr + si * si) / (mr * mr + mi * mi));
    }
}
