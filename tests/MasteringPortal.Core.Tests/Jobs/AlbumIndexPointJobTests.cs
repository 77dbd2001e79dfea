using MasteringPortal.Audio.Album;
using MasteringPortal.Audio.Release;
using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Jobs;
using MasteringPortal.Core.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace MasteringPortal.Core.Tests.Jobs;

public sealed class SqliteAlbumIndexPointJobTests(SqliteTestDatabase db) : AlbumIndexPointJobTests<SqliteTestDatabase>(db);

/// <summary>
/// Index points frozen with an album assembly (issue 20 §1): the job hands them to the timeline, so a CD layout's table of
/// contents, its CUE sheet and its DDP image (read back by the job) carry index 02 at the CD frame the engineer's time
/// falls on, counted from the track's start after its trim.
/// </summary>
public abstract class AlbumIndexPointJobTests<TDatabase>(TDatabase database) : DatabaseTests<TDatabase>(database), IDisposable
    where TDatabase : TestDatabase
{
    readonly JobHarness harness = new(database);

    public void Dispose() => harness.Dispose();

    [SkippableFact]
    public async Task An_index_point_lands_at_its_CD_frame_in_the_table_of_contents_and_the_CUE_sheet()
    {
        Guid projectId;
        string engineer;
        var trackIds = new List<Guid>();
        await using (var db = Db())
        {
            var seed = await StudioSeed.CreateAsync(db);
            projectId = seed.ProjectA.Id;
            engineer = seed.Engineer.UserId;
            trackIds.Add((await db.Tracks.SingleAsync(t => t.ProjectId == projectId)).Id);
            var second = new Track { ProjectId = projectId, Title = "Suite", Position = 2 };
            db.Tracks.Add(second);
            trackIds.Add(second.Id);
            await db.SaveChangesAsync();
        }
        var sequenceTracks = new List<AlbumSequenceTrack>();
        foreach (var (seconds, i) in new[] { 5.0, 8.0 }.Select((s, i) => (s, i)))
        {
            var path = JobSignals.Master(harness.WavPath($"master-{i + 1}.wav"), seconds, peakDbfs: -1.5, rateHz: 48000);
            var (revision, master) = await harness.AddUploadedMasterAsync(trackIds[i], path, engineer);
            // Track 2 ("Suite") starts 0.5 s into its master (trimmed) with index 02 at 2.4 s and 03 at 5 s after that start:
            // 180 and 375 CD frames after its index 01.
            sequenceTracks.Add(new AlbumSequenceTrack(trackIds[i], i == 0 ? "Opening" : "Suite", revision.Id, revision.Number, master.Id, master.Sha256,
                PauseBeforeSeconds: 2, CrossfadeSeconds: 0, FadeCurve.EqualPower, FadeInSeconds: 0, FadeOutSeconds: 0, FadeCurve.Exponential,
                TrimStartSeconds: i == 1 ? 0.5 : 0, TrimEndSeconds: 0, GainDb: 0, IndexSeconds: i == 1 ? [2.4, 5] : null));
        }
        var assembly = new AlbumAssembly
        {
            ProjectId = projectId, Number = 1, RequestedById = engineer,
            SequenceJson = new AlbumSequence(sequenceTracks, ForCd: true, "The Suite", "The Band", null).ToJson(),
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
        var report = AlbumReport.FromJson((await check.AlbumAssemblies.SingleAsync(a => a.Id == assembly.Id)).ReportJson)!;
        Assert.Empty(report.RedBookProblems);
        var cd = report.Cd!;
        Assert.Empty(cd.Tracks[0].ExtraIndexes);
        var suite = cd.Tracks[1];
        // Track 1: 2 s pregap + 5 s; track 2 after a 2 s pause: index 01 at 9 s = 675 frames.
        Assert.Equal(9 * 75, suite.Index1Frame);
        Assert.Equal(new[] { suite.Index1Frame + 180, suite.Index1Frame + 375 }, suite.ExtraIndexes);
        var cue = report.CdFiles!.CueSheet;
        Assert.Contains($"INDEX 01 {CdTime.Msf(suite.Index1Frame)}", cue);
        Assert.Contains("    INDEX 02 00:11:30", cue); // 675 + 180 = 855 frames = 11 s 30 frames
        Assert.Contains("    INDEX 03 00:14:00", cue); // 675 + 375 = 1050 frames = 14 s
        // The DDP image the job wrote and read back carries them too: its PQ descriptor has track 2's indexes 00 to 03.
        var pq = report.CdFiles.Ddp.Single(f => f.Name == "PQDESCR").Bytes;
        Assert.Equal(new[] { (0, "00:07:00"), (1, "00:09:00"), (2, "00:11:30"), (3, "00:14:00") }, PqEntries(pq).Where(e => e.Track == 2).Select(e => (e.Index, e.Msf)));
    }

    /// <summary>
    /// The PQ descriptor's entries: 64-byte ASCII records, "VVVS", then the track (2 digits), the index (2), hours, minutes,
    /// seconds and frames (2 each) (DDP 2.00 PQ description; our own <c>DdpFormat</c> names the fields).
    /// </summary>
    static IEnumerable<(int Track, int Index, string Msf)> PqEntries(byte[] pq)
    {
        for (var at = 0; at + 64 <= pq.Length; at += 64)
        {
            var record = System.Text.Encoding.ASCII.GetString(pq, at, 64);
            if (int.TryParse(record.AsSpan(4, 2), out var track) && int.TryParse(record.AsSpan(6, 2), out var index))
                yield return (track, index, $"{record.Substring(10, 2)}:{record.Substring(12, 2)}:{record.Substring(14, 2)}");
        }
    }
}
